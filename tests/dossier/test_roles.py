"""Roles are enforced in the dossier layer: who may read and change what."""

from __future__ import annotations

import pytest

from novex.dossier import SYSTEM, Actor
from novex.dossier.seed import seed_demo
from novex.errors import DossierInputError, PermissionDeniedError

UT = Actor("ute", "provincie:NL-UT")
GE = Actor("gerrit", "provincie:NL-GE")
TEAM = Actor("team", "gebiedsteam:NX05")
PUBLIC = Actor("iemand", "publiek")


def _claim(dossier, code):
    sp = dossier.records(SYSTEM, "startpakket", province=code)[0]
    return dossier.records(SYSTEM, "claim", startpakket_id=sp["id"])[0]


def test_province_cannot_change_another_provinces_records(dossier, arrangement):
    a = arrangement  # Utrecht
    with pytest.raises(PermissionDeniedError, match=r"'gerrit' \(provincie:NL-GE\) may not"):
        dossier.set_arrangement_status(GE, a["id"], a["version"], "in_overleg")
    with pytest.raises(PermissionDeniedError):
        dossier.revise_arrangement(GE, a["id"], a["version"], a["content"])
    assert dossier.set_arrangement_status(UT, a["id"], a["version"], "in_overleg")["version"] == 2
    with pytest.raises(PermissionDeniedError, match="NL-UT"):
        dossier.create_arrangement(GE, "NL-UT", a["run_id"])


def test_province_claims_and_area_records(dossier):
    seed_demo(dossier, SYSTEM)
    ut, ge = _claim(dossier, "NL-UT"), _claim(dossier, "NL-GE")
    assert dossier.update(UT, "claim", ut["id"], ut["version"], hectares=ut["hectares"] + 1)
    with pytest.raises(PermissionDeniedError, match="province 'NL-GE'"):
        dossier.update(UT, "claim", ge["id"], ge["version"], hectares=1.0)
    assert dossier.get(SYSTEM, "claim", ge["id"]) == ge  # nothing written
    nx05 = dossier.records(SYSTEM, "action", area="NX05")[0]
    nx01 = dossier.records(SYSTEM, "action", area="NX01")[0]
    assert dossier.update(TEAM, "action", nx05["id"], nx05["version"], status="gereed")
    with pytest.raises(PermissionDeniedError, match="NOVEX-gebied 'NX01'"):
        dossier.update(TEAM, "action", nx01["id"], nx01["version"], status="gereed")
    with pytest.raises(PermissionDeniedError, match="after the change"):  # moving it away
        dossier.update(TEAM, "action", nx05["id"], nx05["version"] + 1, area="NX01")
    with pytest.raises(PermissionDeniedError):
        dossier.create(PUBLIC, "phase", code="F9", name="x", start="2030", end="2031",
                       status="gepland")  # fmt: skip


def test_publiek_reads_only_published_records(dossier, arrangement):
    with pytest.raises(PermissionDeniedError, match="not published"):
        dossier.show_arrangement(PUBLIC, arrangement["id"])
    assert dossier.records(PUBLIC, "arrangement") == []
    assert dossier.records(GE, "arrangement") == []
    assert [a["id"] for a in dossier.records(UT, "arrangement")] == [arrangement["id"]]
    dossier.update(SYSTEM, "arrangement", arrangement["id"], 1, published=True)
    assert dossier.show_arrangement(PUBLIC, arrangement["id"])["province"] == "NL-UT"
    with pytest.raises(PermissionDeniedError):
        dossier.update(PUBLIC, "arrangement", arrangement["id"], 2, title="x")


def test_publiek_submits_zienswijzen_but_does_not_read_unpublished_ones(dossier):
    z = dossier.submit_zienswijze(PUBLIC, text="Bescherm het veenweidegebied.",
                                  submitter_category="inwoner", interests=["NB13"],
                                  areas=["NX05"], submitted_on="2024-07-01")  # fmt: skip
    assert z["status"] == "ontvangen" and z["submitted_by"] == "iemand"
    with pytest.raises(PermissionDeniedError):
        dossier.get(PUBLIC, "zienswijze", z["id"])
    with pytest.raises(PermissionDeniedError):
        dossier.update(PUBLIC, "zienswijze", z["id"], 1, answer="zelf beantwoord")
    done = dossier.update(SYSTEM, "zienswijze", z["id"], 1, status="beantwoord",
                          answer="Het veenweidegebied blijft sturend.", published=True)  # fmt: skip
    assert dossier.get(PUBLIC, "zienswijze", z["id"])["answer"] == done["answer"]


def test_passwords_are_hashed_and_checked(dossier):
    user = dossier.add_user(SYSTEM, "ute", "provincie:NL-UT", "geheim-wachtwoord")
    assert "password_hash" not in user
    actor = dossier.authenticate("ute", "geheim-wachtwoord")
    assert actor == UT.__class__("ute", "provincie:NL-UT")
    with pytest.raises(PermissionDeniedError, match="wrong password"):
        dossier.authenticate("ute", "fout")
    export = dossier.export_json(SYSTEM)
    assert "geheim-wachtwoord" not in export and "$argon2id$" in export
    with pytest.raises(PermissionDeniedError):
        dossier.add_user(UT, "x", "rijk", "geheim-wachtwoord")
    with pytest.raises(DossierInputError, match=r"Unknown province 'XX'"):
        dossier.add_user(SYSTEM, "y", "provincie:XX", "geheim-wachtwoord")
