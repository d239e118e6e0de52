"""Open data: the served run's and stapelkaart's files, the outlines and the reports.

Every file the server offers is in one :class:`Catalogue`, named ``group/file``:

| group | files |
|---|---|
| ``puzzel`` | the run's GeoTIFF (``allocation.tif``), tables (CSV and JSON), manifest |
| ``stapelkaart`` | the stapelkaart's rasters, tables and manifest |
| ``gebieden`` | the outlines as GeoPackages in RD New: provinces, NOVEX-gebieden, woningbouwgebieden |
| ``rapporten`` | the PDF reports (``novex report``, ``novex demo``) |
| ``licentie`` | ``LICENTIE.txt``: the licence and sources of all of the above |

A request names a file by its catalogue name only; a name that is not in the catalogue is
404, so no path a client writes ever reaches the file system (no traversal). Files are
listed from the folders the server was started with, and a file that resolves outside
its folder (a symbolic link) is left out.

Every entry carries its size, SHA-256, licence and provenance (source, date, status);
the status is ``synthetisch`` for the demo's generated data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from novex.web.atlas import Atlas, AtlasError
from novex.web.config import WebConfig
from novex.web.outlines import KINDS, Outlines

__all__ = ["LICENCE", "Catalogue", "Download", "DownloadNotFoundError"]

log = logging.getLogger(__name__)

LICENCE = "CC-BY-4.0"
"""The licence of novex's outputs (SPDX id)."""

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.nl"

_MEDIA = {
    ".tif": "image/tiff; application=geotiff",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".qml": "application/xml",
    ".gpkg": "application/geopackage+sqlite3",
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
}
_DATA_SUFFIXES = (".tif", ".csv", ".json", ".qml")


class DownloadNotFoundError(AtlasError):
    """A file name that is not in the catalogue (HTTP 404)."""


@dataclass(frozen=True)
class Download:
    """One file offered for download."""

    name: str
    group: str
    path: Path
    licence: str
    source: str
    status: str
    synthetic: bool

    @property
    def media_type(self) -> str:
        """The file's media type."""
        return _MEDIA.get(self.path.suffix, "application/octet-stream")

    @property
    def url(self) -> str:
        """Where the server offers it."""
        return f"/download/{self.name}"


class Catalogue:
    """The files an app offers, with licence and provenance.

    Parameters
    ----------
    config : WebConfig
    atlas : Atlas
        The opened run and stapelkaart.
    outlines : Outlines
        The workspace's outlines (GeoPackages are written on first request into a
        folder of the app's own, removed at shutdown).
    """

    def __init__(self, config: WebConfig, atlas: Atlas, outlines: Outlines) -> None:
        self.config = config
        self.atlas = atlas
        self.outlines = outlines
        self.synthetic = atlas.synthetic
        self._lock = threading.Lock()
        self._hashes: dict[tuple[Path, int, int], str] = {}
        self._made: Path | None = None
        self._closed = False
        self._entries = self._list()

    # -- the list ------------------------------------------------------------------------
    def _list(self) -> dict[str, Download]:
        out: dict[str, Download] = {}
        status = "synthetisch" if self.synthetic else "berekend"
        run, stack = self.atlas.run, self.atlas.stack
        if run is not None:
            src = (
                f"novex puzzle run {run.manifest.spec_name!r} (novex {run.manifest.novex_version})"
            )
            for p in _files(run.path, _DATA_SUFFIXES):
                out[f"puzzel/{p.name}"] = Download(
                    f"puzzel/{p.name}", "puzzel", p, LICENCE, src,
                    "synthetisch" if run.manifest.synthetic else "berekend",
                    run.manifest.synthetic,
                )  # fmt: skip
        if stack is not None:
            src = f"novex stapelkaart (novex {stack.manifest.novex_version})"
            for p in _files(stack.path, _DATA_SUFFIXES):
                out[f"stapelkaart/{p.name}"] = Download(
                    f"stapelkaart/{p.name}", "stapelkaart", p, LICENCE, src,
                    "synthetisch" if stack.manifest.synthetic else "berekend",
                    stack.manifest.synthetic,
                )  # fmt: skip
        for kind in self.outlines.kinds():
            stem = KINDS[kind][1]
            gdf_path = self.outlines.table_path(kind)
            source = (
                f"workspace table tables/{gdf_path.name}" if gdf_path is not None
                else f"novex: vectorised from the workspace's {stem} raster"
            )  # fmt: skip
            out[f"gebieden/{stem}.gpkg"] = Download(
                f"gebieden/{stem}.gpkg", "gebieden", gdf_path or Path(f"{stem}.gpkg"), LICENCE,
                source, status, self.synthetic,
            )  # fmt: skip
        if self.config.reports is not None and Path(self.config.reports).is_dir():
            for p in _files(Path(self.config.reports), (".pdf",)):
                out[f"rapporten/{p.name}"] = Download(
                    f"rapporten/{p.name}", "rapporten", p, LICENCE, "novex report",
                    status, self.synthetic,
                )  # fmt: skip
        out["licentie/LICENTIE.txt"] = Download(
            "licentie/LICENTIE.txt", "licentie", Path("LICENTIE.txt"), LICENCE,
            "novex", status, self.synthetic,
        )  # fmt: skip
        return out

    def names(self) -> list[str]:
        """Every file name offered."""
        return list(self._entries)

    def get(self, name: str) -> tuple[Download, Path]:
        """The entry ``name`` and the path of its file (made now if it is a made file)."""
        entry = self._entries.get(name)
        if entry is None:
            raise DownloadNotFoundError(
                f"No file {name!r} to download; GET /api/downloads lists the files offered."
            )
        return entry, self._path(entry)

    def describe(self, lang: str = "nl") -> dict[str, Any]:
        """The list of ``/api/downloads``: licence and every file with size, SHA-256 and
        provenance."""
        from novex.text import gettext

        files = []
        for entry in self._entries.values():
            path = self._path(entry)
            stat = path.stat()
            files.append(
                {"name": entry.name, "group": entry.group, "url": entry.url,
                 "title": _title(entry, lang), "media_type": entry.media_type,
                 "size": stat.st_size, "sha256": self.sha256(path), "licence": entry.licence,
                 "provenance": {"source": entry.source, "status": entry.status,
                                "date": _date(path), "synthetic": entry.synthetic}}
            )  # fmt: skip
        if self.synthetic:
            note = gettext(
                "Open data under CC BY 4.0: cite novex as the source. The demo data are "
                "synthetic (generated, schematic): not for decisions.",
                lang,
            )
        else:
            note = gettext("Open data under CC BY 4.0: cite novex as the source.", lang)
        return {"licence": LICENCE, "licence_url": LICENCE_URL, "synthetic": self.synthetic,
                "note": note, "files": files}  # fmt: skip

    def sha256(self, path: Path) -> str:
        """The SHA-256 of ``path`` (kept per size and modification time)."""
        stat = path.stat()
        key = (path, stat.st_size, stat.st_mtime_ns)
        with self._lock:
            known = self._hashes.get(key)
        if known is not None:
            return known
        h = hashlib.sha256()
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        digest = h.hexdigest()
        with self._lock:
            self._hashes[key] = digest
        return digest

    # -- made files ----------------------------------------------------------------------
    def _path(self, entry: Download) -> Path:
        if entry.group == "licentie":
            return self._made_file("LICENTIE.txt", self._write_licence)
        if entry.group == "gebieden" and not entry.path.is_absolute():
            kind = next(k for k, v in KINDS.items() if f"{v[1]}.gpkg" == entry.path.name)
            return self._made_file(entry.path.name, lambda p: self.outlines.write_gpkg(kind, p))
        return entry.path

    def _made_file(self, name: str, write: Any) -> Path:
        with self._lock:
            if self._closed:
                raise DownloadNotFoundError(f"The server is shutting down; {name!r} is gone.")
            if self._made is None:
                self._made = Path(tempfile.mkdtemp(prefix="novex-web-"))
            path = self._made / name
            if not path.exists():
                write(path)
            return path

    def _write_licence(self, path: Path) -> None:
        from novex.grid.atomic import atomic_file

        with atomic_file(path) as tmp:
            tmp.write_text(licence_text(self), encoding="utf-8")

    def warm(self) -> None:
        """Make the files and hashes of the list now, so the first visitor need not wait
        (run in a background thread at start-up)."""
        from novex.errors import NovexError

        try:
            self.describe("nl")
        except (OSError, NovexError) as err:
            log.warning("open data not prepared at start-up: %s", err)

    def close(self) -> None:
        """Remove the files made for download."""
        with self._lock:
            self._closed = True
            if self._made is not None:
                shutil.rmtree(self._made, ignore_errors=True)
                self._made = None


