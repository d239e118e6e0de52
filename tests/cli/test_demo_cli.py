"""``novex demo`` end to end on the 100 m demo workspace (its default)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from novex.cli.main import app

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
