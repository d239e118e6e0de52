"""The four reports on a small run and dossier: what a reader relies on is there and right."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
import tinyhtml5

from novex.errors import ReportError
from novex.reports import make_report
from novex.results import open_run
from novex.text import format_hectares, format_money, format_number

NS = "{http://www.w3.org/1999/xhtml}"


def _text(el: Any) -> str:
    return " ".join("".join(el.itertext()).split())


def _table(html: str, caption: str) -> list[list[str]]:
    """The body rows of the table with ``caption``, each as its cells' text."""
    doc = tinyhtml5.parse(html)
    for table in doc.iter(f"{NS}table"):
        cap = table.find(f"{NS}caption")
        if cap is not None and _text(cap) == caption:
            body = table.find(f"{NS}tbody")
            assert body is not None
            return [[_text(c) for c in tr] for tr in body.iter(f"{NS}tr")]
    raise AssertionError(f"no table {caption!r}")


def _render(kind: str, inputs: Any, tmp_path: Path, key: str | None = None, **kw: Any) -> str:
    out = make_report(kind, inputs, tmp_path / f"{kind}.html", fmt="html", key=key, **kw)
    return out.read_text(encoding="utf-8")


def _accessible(html: str, lang: str) -> None:
    """lang on <html>, a title, alt on every image, scope on every th, no skipped heading level."""
    doc = tinyhtml5.parse(html)
    assert doc.get("lang") == lang
    title = doc.find(f"{NS}head/{NS}title")
    assert title is not None and _text(title)
    images = list(doc.iter(f"{NS}img"))
    assert images
    assert all(len(img.get("alt", "")) > 20 for img in images)
    body = doc.find(f"{NS}body")
    assert body is not None
    for table in doc.iter(f"{NS}table"):
        for th in table.iter(f"{NS}th"):
            assert th.get("scope") in ("col", "row"), _text(th)
    levels = [
        int(el.tag[-1]) for el in doc.iter() if re.fullmatch(rf"{re.escape(NS)}h[1-6]", el.tag)
    ]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_arrangement_has_every_claim_with_the_run_numbers(inputs, tmp_path) -> None:
    html = _render("arrangement", inputs, tmp_path, "Utrecht")
    run = open_run(inputs.run)
    rows = _table(html, "Claims per functie: vraag, toegewezen, tekort en prijs")
    claims = run.claims("NL-UT")
    assert len(rows) == len(claims) == 2
    for row, c in zip(rows, claims, strict=True):
        assert row == [
            {"wonen": "Wonen", "natuur": "Natuur"}[c.function],
            format_hectares(c.demand_min, "nl"),
            format_hectares(c.demand_max, "nl"),
            format_hectares(c.allocated, "nl"),
            format_hectares(c.above_min_ha, "nl"),
            format_hectares(c.shortfall, "nl"),
            format_number(c.price, "nl", 2),
        ]
    wonen = run.claims("NL-UT", "wonen")[0]
    assert (
        f"Elke extra hectare wonen kost hier {format_number(wonen.price, 'nl', 2)} aan "
        "geschiktheid elders." in html
    )
    sources = _table(html, "Waar de hectares van elke claim vandaan komen, en hoe zeker ze zijn")
    assert [r[1] for r in sources] == ["synthetic sample", "synthetic sample"]
    p = run.province("NL-UT")
    assert format_number(p.dual_bound, "nl", 1) in html
    assert "Optimaliteitsmarge" in html
    assert "synthetisch / synthetic" in html
    for key, f in run.manifest.layers.items():  # the annex: every input with its hash
        assert f.sha256 and f.sha256 in html, key
    assert run.manifest.sha256 in html
    _accessible(html, "nl")