def _files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The files of ``folder`` (not below it) with ``suffixes``, inside it after resolving."""
    root = folder.resolve()
    out = []
    for p in sorted(folder.iterdir()):
        if p.suffix in suffixes and p.is_file() and p.resolve().parent == root:
            out.append(p)
    return out


def _date(path: Path) -> str:
    """The date the file was written (its modification time, UTC)."""
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).date().isoformat()


_TITLES = {
    "puzzel": "Puzzle run",
    "stapelkaart": "Stapelkaart",
    "gebieden": "Outlines",
    "rapporten": "Report",
    "licentie": "Licence and sources",
}


def _title(entry: Download, lang: str) -> str:
    from novex.text import gettext

    return gettext(_TITLES[entry.group], lang)


def licence_text(cat: Catalogue) -> str:
    """The text of ``LICENTIE.txt``: the licence, the sources and the synthetic warning."""
    lines = [
        "novex open data / open data van novex",
        "",
        "Licentie / licence: Creative Commons Naamsvermelding 4.0 Internationaal (CC BY 4.0),",
        LICENCE_URL,
        'Naamsvermelding / attribution: "novex (open-source NOVI/NOVEX-planningsinstrument)".',
        "De software novex zelf valt onder de EUPL-1.2.",
        "",
    ]
    if cat.synthetic:
        lines += [
            "LET OP: SYNTHETISCHE GEGEVENS. De demogegevens zijn gegenereerd en schematisch",
            "(geen echte kaarten, geen officiele grenzen): niet geschikt om besluiten op te",
            "baseren. / NOTE: SYNTHETIC DATA, generated and schematic: not for decisions.",
            "",
        ]
    lines.append("Bestanden en herkomst / files and provenance:")
    for e in cat._entries.values():
        if e.group != "licentie":
            lines.append(f"- {e.name}: {e.source} [{e.status}]")
    ws = cat.atlas.workspace
    if ws is not None:
        import json

        meta = Path(ws) / "workspace.json"
        if meta.is_file():
            info = json.loads(meta.read_text(encoding="utf-8")).get("info", {})
            prov = info.get("provenance") or []
            if prov:
                lines += ["", "Bronnen van de werkruimte / sources of the workspace:"]
                for p in prov:
                    via = f", via {p['via']}" if p.get("via") else ""
                    lines.append(f"- {p.get('name')} ({p.get('licence')}{via}): {p.get('use', '')}")
    return "\n".join(lines) + "\n"
