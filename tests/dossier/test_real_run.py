"""A run written by `novex puzzle solve` goes into the dossier with the numbers unchanged."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from typer.testing import CliRunner

from novex.cli.main import app
from novex.dossier import SYSTEM

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "puzzle"))
from workspace_fixtures import SPEC, make_workspace


def test_solved_run_becomes_arrangements_with_the_runs_numbers(dossier, tmp_path):
    ws = make_workspace(tmp_path / "ws")
    spec = tmp_path / "klein.toml"
    spec.write_text(SPEC, encoding="utf-8")
    out = tmp_path / "puzzel"
    result = CliRunner().invoke(
        app, ["puzzle", "solve", str(spec), "-w", str(ws.path), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    table = json.loads((out / "claims.json").read_text(encoding="utf-8"))["claims"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    run = dossier.import_run(SYSTEM, out)
    assert run["certificate"]["max_gap"] == manifest["max_gap"]
    provinces = sorted({r.get("province", r.get("region")) for r in table})
    assert len(provinces) >= 2
    for code in provinces:
        arr = dossier.create_arrangement(SYSTEM, code, run["id"])
        rows = [r for r in table if r.get("province", r.get("region")) == code]
        got = arr["content"]["functions"]
        assert {r["function"]: r["total_ha"] for r in rows} == {
            f: v["agreed_ha"] for f, v in got.items()
        }
        assert {r["function"]: r["shortfall"] for r in rows} == {
            f: v["shortfall"] for f, v in got.items()
        }
        assert {r["function"]: r["demand_min"] for r in rows} == {
            f: v["demand_min"] for f, v in got.items()
        }
