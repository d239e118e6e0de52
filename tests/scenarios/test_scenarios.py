"""novex.scenarios: spec checks, serial vs Dask runs, failures, reruns, compare, afwenteling."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from scenario_fixtures import SCENARIOS, write_spec

from novex.errors import SpecError
from novex.layers import LayerSpec, Workspace
from novex.results import open_run
from novex.scenarios import load_scenarios, run_scenarios
from novex.scenarios.compare import compare_scenarios, difference_map
from novex.scenarios.spec import ScenarioSet

SRC = str(Path(__file__).resolve().parents[2] / "src")

RUN_FILES = ("claims.json", "rules.json", "tiers.json", "principles.json", "summary.json")


def _same_outputs(a: Path, b: Path, ids: list[str]) -> None:
    """The scenario folders of two batches hold the same numbers and rasters, byte for byte."""
    for sid in ids:
        for name in ("afwenteling.json", "afwenteling.tif", "puzzel/allocation.tif"):
            assert (a / sid / name).read_bytes() == (b / sid / name).read_bytes(), (sid, name)
        for name in RUN_FILES:
            assert (a / sid / "puzzel" / name).read_bytes() == (
                b / sid / "puzzel" / name
            ).read_bytes(), (sid, name)
        ma = json.loads((a / sid / "puzzel" / "manifest.json").read_text())
        mb = json.loads((b / sid / "puzzel" / "manifest.json").read_text())
        for m in (ma, mb):
            m.pop("timings")
            m["workspace"].pop("path")
            m["spec"].pop("path")  # each batch's spec file lies in its own folder
            for p in m["provinces"]:
                p.pop("timings")
        assert ma == mb


# -- the spec ------------------------------------------------------------------------------
def test_demo_set_is_three_horizons_by_two_climates() -> None:
    ids = [s.id for s in load_scenarios("demo").scenarios()]
    assert ids == ["2030-matig", "2030-snel", "2050-matig", "2050-snel", "2100-matig", "2100-snel"]


@pytest.mark.parametrize(
    ("toml", "match"),
    [
        ("[grid]\nhorizon = [2040]\n", r"unknown horizon 2040.*2030, 2050, 2100, 2130"),
        ("[grid]\nclimate = ['heet']\n", r"variant 'heet'; defined variants: \['geen'\]"),
        ("[demand.x]\nfactors = { wonnen = 1.2 }\n", r"function 'wonnen'; valid functions"),
        ("[demand.x]\nprovinces = { Atlantis = { wonen = 1.2 } }\n", r"'Atlantis'.*not a province"),
        ("[climate.x]\nsea_level_m = { 2060 = 0.3 }\n", r"unknown horizon 2060"),
        ("[climate.x]\nsource_layers = { regen = 'r' }\n", r"unknown source layer key 'regen'"),
        ("[concepts.x]\nallowed = ['Z9']\n", r"'Z9'; valid inrichtingsconcepten"),
        ("[principles.x]\nsamenhang = true\n", r"principles.x.samenhang"),
        ("[grid]\nhorizonn = [2030]\n", r"grid.horizonn"),
        ("[scenarios]\ncompare_principles = ['samenhang']\n", r"unknown principle 'samenhang'"),
        ("[scenarios]\nprovince = 'Atlantis'\n", r"scenarios.province is 'Atlantis'"),
        ("[scenarios]\nsamenhang_rounds = -1\n", r"scenarios.samenhang_rounds"),
    ],
)
def test_bad_spec_is_refused_with_the_value(toml: str, match: str) -> None:
    with pytest.raises(SpecError, match=match):
        ScenarioSet.from_toml(toml)


def test_missing_layer_errors_before_anything_runs(scen_ws: Workspace, tmp_path: Path) -> None:
    text = SCENARIOS + "\n[layers]\nflood_depth = 'overstroming'\n"
    spec = write_spec(tmp_path / "spec", text)
    out = tmp_path / "out"
    with pytest.raises(SpecError, match="layer 'overstroming', which is not in workspace"):
        run_scenarios(spec, scen_ws, out, workers=0)
    assert not out.exists()


# -- runs ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def serial(scen_ws: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = write_spec(tmp_path_factory.mktemp("spec"))
    out = tmp_path_factory.mktemp("serial") / "out"
    result = run_scenarios(spec, scen_ws, out, workers=0)
    assert [o.status for o in result.outcomes] == ["ok", "ok"]
    return out


@pytest.mark.slow
def test_local_cluster_equals_serial(scen_ws: Workspace, serial: Path, tmp_path: Path) -> None:
    spec = write_spec(tmp_path / "spec")
    result = run_scenarios(spec, scen_ws, tmp_path / "out", workers=2)
    assert result.mode == "LocalCluster x 2"
    assert [o.status for o in result.outcomes] == ["ok", "ok"]
    _same_outputs(serial, tmp_path / "out", ["2030", "2100"])
    # each worker ran its task on one engine thread, and scenarios.json says so
    rows = json.loads((tmp_path / "out" / "scenarios.json").read_text())["scenarios"]
    assert [(r["numba_threads"], r["lp_threads"]) for r in rows] == [(1, 1), (1, 1)]
    assert all(r["page_faults"] > 0 and r["system_seconds"] >= 0 for r in rows)


@pytest.mark.slow
def test_real_scheduler_equals_serial(scen_ws: Workspace, serial: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    sched_file = tmp_path / "scheduler.json"
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    procs = [
        subprocess.Popen(
            [*dask, "--host", "127.0.0.1", "--port", "0", "--dashboard-address", "127.0.0.1:0",
             "--scheduler-file", str(sched_file)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
    ]  # fmt: skip
    try:
        for _ in range(600):
            if sched_file.is_file() and sched_file.stat().st_size:
                break
            time.sleep(0.1)
        address = json.loads(sched_file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "distributed.cli.dask_worker", "--scheduler-file",
                     str(sched_file), "--nworkers", "1", "--nthreads", "1",
                     "--host", "127.0.0.1", "--no-dashboard"],
                    env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )
            )  # fmt: skip
        from distributed import Client

        with Client(address) as client:
            client.wait_for_workers(2, timeout=120)
            workers = client.scheduler_info()["workers"]
            assert len(workers) == 2
        spec = write_spec(tmp_path / "spec")
        result = run_scenarios(spec, scen_ws, tmp_path / "out", scheduler=address)
        assert [o.status for o in result.outcomes] == ["ok", "ok"]
        _same_outputs(serial, tmp_path / "out", ["2030", "2100"])
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


def test_failed_scenario_is_reported_and_the_others_finish(
    scen_ws: Workspace, tmp_path: Path
) -> None:
    import shutil

    ws_path = tmp_path / "ws"
    shutil.copytree(scen_ws.path, ws_path)
    ws = Workspace.open(ws_path)
    good = ws.layer("flood_depth")
    broken = LayerSpec.create(
        **{**good.model_dump(exclude={"file", "sha256", "name"}), "name": "flood_kapot"}
    )
    ws.write_layer(broken, np.zeros(ws.grid.shape, np.float32))
    ws.layer_path("flood_kapot").write_bytes(b"not a GeoTIFF")
    ws.save()
    text = SCENARIOS.replace('climate = ["snel"]', 'climate = ["snel", "kapot"]') + (
        "\n[climate.kapot]\nsource_layers = { flood_depth = 'flood_kapot' }\n"
    )
    spec = write_spec(tmp_path / "spec", text)
    out = tmp_path / "out"
    result = run_scenarios(spec, ws, out, workers=0)
    status = {o.id: o.status for o in result.outcomes}
    assert status == {"2030-snel": "ok", "2030-kapot": "failed", "2100-snel": "ok",
                      "2100-kapot": "failed"}  # fmt: skip
    failed = result.failed[0]
    assert "flood_kapot" in failed.error or "GeoTIFF" in failed.error or "not" in failed.error
    assert (out / "2100-snel" / "puzzel" / "allocation.tif").is_file()
    assert not (out / "2030-kapot").exists()
    index = json.loads((out / "scenarios.json").read_text())
    assert [s["status"] for s in index["scenarios"]] == ["ok", "failed", "ok", "failed"]


def test_rerun_skips_unchanged_scenarios(scen_ws: Workspace, tmp_path: Path) -> None:
    spec = write_spec(tmp_path / "spec")
    out = tmp_path / "out"
    first = run_scenarios(spec, scen_ws, out, workers=0)
    assert [o.status for o in first.outcomes] == ["ok", "ok"]
    before = (out / "2030" / "puzzel" / "allocation.tif").stat().st_mtime_ns
    again = run_scenarios(spec, scen_ws, out, workers=0)
    assert [o.status for o in again.outcomes] == ["skipped", "skipped"]
    assert (out / "2030" / "puzzel" / "allocation.tif").stat().st_mtime_ns == before
    # a changed climate figure at 2100 changes both scenarios' inputs (2130 is the later horizon)
    spec.write_text(SCENARIOS.replace("2130 = 1.7", "2130 = 1.9"), encoding="utf-8")
    third = run_scenarios(spec, scen_ws, out, workers=0)
    assert [o.status for o in third.outcomes] == ["ok", "ok"]
    spec.write_text(SCENARIOS.replace("2100 = 0.8,", "2100 = 0.9,"), encoding="utf-8")
    fourth = run_scenarios(spec, scen_ws, out, workers=0)
    assert [o.status for o in fourth.outcomes] == ["ok", "ok"]


# -- derived layers, compare, afwenteling ----------------------------------------------------
def test_derived_layers_carry_provenance_and_widen_the_rules(serial: Path) -> None:
    ws = Workspace.open(serial / "werkruimten" / "2100")
    spec = ws.layer("flood_depth")
    assert spec.synthetic
    assert "derived by novex.scenarios" in spec.source and "2100" in spec.source
    assert spec.extra["horizon"] == 2100 and spec.extra["climate"] == "snel"
    flood = ws.read("flood_depth")
    # sea level + a quarter of the subsidence on clay, all of it on peat (row 12)
    assert float(flood[4, 0]) == pytest.approx(1.6 + 1.0 + 0.25 * 0.8, abs=1e-5)
    assert float(flood[12, 0]) == pytest.approx(1.6 + 1.0 + 0.8, abs=1e-5)
    assert float(flood[4, 15]) == 0.0  # dry today, dry later
    soil = ws.read("soil")
    assert (soil == 1).sum() > 20  # clay within 500 m of the peat row became peat
    assert ws.layer("province").file.startswith("/")  # the other layers are the base's


def test_compare_table_equals_each_runs_outputs(serial: Path) -> None:
    comp = compare_scenarios(serial)
    assert comp.scenarios == ["2030", "2100"]
    assert comp.synthetic
    for sid in comp.scenarios:
        run = open_run(serial / sid / "puzzel")
        claims = run.claims()
        wonen = sum(c.total_ha for c in claims if c.function == "wonen")
        assert comp.row("function_ha:wonen").values[sid] == pytest.approx(wonen)
        short = next(c for c in claims if c.region == "NL-UT" and c.function == "wonen")
        assert comp.row("shortfall_ha:NL-UT:wonen").values[sid] == short.shortfall
        assert comp.row("suitability").values[sid] == pytest.approx(
            sum(p.objective for p in run.provinces)
        )
        tier2 = sum(t.function_ha for t in run.tiers() if t.tier == 2 and t.function == "wonen")
        assert comp.row("tier_ha:2").values[sid] == pytest.approx(tier2)
        assert comp.row("tier_homes:2").values[sid] == pytest.approx(tier2 * 35.0)
        af = json.loads((serial / sid / "afwenteling.json").read_text())
        assert comp.row("afwenteling_ha").values[sid] == af["out_of_rule_ha"]
        assert af["out_of_rule_ha"] == sum(r["out_of_rule_ha"] for r in af["rows"])
    tif, png = difference_map(serial, "2030", "2100")
    assert tif.is_file() and png.read_bytes()[:4] == b"\x89PNG"


def test_afwenteling_on_leaves_fewer_hectares_out_of_rule(
    scen_ws: Workspace, tmp_path: Path
) -> None:
    text = (
        SCENARIOS.replace("horizon = [2030, 2100]", "horizon = [2030]").replace(
            'climate = ["snel"]', 'climate = ["snel"]\nprinciples = ["alle", "zonder"]'
        )
        + "\n[principles.zonder]\nafwenteling = false\n"
    ).replace("compare_principles = true", 'compare_principles = ["afwenteling"]')
    spec = write_spec(tmp_path / "spec", text)
    out = tmp_path / "out"
    run_scenarios(spec, scen_ws, out, workers=0)
    on = json.loads((out / "alle" / "afwenteling.json").read_text())
    off = json.loads((out / "zonder" / "afwenteling.json").read_text())
    assert off["out_of_rule_ha"] > 0
    assert on["out_of_rule_ha"] < off["out_of_rule_ha"]
    # the comparison inside "alle" (one more solve without the principle) is the "zonder" run
    assert on["out_of_rule_ha_without_afwenteling"] == off["out_of_rule_ha"]
    assert "out_of_rule_ha_without_afwenteling" not in off  # nothing to compare: it is off
    ut = {r["function"]: r for r in off["rows"] if r["province"] == "NL-UT"}
    assert ut["wonen"]["out_of_rule_ha"] == off["out_of_rule_ha"]
    # the principle's effect in hectares is in the run's principles table
    rows = open_run(out / "alle" / "puzzel").principles("NL-UT")
    shift = next(r for r in rows if r.principle == "afwenteling")
    assert shift.enabled and shift.changed_ha and shift.changed_ha > 0
    zonder = open_run(out / "zonder" / "puzzel").allocation().values
    alle = open_run(out / "alle" / "puzzel").allocation().values
    assert shift.changed_ha == (zonder[:, :20] != alle[:, :20]).sum() * 6.25  # NL-UT
    assert next(r for r in rows if r.principle == "combinaties").changed_ha is None


@pytest.mark.slow
def test_afwenteling_on_the_demo_leaves_fewer_hectares_out_of_rule(
    demo250_home: Path, tmp_path: Path
) -> None:
    """The packaged demo set's settings, one scenario (2030, snel) and one province."""
    demo = Path(SRC) / "novex" / "scenarios" / "data" / "demo.toml"
    text = demo.read_text(encoding="utf-8")
    assert 'compare_principles = ["afwenteling"]' in text
    text = text.replace("[scenarios]\n", '[scenarios]\nprovince = "Limburg"\n', 1)
    text = text.replace("horizon = [2030, 2050, 2100]", "horizon = [2030]")
    text = text.replace('climate = ["matig", "snel"]', 'climate = ["snel"]')
    spec = tmp_path / "demo.toml"
    spec.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run_scenarios(spec, demo250_home / "demo-250m", out, workers=0)
    assert [(o.id, o.status) for o in result.outcomes] == [("2030", "ok")]
    af = json.loads((out / "2030" / "afwenteling.json").read_text())
    assert af["horizon"] == 2130 and af["climate"] == "snel"
    li = next(r for r in af["rows"] if r["province"] == "NL-LI" and r["function"] == "wonen")
    assert li["out_of_rule_ha_without_afwenteling"] > 0
    assert li["out_of_rule_ha"] < li["out_of_rule_ha_without_afwenteling"]
    assert af["out_of_rule_ha"] < af["out_of_rule_ha_without_afwenteling"]
    # the effect in hectares is in the run's principles table, the other principles untouched
    rows = {r.principle: r for r in open_run(out / "2030" / "puzzel").principles("NL-LI")}
    assert rows["afwenteling"].enabled and rows["afwenteling"].changed_ha
    assert rows["afwenteling"].changed_ha > 0
    assert rows["combinaties"].changed_ha is None
    comp = compare_scenarios(out)
    assert comp.row("afwenteling_ha").values["2030"] == af["out_of_rule_ha"]
    without = af["out_of_rule_ha_without_afwenteling"]
    assert comp.row("afwenteling_ha_without").values["2030"] == without


