"""``novex.workflow.run_demo``: the demo pipeline as a library call."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil

import pytest

from novex.errors import GridError, LanguageError
from novex.workflow import DemoStage, demo_paths, open_or_build_workspace, run_demo


@pytest.fixture(scope="module")
def utrecht_en(demo250_home):
    """The demo on the 250 m workspace, Utrecht only, outputs in English."""
    calls: list[tuple[str, int, int | None, str | None]] = []
    run = run_demo(
        demo250_home,
        250,
        "Utrecht",
        lang="en",
        progress=lambda stage, done, total, detail: calls.append((stage, done, total, detail)),
    )
    return run, calls


@pytest.mark.slow
def test_run_demo_reuses_the_workspace_and_solves_the_province(utrecht_en, demo250_home) -> None:
    run, _ = utrecht_en
    assert run.built is False
    assert run.workspace.path == demo250_home / "demo-250m"
    assert run.resolution == 250
    assert run.reference_counts["interests"] == 21
    assert run.reference_counts["provinces"] == 12
    assert len(run.stack_rows("en")) == 12  # the stapelkaart is national
    (row,) = run.puzzle_rows("en")
    assert row["province"] == "NL-UT"
    assert row["text"] == "all claims fit"
    assert run.max_gap is not None and 0 <= run.max_gap < 1e-3
    assert run.puzzle_out == demo250_home / "demo-output-250m" / "puzzel"
    assert (run.puzzle_out / "allocation.tif").is_file()
    assert (run.stack_out / "stapelkaart.json").is_file() or any(run.stack_out.iterdir())
    data = run.to_dict("nl")
    assert data["puzzle"]["provinces"][0]["text"] == "alle claims passen"
    assert data["workspace"] == {
        "path": str(demo250_home / "demo-250m"),
        "resolution": 250,
        "built": False,
        "synthetic": True,
    }


@pytest.mark.slow
def test_run_demo_writes_the_national_report_and_the_arrangements(utrecht_en) -> None:
    run, _ = utrecht_en
    out = run.puzzle_out.parent / "rapporten"
    assert run.reports == [out / "nationaal.pdf", out / "arrangement_NL-UT.pdf"]
    pypdf = pytest.importorskip("pypdf")
    for path in run.reports:
        root = pypdf.PdfReader(path).trailer["/Root"]
        assert "/StructTreeRoot" in root and root["/Lang"] == "en"
    assert run.to_dict()["reports"] == [str(p) for p in run.reports]
    assert run.timings["reports_s"] > 0


@pytest.mark.slow
def test_the_run_keeps_each_stages_wall_time_and_the_total(utrecht_en) -> None:
    run, _ = utrecht_en
    stages = ["workspace_s", "stack_s", "puzzle_s", "dossier_s", "reports_s"]
    assert list(run.timings) == [*stages, "total_s"]
    assert all(run.timings[k] > 0 for k in stages)
    assert run.timings["total_s"] >= sum(run.timings[k] for k in stages)
    assert run.to_dict()["timings"] == run.timings


@pytest.mark.slow
def test_progress_goes_stage_by_stage_to_the_callback(utrecht_en) -> None:
    _, calls = utrecht_en
    stages = [c[0] for c in calls]
    assert DemoStage.WORKSPACE not in stages  # reused: nothing to build
    first_puzzle = stages.index(DemoStage.PUZZLE)
    assert set(stages[:first_puzzle]) == {DemoStage.STACK}
    assert calls[-1] == (DemoStage.PUZZLE, 1, 1, "NL-UT")
    stack_done = [c for c in calls if c[0] == DemoStage.STACK and c[2]]
    assert stack_done and stack_done[-1][1] == stack_done[-1][2]  # the stack reports to the end
    assert all(done <= total for _, done, total, _ in stack_done)


@pytest.mark.slow
def test_written_claims_are_in_the_language_asked(utrecht_en) -> None:
    run, _ = utrecht_en
    with open(run.puzzle_out / "claims.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["explanation"].startswith("Fits: ") for r in rows)
    wonen = next(r for r in rows if r["function"] == "wonen")
    demand = round(float(wonen["demand_min"]))
    assert demand >= 1000  # a thousands separator to check
    assert f"of {demand:,} ha" in wonen["explanation"]  # English: 2,147 ha, never 2.147 ha
    assert not re.search(r"\d\.\d{3} ha", " ".join(r["explanation"] for r in rows))


@pytest.mark.slow
def test_the_demo_dossier_holds_the_runs_numbers(utrecht_en, demo250_home) -> None:
    from novex.dossier import SYSTEM, Dossier

    run, _ = utrecht_en
    path = demo250_home / "demo-output-250m" / "dossier.sqlite"
    assert run.dossier_path == path and path.is_file()
    outputs = sorted(p.name for p in path.parent.iterdir())
    # written whole: no WAL or journal file left beside the dossier
    assert outputs == ["dossier.sqlite", "puzzel", "rapporten", "stapelkaart"]
    counts = run.dossier_counts
    assert (counts["startpakket"], counts["area"], counts["phase"]) == (12, 16, 4)
    assert (counts["run"], counts["arrangement"]) == (1, 1)  # the run solved Utrecht only
    assert run.to_dict("en")["dossier"] == {"path": str(path), "counts": counts}
    assert run.timings["dossier_s"] > 0
    table = json.loads((run.puzzle_out / "claims.json").read_text(encoding="utf-8"))["claims"]
    workspace_claims = json.loads(
        (run.workspace.table_path("startpakket")).read_text(encoding="utf-8")
    )["claims"]
    d = Dossier.open(f"sqlite:///{path}")
    try:
        (dossier_run,) = d.records(SYSTEM, "run")
        manifest = (run.puzzle_out / "manifest.json").read_bytes()
        assert dossier_run["manifest_hash"] == hashlib.sha256(manifest).hexdigest()
        (arr,) = d.records(SYSTEM, "arrangement")
        shown = d.show_arrangement(SYSTEM, arr["id"])
        assert shown["province"] == "NL-UT" and shown["status"] == "concept"
        assert {f: v["agreed_ha"] for f, v in shown["content"]["functions"].items()} == {
            r["function"]: r["total_ha"] for r in table if r["region"] == "NL-UT"
        }
        (sp,) = d.records(SYSTEM, "startpakket", province="NL-UT")
        stored = d.records(SYSTEM, "claim", startpakket_id=sp["id"])
        assert {c["function"]: c["hectares"] for c in stored} == {
            c["function"]: c["hectares"] for c in workspace_claims if c["province"] == "NL-UT"
        }
    finally:
        d.close()


def test_demo_paths_default_under_home(tmp_path) -> None:
    assert demo_paths(tmp_path, 100) == (tmp_path / "demo-100m", tmp_path / "demo-output-100m")
    ws, out = demo_paths(tmp_path, 250, workspace=tmp_path / "w", out=tmp_path / "o")
    assert (ws, out) == (tmp_path / "w", tmp_path / "o")


def test_demo_paths_read_novex_home(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("NOVEX_HOME", str(tmp_path / "home"))
    assert demo_paths(None, 250)[0] == tmp_path / "home" / "demo-250m"


def test_bad_resolution_or_language_writes_nothing(tmp_path) -> None:
    with pytest.raises(GridError, match="30"):
        run_demo(tmp_path, 30)
    with pytest.raises(LanguageError, match="'fr'"):
        run_demo(tmp_path, 250, lang="fr")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_a_damaged_or_other_resolution_workspace_is_built_again(
    demo250_home, tmp_path, monkeypatch
) -> None:
    import novex.demo

    builds: list[tuple[object, int]] = []

    def fake_build(path, resolution, progress=None, overwrite=False):
        builds.append((path, resolution))
        progress(1, description="step")
        return "built"

    monkeypatch.setattr(novex.demo, "build_demo_workspace", fake_build)
    copy = tmp_path / "ws"
    shutil.copytree(demo250_home / "demo-250m", copy)

    ws, built = open_or_build_workspace(copy, 250)
    assert built is False and ws.path == copy and builds == []

    calls: list[tuple[str, int, int | None, str | None]] = []
    assert open_or_build_workspace(copy, 100, progress=lambda *a: calls.append(a)) == (
        "built",
        True,
    )
    assert builds == [(copy, 100)]
    assert calls[0][0] == DemoStage.WORKSPACE and calls[-1][3] == "step"

    layer = next(p for p in copy.rglob("*.tif"))
    layer.write_bytes(layer.read_bytes()[:-10] + b"0123456789")
    assert open_or_build_workspace(copy, 250) == ("built", True)
    assert open_or_build_workspace(copy, 250, rebuild=False)[1] is True
    assert len(builds) == 3
