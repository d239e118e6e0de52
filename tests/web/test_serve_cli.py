"""``novex serve`` finds the reports and the scenario batch beside the run in ``--out``."""

from __future__ import annotations

import shutil

from typer.testing import CliRunner

from novex.cli.main import app

runner = CliRunner()


def _serve(monkeypatch, *args: str):
    import uvicorn

    served = {}
    monkeypatch.setattr(uvicorn, "run", lambda web_app, **kw: served.setdefault("app", web_app))
    result = runner.invoke(app, ["serve", *args])
    assert result.exit_code == 0, result.output
    return served["app"]


def test_serve_offers_the_reports_and_scenarios_under_out(sample, tmp_path, monkeypatch) -> None:
    from fastapi.testclient import TestClient

    out = tmp_path / "uitvoer"
    shutil.copytree(sample.run, out / "puzzel")
    shutil.copytree(sample.reports, out / "rapporten")
    shutil.copytree(sample.scenarios, out / "scenarios")
    web_app = _serve(monkeypatch, "--out", str(out), "--workspace", str(sample.workspace))
    config = web_app.state.novex.config
    assert config.reports == out / "rapporten" and config.scenarios == out / "scenarios"
    with TestClient(web_app) as c:
        assert [s["id"] for s in c.get("/api/scenarios").json()["scenarios"]] == ["2030", "2050"]
        assert c.get("/download/rapporten/nationaal.pdf").status_code == 200


def test_serve_without_them_leaves_them_out(sample, tmp_path, monkeypatch) -> None:
    out = tmp_path / "uitvoer"
    shutil.copytree(sample.run, out / "puzzel")
    web_app = _serve(monkeypatch, "--out", str(out), "--workspace", str(sample.workspace))
    config = web_app.state.novex.config
    assert config.reports is None and config.scenarios is None