def test_arrangement_shows_the_dossier_version_signatories_and_changes(inputs, tmp_path) -> None:
    html = _render("arrangement", inputs, tmp_path, "NL-UT")
    assert "concept, versie 2 van 2" in html
    assert "J. Jansen" in html and "Provincie Utrecht" in html
    changes = re.search(r"Wijzigingen sinds de vorige versie</h3>(.*?)</table>", html, re.S)
    assert changes is not None
    text = re.sub(r"<[^>]+>", " ", changes.group(1))
    assert "Wonen" in text and "25 ha" in text and "30 ha" in text and "5 ha" in text
    # homes per tier: the tier's hectares of wonen at the startpakket's homes per hectare
    from novex.dossier import SYSTEM

    d = inputs.dossier
    (sp,) = d.records(SYSTEM, "startpakket", province="NL-UT")
    (claim,) = d.records(SYSTEM, "claim", startpakket_id=sp["id"], function="wonen")
    density = claim["value"] / claim["hectares"]
    tiers = _table(html, "Hectares van elke stedelijke functie per trede van de voorkeursvolgorde")
    run = open_run(inputs.run)
    for row, t in zip(tiers, run.tiers("NL-UT"), strict=True):
        want = format_number(t.function_ha * density, "nl") if t.function == "wonen" else "–"
        assert row[2] == format_hectares(t.function_ha, "nl") and row[4] == want
    assert f"maal {format_number(density, 'nl', 1)} woningen per hectare" in html
    first = _render("arrangement", inputs, tmp_path, "NL-UT", version=1)
    assert "concept, versie 1 van 2" in first
    assert "Dit is de eerste versie." in first
    assert "Nog geen ondertekenaars." in first


def test_arrangement_in_english(inputs, tmp_path) -> None:
    html = _render("arrangement", inputs, tmp_path, "UT", lang="en")
    for heading in ("Claims and what they get", "What does not fit", "Certificate", "Colophon"):
        assert f">{heading}</h2>" in html
    assert "Each extra hectare of housing costs" in html
    assert "draft, version 2 of 2" in html
    _accessible(html, "en")


@pytest.mark.parametrize(
    ("kind", "key", "version", "match"),
    [
        ("arrangement", "Atlantis", None, "Unknown province 'Atlantis'"),
        ("arrangement", "Zeeland", None, "Unknown province 'NL-ZE' in the run"),
        ("arrangement", "Utrecht", 7, r"no version 7; it has versions \[1, 2\]"),
        ("area", "NX99", None, "Unknown NOVEX-gebied 'NX99'"),
        ("startpakket", "Atlantis", None, "Unknown province 'Atlantis'"),
        ("national", None, 2, "--version applies to the arrangement report only"),
    ],
)
def test_a_bad_request_fails_clearly_and_writes_nothing(
    inputs, tmp_path, kind, key, version, match
) -> None:
    out = tmp_path / "report.pdf"
    with pytest.raises(ReportError, match=match):
        make_report(kind, inputs, out, key=key, version=version)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_national_has_every_province_and_the_national_shortfall(inputs, tmp_path) -> None:
    html = _render("national", inputs, tmp_path)
    run = open_run(inputs.run)
    rows = _table(html, "Uitkomst per provincie")
    assert [r[0] for r in rows] == ["Gelderland", "Utrecht"]
    for row, p in zip(rows, run.provinces, strict=True):
        assert row[1] == format_hectares(p.demand_ha, "nl")
        assert row[2] == format_hectares(p.allocated_ha, "nl")
    functions = _table(html, "Claims van alle provincies samen, per functie")
    demand = {c.function: c.demand_min for c in run.claims()}
    assert {r[0] for r in functions} == {"Wonen", "Natuur", "Energie"}
    assert format_hectares(demand["energie"], "nl") in [r[1] for r in functions]
    # the process from the dossier: phases and their products
    assert "Eerste beeld van opgaven en keuzes" in html
    assert "besluit van de ministerraad" in html
    assert "synthetisch / synthetic" in html
    _accessible(html, "nl")
    en = _render("national", inputs, tmp_path, lang="en")
    assert ">The twelve puzzles</h2>" in en and ">National shortfall per function</h2>" in en


