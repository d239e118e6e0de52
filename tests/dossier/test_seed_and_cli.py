"""`novex dossier ...`: the demo seed and the commands a user types."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from novex.cli.main import app
from novex.dossier import SYSTEM, Actor
from novex.dossier.seed import seed_demo

runner = CliRunner()


def test_seed_demo_fills_startpakketten_areas_and_process(dossier, run_folder):
    counts = seed_demo(dossier, SYSTEM, run_folder=run_folder)
    assert counts["startpakket"] == 12 and counts["area"] == 16 and counts["phase"] == 4
    assert counts["arrangement"] == 2  # the provinces in the run
    ut = dossier.records(SYSTEM, "startpakket", province="NL-UT")[0]
    claims = dossier.records(SYSTEM, "claim", startpakket_id=ut["id"])
    wonen = next(c for c in claims if c["function"] == "wonen")
    assert wonen["figure"] == "woningbouwopgave_2030" and wonen["status"] == "verified"
    assert wonen["source"].startswith("https://") and wonen["date"] == "2022-10-13"
    public = Actor("iemand", "publiek")
    actions = dossier.records(public, "action", area="NX05")
    assert actions and all(a["example"] and a["title"].startswith("Voorbeeld") for a in actions)
    progress = dossier.area_progress(public, "NX05", today=__import__("datetime").date(2030, 1, 1))
    assert progress["example"] is True
    assert progress["actions"]["total"] == 2 and len(progress["actions"]["overdue"]) == 2
    inv = dossier.records(public, "investment", area="NX05")
    assert progress["investments"]["total_eur"] == sum(i["amount_eur"] for i in inv)
    assert progress["investments"]["committed_eur"] == sum(
        i["amount_eur"] for i in inv if i["status"] == "toegezegd"
    )
    ms = dossier.records(public, "milestone")
    assert any(m["ministerraad"] for m in ms)
    assert [s["name"] for s in dossier.records(public, "planmer_step")] == [
        "Opstellen planMER",
        "Verwerken uitkomsten planMER",
    ]


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.output


def test_cli_round_trip_and_arrangement_commands(tmp_path, db_url, run_folder):
    db = ["--db", db_url]
    code, out = _run("dossier", "init", *db)
    assert code == 0 and "0002" in out
    code, out = _run("dossier", "seed-demo", "--run", str(run_folder), "--json", *db)
    assert code == 0 and json.loads(out)["arrangement"] == 2
    code, out = _run("dossier", "show", "arrangement", "--json", *db)
    ut = next(a for a in json.loads(out) if a["province"] == "NL-UT")
    code, out = _run("dossier", "arrangement", "set-status", str(ut["id"]), "vastgesteld",
                     "--version", "1", *db)  # fmt: skip
    assert code == 2 and "cannot go from 'concept' to 'vastgesteld'" in out
    code, out = _run("dossier", "arrangement", "set-status", str(ut["id"]), "in_overleg",
                     "--version", "1", *db)  # fmt: skip
    assert code == 0 and "in_overleg (versie 2)" in out
    code, out = _run("dossier", "arrangement", "set-status", str(ut["id"]), "vastgesteld",
                     "--version", "1", *db)  # fmt: skip
    assert code == 2 and "changed since version 1" in out
    code, out = _run("dossier", "arrangement", "diff", str(ut["id"]), "1", "2", *db)
    assert code == 0 and "status: concept -> in_overleg" in out
    code, out = _run("dossier", "arrangement", "create", "--province", "NL-GE", "--run", "1",
                     "--lang", "en", *db)  # fmt: skip
    assert code == 0 and "created as a concept from run 1" in out
    claims = json.loads((run_folder / "claims.json").read_text(encoding="utf-8"))["claims"]
    wonen = next(c for c in claims if (c["region"], c["function"]) == ("NL-GE", "wonen"))
    assert wonen["demand_min"] == 2000.0 and f"{wonen['demand_min']:,.1f}" in out  # "2,000.0"
    export = tmp_path / "dossier.json"
    assert _run("dossier", "export", "--out", str(export), *db)[0] == 0
    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    code, out = _run("dossier", "import", str(export), "--db", other)
    assert code == 0
    code, again = _run("dossier", "export", "--db", other)
    assert again == export.read_text(encoding="utf-8")
    code, out = _run("dossier", "status", "--json", "--db", other)
    assert json.loads(out)["rows"]["arrangements"] == 3


@pytest.mark.parametrize("password", ["geheim-wachtwoord", "fout-wachtwoord"])
def test_cli_acts_as_a_user(tmp_path, password):
    db = ["--db", f"sqlite:///{tmp_path / 'u.sqlite'}"]
    env = {"NOVEX_DOSSIER_PASSWORD": "geheim-wachtwoord"}
    assert _run("dossier", "init", "--admin", "anna", *db, env=env)[0] == 0
    code, out = _run("dossier", "show", "phase", "--user", "anna", *db,
                     env={"NOVEX_DOSSIER_PASSWORD": password})  # fmt: skip
    if password == "geheim-wachtwoord":
        assert code == 0
    else:
        assert code == 2 and "wrong password" in out


def test_build_demo_dossier_writes_one_complete_file(tmp_path, run_folder):
    from novex.dossier import Dossier
    from novex.dossier.seed import build_demo_dossier

    path = tmp_path / "demo" / "dossier.sqlite"
    counts = build_demo_dossier(path, run_folder=run_folder)
    assert counts["arrangement"] == 2
    assert sorted(p.name for p in path.parent.iterdir()) == ["dossier.sqlite"]
    assert build_demo_dossier(path)["startpakket"] == 12  # replaced, not appended to
    d = Dossier.open(f"sqlite:///{path}")
    assert len(d.records(SYSTEM, "startpakket")) == 12
    assert d.records(SYSTEM, "arrangement") == []
    d.close()
