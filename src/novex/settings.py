"""Settings from the environment, read in one place: :func:`get_settings`.

========================  =====================================================
Variable                  Meaning (default)
========================  =====================================================
``NOVEX_HOME``            Folder for the demo workspace and outputs
                          (``$XDG_CACHE_HOME/novex``, else ``~/.cache/novex``)
``NOVEX_WORKSPACE``       Default workspace folder of ``novex puzzle`` and
                          ``novex layers`` (the current folder)
``NOVEX_DB``              Database URL of the dossier
                          (``sqlite:///$NOVEX_HOME/dossier.sqlite``)
``NOVEX_WEB_HOST``        Address the web app listens on (``127.0.0.1``)
``NOVEX_WEB_PORT``        Port of the web app (``8000``)
``NOVEX_WORKERS``         Worker processes that solve a run's provinces at the
                          same time (the number of cores; 1 = one after another)
``NOVEX_MEMORY_MB``       Memory in MiB the provinces solved at the same time may
                          take together (half the physical memory, at most 5120)
========================  =====================================================

The engine's own switch ``NOVEX_PUZZLE_BACKEND`` is not a setting of the system;
the engine reads it itself.

Examples
--------
>>> s = get_settings({"NOVEX_HOME": "/data/novex", "NOVEX_WEB_PORT": "8080"})
>>> s.home.as_posix(), s.web_port, s.db
('/data/novex', 8080, 'sqlite:////data/novex/dossier.sqlite')
>>> get_settings({"NOVEX_WORKERS": "2"}).workers
2
>>> get_settings({"NOVEX_WEB_PORT": "eighty"})  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
novex.errors.SettingsError: Invalid NOVEX_WEB_PORT='eighty': ... Set it to a port number from 1 to 65535, or unset it for 8000.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from novex.errors import SettingsError

__all__ = [
    "ENV_PREFIX",
    "Settings",
    "default_home",
    "default_memory_mb",
    "default_workers",
    "get_settings",
]

ENV_PREFIX = "NOVEX_"

_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)

_HINTS = {
    "home": "a folder path",
    "workspace": "a workspace folder",
    "db": "a database URL such as 'sqlite:////path/dossier.sqlite' or "
    "'postgresql+psycopg://user@host/novex'",
    "web_host": "a host name or IP address, such as 127.0.0.1",
    "web_port": "a port number from 1 to 65535",
    "workers": "a whole number of processes, 1 or more",
    "memory_mb": "a number of MiB, 256 or more",
}


def default_workers() -> int:
    """The number of cores this process may use (the default of ``NOVEX_WORKERS``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def default_memory_mb() -> int:
    """Half the physical memory in MiB, at most 5120 (the default of ``NOVEX_MEMORY_MB``)."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    except (AttributeError, ValueError, OSError):  # pragma: no cover - not POSIX
        return 5120
    return int(max(256, min(5120, total // 2)))


def default_home(environ: Mapping[str, str] | None = None) -> Path:
    """The home folder when ``NOVEX_HOME`` is unset: the user's cache folder + ``novex``."""
    env = os.environ if environ is None else environ
    cache = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "novex"


class Settings(BaseSettings):
    """novex's settings, typed and checked (see the module docs for the variables).

    Build it through :func:`get_settings`, which turns a bad value into a
    :class:`~novex.errors.SettingsError` naming the variable.
    """

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, frozen=True, extra="ignore", str_strip_whitespace=True
    )

    home: Path = Field(default_factory=default_home)
    workspace: Path = Path(".")
    db: str = ""
    web_host: Annotated[str, Field(min_length=1)] = "127.0.0.1"
    web_port: Annotated[int, Field(ge=1, le=65535)] = 8000
    workers: Annotated[int, Field(ge=1)] = Field(default_factory=default_workers)
    memory_mb: Annotated[int, Field(ge=256)] = Field(default_factory=default_memory_mb)

    @field_validator("db")
    @classmethod
    def _check_db(cls, value: str) -> str:
        value = value.strip()
        if value and not _URL.match(value):
            raise ValueError("not a database URL (it needs a scheme, 'sqlite:///...')")
        return value

    @model_validator(mode="after")
    def _default_db(self) -> Settings:
        if not self.db:
            url = f"sqlite:///{(self.home / 'dossier.sqlite').as_posix()}"
            object.__setattr__(self, "db", url)
        return self


def get_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings from ``environ`` (default: the process environment), read now.

    Not cached: a changed environment (a test, a second command) is seen at once.

    Raises
    ------
    SettingsError
        When a variable has a value that cannot be used; the message names the
        variable and its value and says what is expected.
    """
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for name in Settings.model_fields:
        key = ENV_PREFIX + name.upper()
        if key in env and env[key] != "":
            values[name] = env[key]
    if "home" not in values:
        values["home"] = default_home(env)
    try:
        # init values only: ``environ`` is the one source, so tests can pass their own
        return Settings.model_validate(values)
    except ValidationError as err:
        first = err.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "?"
        var = ENV_PREFIX + name.upper()
        default = Settings.model_fields[name].default if name in Settings.model_fields else None
        if name == "workers":
            default = "the number of cores"
        elif name == "memory_mb":
            default = "half the physical memory"
        unset = f", or unset it for {default}" if default not in (None, "", Path(".")) else ""
        msg = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(
            f"Invalid {var}={env.get(var)!r}: {msg}. Set it to {_HINTS.get(name, 'a valid value')}"
            f"{unset}."
        ) from err