def test_startpakket_has_claims_sources_and_the_stapelkaart(inputs, tmp_path) -> None:
    html = _render("startpakket", inputs, tmp_path, "Utrecht")
    rows = _table(html, "Claims per functie met de cijfers waarop ze rusten")
    assert [(r[0], r[3]) for r in rows] == [
        ("Wonen", "synthetic sample"),
        ("Natuur", "synthetic sample"),
    ]
    # the dossier's startpakket: the demo claims with their sources and dates
    dossier_rows = _table(html, "Cijfer, omrekening, bron, datum en status van elke claim")
    assert dossier_rows and all(r[3] for r in dossier_rows)
    stack = inputs.stapelkaart
    interests = _table(html, "Geclaimde hectares per nationaal belang")
    summary = stack.region(7)
    assert len(interests) == len(summary.interests)
    assert "NX07" in html  # the NOVEX-gebied in Utrecht
    _accessible(html, "nl")


def test_area_has_its_agendas_and_totals(inputs, report_data, tmp_path) -> None:
    html = _render("area", inputs, tmp_path, "NX07")
    from novex.dossier import SYSTEM, Dossier

    d = Dossier.open(report_data["db"], upgrade=False)
    try:
        actions = d.records(SYSTEM, "action", area="NX07")
        invest = d.records(SYSTEM, "investment", area="NX07")
    finally:
        d.close()
    rows = _table(html, "Acties, trekkers, einddata en status")
    assert [r[0] for r in rows] == [a["title"] for a in actions]
    total = _table(html, "Totalen per bron en jaar")
    assert len(total) == len({i["year"] for i in invest})
    for i in invest:
        assert format_money(i["amount_eur"], "nl", decimals=0) in html
    assert "Staafdiagram van de investeringen per jaar" in html
    assert "geen echte afspraken" in html
    _accessible(html, "nl")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_pdf_is_tagged_with_language_and_title(inputs, tmp_path, lang) -> None:
    pypdf = pytest.importorskip("pypdf")
    out = make_report("arrangement", inputs, tmp_path / "a.pdf", key="UT", lang=lang)
    pdf = pypdf.PdfReader(out)
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == lang
    assert root["/MarkInfo"]["/Marked"]
    assert pdf.metadata.title == ("Ruimtelijk arrangement Utrecht")
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "synthetisch / synthetic" in text
    assert ("Claims en wat ze krijgen" if lang == "nl" else "Claims and what they get") in text


