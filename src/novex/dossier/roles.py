"""Who may read and write what: the four roles and password hashing.

Roles
-----
``rijk``
    the ministry: reads and writes everything.
``provincie:CODE``
    a province (``provincie:NL-UT``): reads and writes its own province's records and the
    records of NOVEX-gebieden that lie in it; reads published records.
``gebiedsteam:AREA``
    a NOVEX area team (``gebiedsteam:NX05``): reads and writes its own area's records;
    reads published records.
``publiek``
    the public: reads published records, submits zienswijzen.

Only an argon2id hash of a password is stored (argon2-cffi).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from novex.dossier import regions
from novex.errors import DossierInputError, PermissionDeniedError

__all__ = ["ROLE_KINDS", "Actor", "Scope", "hash_password", "parse_role", "verify_password"]

RoleKind = Literal["rijk", "provincie", "gebiedsteam", "publiek"]
ROLE_KINDS: tuple[str, ...] = ("rijk", "provincie", "gebiedsteam", "publiek")


def parse_role(role: str) -> tuple[RoleKind, str | None]:
    """Split and check a role string.

    Examples
    --------
    >>> parse_role("provincie:NL-UT")
    ('provincie', 'NL-UT')
    >>> parse_role("rijk")
    ('rijk', None)
    """
    kind, _, scope = role.partition(":")
    if kind in ("rijk", "publiek") and not scope:
        return kind, None  # type: ignore[return-value]
    if kind == "provincie" and scope:
        regions.province(scope)
        return "provincie", scope
    if kind == "gebiedsteam" and scope:
        regions.area(scope)
        return "gebiedsteam", scope
    raise DossierInputError(
        f"Invalid role {role!r}; expected 'rijk', 'publiek', 'provincie:CODE' (e.g. "
        "'provincie:NL-UT') or 'gebiedsteam:AREA' (e.g. 'gebiedsteam:NX05')."
    )


@dataclass(frozen=True)
class Scope:
    """Whom a record belongs to: the provinces and the area it concerns (empty: national)."""

    provinces: frozenset[str] = frozenset()
    area: str | None = None

    @property
    def national(self) -> bool:
        """True for records of the Rijk (process, decisions, zienswijzen)."""
        return not self.provinces and self.area is None


@dataclass(frozen=True)
class Actor:
    """The user on whose behalf the dossier acts.

    Examples
    --------
    >>> Actor("anna", "provincie:NL-UT").may_write(Scope(frozenset({"NL-UT"})))
    True
    >>> Actor("piet", "publiek").may_read(Scope(frozenset({"NL-UT"})), published=False)
    False
    """

    name: str
    role: str

    def __post_init__(self) -> None:
        parse_role(self.role)

    @property
    def kind(self) -> RoleKind:
        """``rijk``, ``provincie``, ``gebiedsteam`` or ``publiek``."""
        return parse_role(self.role)[0]

    @property
    def scope(self) -> str | None:
        """The province or area code of the role (``None`` for rijk and publiek)."""
        return parse_role(self.role)[1]

    def _owns(self, scope: Scope) -> bool:
        kind, code = parse_role(self.role)
        if kind == "rijk":
            return True
        if kind == "provincie":
            return code in scope.provinces
        if kind == "gebiedsteam":
            return scope.area is not None and scope.area == code
        return False

    def may_read(self, scope: Scope, *, published: bool) -> bool:
        """Whether this user may see a record with ``scope`` and ``published`` flag."""
        return published or self._owns(scope)

    def may_write(self, scope: Scope) -> bool:
        """Whether this user may change a record with ``scope``."""
        if scope.national:
            return self.kind == "rijk"
        return self._owns(scope)

    def require_write(self, scope: Scope, what: str) -> None:
        """Raise :class:`PermissionDeniedError` unless :meth:`may_write`."""
        if not self.may_write(scope):
            raise PermissionDeniedError(
                f"User {self.name!r} ({self.role}) may not change {what}; "
                f"it belongs to {_describe(scope)}."
            )

    def require_read(self, scope: Scope, *, published: bool, what: str) -> None:
        """Raise :class:`PermissionDeniedError` unless :meth:`may_read`."""
        if not self.may_read(scope, published=published):
            raise PermissionDeniedError(
                f"User {self.name!r} ({self.role}) may not read {what}: it is not published "
                f"and belongs to {_describe(scope)}."
            )


def _describe(scope: Scope) -> str:
    if scope.national:
        return "the Rijk"
    if scope.area:
        return f"NOVEX-gebied {scope.area!r}"
    return "province " + ", ".join(repr(p) for p in sorted(scope.provinces))


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (never store the password itself)."""
    from argon2 import PasswordHasher

    if len(password) < 8:
        raise DossierInputError(
            f"A password needs at least 8 characters, got {len(password)}; choose a longer one."
        )
    return PasswordHasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash``."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return PasswordHasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False
