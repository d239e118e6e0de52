"""``novex demo`` end to end: the 100 m default, and Utrecht on 250 m in both languages."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from novex.cli.main import app
from novex.text import status_label
from novex.text.labels import STATUS_LABELS

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    home = tmp_path_factory.mktemp("novex-home")
    result = runner.invoke(app, ["demo", "--json"], env={"NOVEX_HOME": str(home)})
    assert result.exit_code == 0, result.output
    return home, json.loads(result.stdout)


@pytest.mark.slow
def test_demo_runs_every_part_and_says_synthetic(demo_run):
    home, data = demo_run
    assert data["workspace"]["built"] is True
    assert data["workspace"]["synthetic"] is True
    assert data["reference"]["interests"] == 21
    assert data["reference"]["provinces"] == 12
    assert len(data["stack"]["provinces"]) == 12
    rows = data["puzzle"]["provinces"]
    assert len(rows) == 12  # every provincial puzzle solved
    for r in rows:
        assert r["gap"] is not None and 0 <= r["gap"] < 1e-4, r
        assert r["text"]
    (row,) = [r for r in rows if r["province"] == "NL-UT"]
    assert row["text"] == "alle claims passen"
    assert row["short"] == {}
    assert 0 <= row["gap"] < 1e-3  # certified; whole cells cost a little (integrality)
    assert (home / "demo-output-100m" / "puzzel" / "allocation.tif").is_file()
    assert (
        home / "demo-output-100m" / "stapelkaart" / "maps" / "stapelkaart_nationaal.png"
    ).is_file()


@pytest.mark.slow
def test_rerun_reuses_the_workspace_and_prints_dutch(demo_run):
    home, _ = demo_run
    result = runner.invoke(app, ["demo", "-p", "Utrecht"], env={"NOVEX_HOME": str(home)})
    assert result.exit_code == 0, result.output
    assert "Demowerkruimte hergebruikt" in result.output
    assert "SYNTHETISCH" in result.output
    assert "Ruimtelijke puzzel per provincie" in result.output
    assert "certificaat" in result.output  # the status column, in Dutch words


def test_bad_resolution_exits_2(tmp_path):
    result = runner.invoke(app, ["demo", "--resolution", "30"], env={"NOVEX_HOME": str(tmp_path)})
    assert result.exit_code == 2
    assert "30" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def wide_console(monkeypatch):
    """Print tables 200 columns wide, so no cell wraps (rich's own width, not the runner's)."""
    from novex.cli.options import console

    monkeypatch.setattr(console, "_width", 200)


def _utrecht(home, lang: str) -> str:
    args = ["demo", "--resolution", "250", "--province", "Utrecht", "--lang", lang]
    result = runner.invoke(app, args, env={"NOVEX_HOME": str(home)})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.slow
def test_lang_en_prints_english_words_and_numbers(demo250_home, wide_console) -> None:
    out = _utrecht(demo250_home, "en")
    assert "Demo workspace reused" in out
    assert "SYNTHETIC: generated physical layers" in out
    assert "NOVI reference model: ambitions" in out
    assert "Ruimtelijke puzzel per province" in out
    assert "optimality gap" in out and "certificate" in out
    assert "all claims fit" in out
    assert re.search(r"\b\d{1,3},\d{3} ha\b", out)  # 12,345 ha
    assert not re.search(r"\b\d{1,3}\.\d{3} ha\b", out)  # never 12.345 ha
    assert re.search(r"\b\d\.\dE-\d\b", out)  # the gap with a decimal point
    for dutch in ("provincie", "hergebruikt", "certificaat", "uitkomst", "geen"):
        assert dutch not in out
    # the last line: the total and each stage's wall time
    last = " ".join(out.split("Open the atlas")[1].splitlines()[1:])
    t = r"(?:\d+ min \d+ s|[\d.]+ s)"  # 1 min 21 s, 24 s, 1.1 s
    assert re.fullmatch(
        rf"Done in {t} \(workspace reused {t}, stapelkaart {t}, puzzles {t}, dossier {t}, "
        rf"reports {t}\)\s*",
        last,
    ), last


@pytest.mark.slow
def test_lang_nl_prints_dutch_words_and_numbers(demo250_home, wide_console) -> None:
    out = _utrecht(demo250_home, "nl")
    assert "Demowerkruimte hergebruikt" in out
    assert "NOVI-referentiemodel: ambities" in out
    assert "Ruimtelijke puzzel per provincie" in out
    assert "optimaliteitsmarge" in out and "certificaat" in out
    assert "alle claims passen" in out
    assert re.search(r"\b\d{1,3}\.\d{3} ha\b", out)  # 12.345 ha
    assert not re.search(r"\b\d{1,3},\d{3} ha\b", out)
    assert re.search(r"\b\d,\dE-\d\b", out)  # the gap with a decimal comma
    words = {status_label(s, "nl") for s in STATUS_LABELS}
    assert any(w in out for w in words)  # the status in Dutch words, not its code
    for bad in ("gat (gecertificeerd)", "heelcel", "within"):
        assert bad not in out
    last = " ".join(out.split("Open de atlas")[1].splitlines()[1:])
    t = r"(?:\d+ min \d+ s|[\d,]+ s)"  # 1 min 21 s, 24 s, 1,1 s
    assert re.fullmatch(
        rf"Klaar in {t} \(werkruimte hergebruikt {t}, stapelkaart {t}, puzzels {t}, dossier {t}, "
        rf"rapporten {t}\)\s*",
        last,
    ), last


def test_progress_labels_follow_lang(monkeypatch) -> None:
    import io

    from rich.console import Console

    import novex.cli.options as options
    from novex.cli.demo import stage_labels

    assert stage_labels("en") == {
        "workspace": "Building the demo workspace",
        "stack": "Stack map",
        "puzzle": "Puzzles",
    }
    assert stage_labels("nl") == {
        "workspace": "Demowerkruimte bouwen",
        "stack": "Stapelkaart",
        "puzzle": "Puzzels",
    }
    buf = io.StringIO()
    monkeypatch.setattr(options, "err_console", Console(file=buf, force_terminal=True, width=100))
    with options.StageProgress(stage_labels("nl"), details=frozenset({"puzzle"})) as bars:
        bars("workspace", 1, 5, "lattices: regional relief")
        bars("stack", 2, 4, None)
        bars("puzzle", 1, 12, "NL-UT")
    shown = buf.getvalue()
    assert "Demowerkruimte bouwen" in shown and "Stapelkaart" in shown
    assert "Puzzels NL-UT" in shown
    assert "lattices" not in shown  # the build's English step notes stay out of a Dutch bar


def test_bad_lang_is_a_usage_error_naming_it(tmp_path) -> None:
    result = runner.invoke(app, ["demo", "--lang", "de"], env={"NOVEX_HOME": str(tmp_path)})
    assert result.exit_code == 2
    assert "'de'" in result.output and "'nl', 'en'" in result.output
    assert list(tmp_path.iterdir()) == []


def test_workers_option_reaches_the_demo(monkeypatch, tmp_path) -> None:
    import novex.workflow
    from novex.errors import SpecError

    seen = {}

    def fake_run_demo(*args, **kwargs):
        seen.update(kwargs)
        raise SpecError("stopped by the test")

    monkeypatch.setattr(novex.workflow, "run_demo", fake_run_demo)
    result = runner.invoke(
        app, ["demo", "--workers", "2", "--json"], env={"NOVEX_HOME": str(tmp_path)}
    )
    assert "stopped by the test" in result.output
    assert seen["workers"] == 2
    result = runner.invoke(app, ["demo", "--workers", "0"], env={"NOVEX_HOME": str(tmp_path)})
    assert result.exit_code == 2 and "--workers" in result.output