def test_demo_reports_are_the_national_overview_and_every_arrangement(
    report_data, tmp_path
) -> None:
    from novex.reports import write_demo_reports

    out = tmp_path / "rapporten"
    paths = write_demo_reports(report_data["run"], report_data["stack"], out, db=report_data["db"])
    assert paths == [
        out / "nationaal.pdf",
        out / "arrangement_NL-GE.pdf",
        out / "arrangement_NL-UT.pdf",
    ]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)
    assert all(p.read_bytes().startswith(b"%PDF") for p in paths)


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_demo_reports_in_a_pool_are_the_same_files_as_one_by_one(
    report_data, tmp_path, monkeypatch, fmt
) -> None:
    from novex.reports import write_demo_reports

    # fontTools stamps each embedded font subset with the time it was made unless
    # SOURCE_DATE_EPOCH is set; the spawned workers inherit the environment
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764374400")
    args = (report_data["run"], report_data["stack"])
    serial = write_demo_reports(*args, tmp_path / "serial", db=report_data["db"], fmt=fmt,
                                workers=1)  # fmt: skip
    pooled = write_demo_reports(*args, tmp_path / "pool", db=report_data["db"], fmt=fmt,
                                workers=2)  # fmt: skip
    assert [p.name for p in pooled] == [p.name for p in serial]
    assert len(serial) == 3
    for a, b in zip(serial, pooled, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_demo_reports_keep_weasyprint_font_notices_out_of_the_log(
    report_data, tmp_path, caplog
) -> None:
    import logging

    from novex.reports import write_demo_reports

    with caplog.at_level(logging.DEBUG):
        write_demo_reports(report_data["run"], report_data["stack"], tmp_path / "r",
                           db=report_data["db"], workers=1)  # fmt: skip
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert not [r for r in warnings if "HarfBuzz" in r.getMessage()]
    # a WeasyPrint warning about something else still gets through
    logging.getLogger("weasyprint").warning("Ignored `foo: bar` at 1:1, unknown property.")
    assert "unknown property" in caplog.records[-1].getMessage()


@pytest.mark.parametrize(
    ("price", "nl", "en"),
    [
        (0.6, "Elke extra hectare wonen kost hier 0,60 aan geschiktheid elders.",
         "Each extra hectare of housing costs 0.60 of suitability elsewhere here."),
        (-0.17, "Elke extra hectare wonen zou hier 0,17 aan geschiktheid opleveren; het maximum "
         "van de claim is bereikt.", "Each extra hectare of housing would add 0.17 of "
         "suitability here; the claim's maximum is reached."),
        (0.0, "Een extra hectare wonen kost hier niets elders: er is ruimte genoeg.",
         "An extra hectare of housing costs nothing elsewhere here: there is room to spare."),
        (None, "Niet opgelost: geen prijs.", "Not solved: no price."),
    ],
)  # fmt: skip
def test_the_price_in_words(price, nl, en) -> None:
    from novex.reports.context import claim_rows
    from novex.results import ClaimRow

    row = ClaimRow(region="NL-UT", region_name="Utrecht", function="wonen", demand_min=10,
                   demand_max=20, allocated=10, shortfall=0, total_ha=10, above_min_ha=0,
                   excess_ha=0, price=price, priority=1, room_ha=0, explanation="")  # fmt: skip
    assert claim_rows([row], "nl")[0]["meaning"] == nl
    assert claim_rows([row], "en")[0]["meaning"] == en


def test_area_map_draws_the_outline_from_the_dossier(report_data, tmp_path) -> None:
    import shapely

    from novex.dossier import SYSTEM, Dossier
    from novex.reports import ReportInputs

    db = f"sqlite:///{tmp_path}/dossier.sqlite"
    Path(tmp_path / "dossier.sqlite").write_bytes(
        Path(report_data["db"].removeprefix("sqlite:///")).read_bytes()
    )
    d = Dossier.open(db, upgrade=False)
    try:
        (area,) = d.records(SYSTEM, "area", code="NX07")
        box = shapely.box(136_000, 456_000, 138_000, 458_500)
        d.update(SYSTEM, "area", area["id"], area["version"], outline_wkb=shapely.to_wkb(box))
    finally:
        d.close()
    inputs = ReportInputs(run=report_data["run"], stack=report_data["stack"], db=db)
    try:
        html = _render("area", inputs, tmp_path, "NX07")
    finally:
        inputs.close()
    assert "Een rode lijn geeft de begrenzing van het gebied aan." in html
    assert "de begrenzing van Verstedelijkingsgebied Utrecht-Amersfoort in het dossier" in html


def test_without_a_dossier_the_run_is_shown_and_nothing_is_created(report_data, tmp_path) -> None:
    from novex.reports import ReportInputs

    missing = tmp_path / "none.sqlite"
    inputs = ReportInputs(run=report_data["run"], db=f"sqlite:///{missing}")
    html = _render("arrangement", inputs, tmp_path, "UT")
    assert "nog niet in het dossier: dit rapport toont alleen de puzzelrun" in html
    national = _render("national", inputs, tmp_path)
    assert "Er is geen dossier gevonden; de procestijdlijn ontbreekt daarom." in national
    with pytest.raises(ReportError, match="reads the dossier, and there is none"):
        make_report("area", inputs, tmp_path / "area.pdf", key="NX07")
    with pytest.raises(ReportError, match="reads the dossier, and there is none"):
        make_report("arrangement", inputs, tmp_path / "v.pdf", key="UT", version=1)
    with pytest.raises(ReportError, match="needs a stapelkaart folder"):
        make_report("startpakket", inputs, tmp_path / "sp.pdf", key="UT")
    assert not missing.exists()
    assert not (tmp_path / "area.pdf").exists() and not (tmp_path / "sp.pdf").exists()
