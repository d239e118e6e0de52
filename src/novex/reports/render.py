"""Render a report context to HTML (Jinja2 with novex's gettext) and PDF (WeasyPrint, PDF/UA).

The templates and the stylesheet ship in this package (``templates/``); fonts come from
the system (DejaVu Sans), nothing from the network. The HTML is one self-contained file
(maps as ``data:`` URIs). The PDF is tagged (PDF/UA-1: structure tree, document language
from ``<html lang>``, title from ``<title>``). Files are written atomically: a failure
leaves no partial file.
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path
from typing import Any

from novex.errors import ReportError
from novex.text import (
    format_date,
    format_gap,
    format_hectares,
    format_money,
    format_number,
    format_percent,
    parse_lang,
    source_status_label,
    translations,
)

__all__ = [
    "FORMATS",
    "PDF_VARIANT",
    "environment",
    "quiet_weasyprint",
    "render_html",
    "write_report",
]

log = logging.getLogger(__name__)

FORMATS = ("html", "pdf")
"""The output formats."""

PDF_VARIANT = "pdf/ua-1"
"""WeasyPrint's PDF variant for every report: PDF/UA-1 (tagged, accessible)."""

_TEMPLATES = Path(__file__).parent / "templates"


def _ha(value: float | None, lang: str, decimals: int = 0) -> str:
    return "–" if value is None else format_hectares(value, lang, decimals)


@functools.lru_cache(maxsize=2)
def environment(lang: str) -> Any:
    """The Jinja2 environment of ``lang``: the package's templates, gettext, number filters."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        ha=lambda v, d=0: _ha(v, lang, d),
        num=lambda v, d=0: "–" if v is None else format_number(v, lang, d),
        pct=lambda v, d=0: "–" if v is None else format_percent(v, lang, d),
        gap=lambda v: format_gap(v, lang),
        money=lambda v: format_money(v, lang, decimals=0),
        date=lambda v: "–" if not v else format_date(v, lang),
        source_status=lambda v: "; ".join(
            source_status_label(s.strip(), lang) for s in str(v).split(";") if s.strip()
        ),
    )
    return env


def render_html(context: dict[str, Any]) -> str:
    """The report's HTML for ``context`` (its ``kind`` names the template, ``lang`` the language)."""
    lang = parse_lang(context["lang"]).value
    env = environment(lang)
    return str(env.get_template(f"{context['kind']}.html.j2").render(**context))


class _FontSubsetNotice(logging.Filter):
    """Drops WeasyPrint's "Using fontTools instead of HarfBuzz-Subset" warnings.

    WeasyPrint warns once per font of every PDF when the system has no HarfBuzz-Subset
    library (Debian ``libharfbuzz-subset0``) and it falls back to fontTools. The PDF is
    the same kind of file either way, so a planner making reports has nothing to do
    about it: the first such notice is logged once at DEBUG level by novex, and every
    other WeasyPrint record passes unchanged.
    """

    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith("Using fontTools instead of HarfBuzz-Subset"):
            return True
        if not self.seen:
            self.seen = True
            log.debug(
                "WeasyPrint subsets the fonts with fontTools: HarfBuzz-Subset is not installed "
                "(Debian: libharfbuzz-subset0); the PDFs are made all the same"
            )
        return False


@functools.lru_cache(maxsize=1)
def quiet_weasyprint() -> logging.Filter:
    """Install (once per process) the filter that keeps WeasyPrint's font-subsetting
    notices out of the user's terminal; returns it. Other WeasyPrint warnings still show.
    """
    notice = _FontSubsetNotice()
    logging.getLogger("weasyprint").addFilter(notice)
    return notice


def _pdf_bytes(html: str) -> bytes:
    import weasyprint

    quiet_weasyprint()

    css = weasyprint.CSS(filename=str(_TEMPLATES / "report.css"))
    doc = weasyprint.HTML(string=html, base_url=str(_TEMPLATES))
    pdf = doc.write_pdf(stylesheets=[css], pdf_variant=PDF_VARIANT, uncompressed_pdf=False)
    assert pdf is not None
    return bytes(pdf)


def write_report(context: dict[str, Any], out: str | os.PathLike[str], fmt: str = "pdf") -> Path:
    """Render ``context`` and write it to ``out`` as ``fmt`` (``html`` or ``pdf``), atomically.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ReportError
        For another format, or an output folder that does not exist.
    """
    from novex.grid import atomic_file

    if fmt not in FORMATS:
        raise ReportError(f"Unknown report format {fmt!r}; choose one of {list(FORMATS)}.")
    path = Path(out)
    if not path.parent.is_dir():
        raise ReportError(
            f"The folder of the report {str(path)!r} does not exist; create it first or choose "
            "another --out."
        )
    html = render_html(context)
    data = html.encode("utf-8") if fmt == "html" else _pdf_bytes(html)
    with atomic_file(path) as tmp:
        Path(tmp).write_bytes(data)
    log.info("report %s written (%d bytes)", path, len(data))
    return path
