"""Reports: startpakket, ruimtelijk arrangement, NOVEX-gebied and national overview.

HTML and PDF (PDF/UA-1, tagged, with language and title) made from a finished puzzle
run and stapelkaart (:mod:`novex.results`) and the dossier (:mod:`novex.dossier`);
nothing is solved again, so a number in a report is the number in the model.

- :mod:`~novex.reports.inputs`: :class:`ReportInputs` (run, stapelkaart, dossier, workspace);
- :mod:`~novex.reports.context`, :mod:`~novex.reports.regional`: what each report shows;
- :mod:`~novex.reports.maps`, :mod:`~novex.reports.charts`: matplotlib figures with legend,
  scale bar, north arrow, sources and the synthetic mark;
- :mod:`~novex.reports.render`: Jinja2 templates (``templates/``) and WeasyPrint;
- :mod:`~novex.reports.documents`: :func:`make_report`, the one call.
"""

from novex.reports.documents import (
    REPORT_KINDS,
    make_report,
    report_context,
    write_demo_reports,
)
from novex.reports.inputs import ReportInputs, demo_inputs
from novex.reports.render import FORMATS, PDF_VARIANT, render_html, write_report

__all__ = [
    "FORMATS",
    "PDF_VARIANT",
    "REPORT_KINDS",
    "ReportInputs",
    "demo_inputs",
    "make_report",
    "render_html",
    "report_context",
    "write_demo_reports",
    "write_report",
]
