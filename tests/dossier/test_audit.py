"""The audit log shows every change, with who, when, what, before and after; it is append-only."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from novex.dossier import SYSTEM, Actor
from novex.errors import PermissionDeniedError


def test_every_change_is_logged_with_before_and_after(dossier, arrangement, run_folder):
    team = Actor("team", "gebiedsteam:NX05")
    inv = dossier.create(SYSTEM, "investment", area="NX05", description="Fietsbrug",
                         amount_eur=2_500_000, source="rijk", year=2026, status="voorgesteld")  # fmt: skip
    dossier.update(team, "investment", inv["id"], 1, status="toegezegd")
    dossier.update(team, "investment", inv["id"], 2, amount_eur=2_750_000)
    dossier.set_arrangement_status(SYSTEM, arrangement["id"], 1, "in_overleg")
    log = dossier.audit(SYSTEM, "investment", inv["id"])
    assert [(e["actor"], e["action"], e["record_version"]) for e in log] == [
        ("novex", "create", 1),
        ("team", "update", 2),
        ("team", "update", 3),
    ]
    assert log[0]["before"] is None and log[0]["after"]["amount_eur"] == 2_500_000
    assert (log[1]["before"]["status"], log[1]["after"]["status"]) == ("voorgesteld", "toegezegd")
    assert (log[2]["before"]["amount_eur"], log[2]["after"]["amount_eur"]) == (
        2_500_000,
        2_750_000,
    )
    assert all(e["at"] for e in log)
    arr_log = dossier.audit(SYSTEM, "arrangement", arrangement["id"])
    assert [e["action"] for e in arr_log] == ["create", "status"]
    assert arr_log[1]["after"]["status"] == "in_overleg"
    claims = json.loads((run_folder / "claims.json").read_text(encoding="utf-8"))["claims"]
    wonen = next(c for c in claims if (c["region"], c["function"]) == ("NL-UT", "wonen"))
    assert arr_log[0]["after"]["content"]["functions"]["wonen"]["agreed_ha"] == wonen["total_ha"]
    assert arr_log[1]["before"]["content"] == arr_log[1]["after"]["content"]
    kinds = {e["kind"] for e in dossier.audit(SYSTEM)}
    assert {"run", "arrangement", "investment"} <= kinds
    with pytest.raises(PermissionDeniedError):
        dossier.audit(team)  # the whole log is for rijk


def test_failed_edit_leaves_no_audit_entry(dossier):
    inv = dossier.create(SYSTEM, "investment", area="NX05", description="x", amount_eur=1,
                         source="rijk", year=2026, status="voorgesteld")  # fmt: skip
    before = dossier.audit(SYSTEM)
    with pytest.raises(ValueError):
        dossier.update(SYSTEM, "investment", inv["id"], 1, amount_eur=-5)
    assert dossier.audit(SYSTEM) == before


def test_audit_log_is_append_only_in_the_database(dossier, arrangement):
    for sql in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), dossier.engine.begin() as conn:
            conn.execute(text(sql))
    assert {e["actor"] for e in dossier.audit(SYSTEM)} == {"novex"}
