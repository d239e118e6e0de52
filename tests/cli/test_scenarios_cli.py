"""``novex scenarios run`` and ``compare``: what a user sees, exit codes, nothing run on bad input."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from typer.testing import CliRunner

from novex.cli.main import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scenarios"))
from scenario_fixtures import SCENARIOS, make_workspace, write_spec

runner = CliRunner()


def test_run_then_rerun_then_compare(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    spec = write_spec(tmp_path / "spec")
    out = tmp_path / "uit"
    args = ["scenarios", "run", str(spec), "-w", str(ws.path), "--out", str(out), "--workers", "0"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "klaar" in result.output and "2100" in result.output
    again = runner.invoke(app, [*args, "--json"])
    assert again.exit_code == 0, again.output
    data = json.loads(again.output)
    assert [s["status"] for s in data["scenarios"]] == ["skipped", "skipped"]
    comp = runner.invoke(app, ["scenarios", "compare", str(out)])
    assert comp.exit_code == 0, comp.output
    assert "Scenario's naast elkaar" in comp.output and "SYNTHETISCH" in comp.output
    en = runner.invoke(app, ["scenarios", "compare", str(out), "--json", "--diff", "2030", "2100"])
    table = json.loads(en.output)
    assert table["scenarios"] == ["2030", "2100"]
    keys = {row["key"] for row in table["indicators"]}
    assert {"afwenteling_ha", "flood_prone_ha", "peat_converted_ha", "suitability"} <= keys
    assert Path(table["difference_map"]["png"]).is_file()


def test_bad_spec_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    spec = write_spec(tmp_path / "spec", SCENARIOS.replace("[2030, 2100]", "[2030, 2075]"))
    out = tmp_path / "uit"
    result = runner.invoke(
        app, ["scenarios", "run", str(spec), "-w", str(ws.path), "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "2075" in result.output and "2030, 2050, 2100, 2130" in result.output
    assert not out.exists()