@pytest.mark.slow
def test_the_2050_demo_scenario_rounds_friesland_with_bounded_work(
    demo250_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """2050-matig, Friesland (250 m): whole cells cannot meet every claim exactly after
    the LP; the rounding runs at most the windowed and the open MIP of one neighbourhood
    (node-limited), then the repair, and keeps the least short answer (reported)."""
    import novex.puzzle.engine.primal as primal

    calls: list[tuple[int, int | None]] = []
    solve_pairs = primal.solve_pairs

    def counting(*args: object, **kwargs: object) -> object:
        calls.append((args[0].shape[0], kwargs.get("node_limit")))  # type: ignore[attr-defined]
        return solve_pairs(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(primal, "solve_pairs", counting)
    demo = Path(SRC) / "novex" / "scenarios" / "data" / "demo.toml"
    text = demo.read_text(encoding="utf-8")
    text = text.replace("[scenarios]\n", '[scenarios]\nprovince = "Friesland"\n', 1)
    text = text.replace('compare_principles = ["afwenteling"]', "compare_principles = false")
    text = text.replace("horizon = [2030, 2050, 2100]", "horizon = [2050]")
    text = text.replace('climate = ["matig", "snel"]', 'climate = ["matig"]')
    spec = tmp_path / "demo.toml"
    spec.write_text(text, encoding="utf-8")
    result = run_scenarios(spec, demo250_home / "demo-250m", tmp_path / "out", workers=0)
    assert [(o.id, o.status) for o in result.outcomes] == [("2050", "ok")]
    assert 1 <= len(calls) <= 2
    assert all(nodes is not None and nodes <= primal._MIP_NODES for _, nodes in calls)
    run = open_run(tmp_path / "out" / "2050" / "puzzel")
    fr = next(p for p in run.provinces if p.code == "NL-FR")
    assert fr.status in ("elastic", "within-gap", "within-integrality", "optimal")
    assert fr.gap is not None and 0.0 <= fr.gap < 1e-3  # the certificate, against the LP bound
