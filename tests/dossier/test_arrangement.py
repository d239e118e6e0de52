"""The ruimtelijk arrangement: numbers from the run, versions, status workflow, diff."""

from __future__ import annotations

import json

import pytest

from novex.dossier import SYSTEM
from novex.errors import DossierInputError, DossierNotFoundError


def test_numbers_equal_the_runs_claims_table(dossier, run_folder):
    run = dossier.import_run(SYSTEM, run_folder)
    table = json.loads((run_folder / "claims.json").read_text())["claims"]
    for code in ("NL-UT", "NL-GE"):
        arr = dossier.create_arrangement(SYSTEM, code, run["id"])
        rows = [r for r in table if r["region"] == code]
        assert sorted(arr["content"]["functions"]) == sorted(r["function"] for r in rows)
        for r in rows:
            f = arr["content"]["functions"][r["function"]]
            assert f["agreed_ha"] == r["total_ha"]
            assert f["demand_min"] == r["demand_min"]
            assert f["demand_max"] == r["demand_max"]
            assert f["allocated"] == r["allocated"]
            assert f["shortfall"] == r["shortfall"]
        assert arr["status"] == "concept"
        assert arr["run_id"] == run["id"]
    ge = dossier.records(SYSTEM, "arrangement", province="NL-GE")[0]
    shown = dossier.show_arrangement(SYSTEM, ge["id"])
    short = [(r["function"], r["shortfall"]) for r in table if r["region"] == "NL-GE"]
    assert shown["content"]["unfit"] == [
        {"function": f, "shortfall_ha": ha, "agreement": ""} for f, ha in short if ha > 0
    ]
    assert [u["function"] for u in shown["content"]["unfit"]] == ["wonen", "energie"]
    assert shown["content"]["unfit"][0]["shortfall_ha"] == pytest.approx(750.0)


def test_run_is_stored_with_hash_and_certificate(dossier, run_folder):
    import hashlib

    run = dossier.import_run(SYSTEM, run_folder)
    raw = (run_folder / "manifest.json").read_bytes()
    manifest = json.loads(raw)
    assert run["manifest_hash"] == hashlib.sha256(raw).hexdigest()
    assert run["manifest"] == manifest
    assert run["name"] == "voorbeeld"
    assert run["certificate"]["max_gap"] == manifest["max_gap"]
    assert run["certificate"]["elastic"] is True
    keys = ("province", "status", "objective", "dual_bound", "gap")
    assert run["certificate"]["provinces"] == [
        {k: p[k] for k in keys} for p in manifest["provinces"]
    ]
    assert [p["status"] for p in run["certificate"]["provinces"]] == ["elastic", "optimal"]
    assert dossier.import_run(SYSTEM, run_folder)["id"] == run["id"]  # imported once


def test_status_workflow(dossier, arrangement):
    a = arrangement
    with pytest.raises(DossierInputError, match="cannot go from 'concept' to 'vastgesteld'"):
        dossier.set_arrangement_status(SYSTEM, a["id"], a["version"], "vastgesteld")
    a = dossier.set_arrangement_status(SYSTEM, a["id"], a["version"], "in_overleg")
    a = dossier.set_arrangement_status(SYSTEM, a["id"], a["version"], "vastgesteld")
    with pytest.raises(DossierInputError, match="is vastgesteld"):
        dossier.revise_arrangement(SYSTEM, a["id"], a["version"], a["content"])
    with pytest.raises(DossierInputError, match="needs a reason"):
        dossier.set_arrangement_status(SYSTEM, a["id"], a["version"], "in_overleg")
    with pytest.raises(DossierInputError, match="cannot go from 'vastgesteld' to 'concept'"):
        dossier.set_arrangement_status(SYSTEM, a["id"], a["version"], "concept", "terug")
    a = dossier.set_arrangement_status(
        SYSTEM, a["id"], a["version"], "in_overleg", "Nieuwe woningbouwafspraken"
    )
    assert a["status"] == "in_overleg"
    assert [v["status"] for v in a["versions"]] == [
        "concept",
        "in_overleg",
        "vastgesteld",
        "in_overleg",
    ]
    assert a["versions"][-1]["reason"] == "Nieuwe woningbouwafspraken"


def test_diff_between_versions_in_ha_and_text(dossier, arrangement):
    a = arrangement
    content = json.loads(json.dumps(a["content"]))
    content["functions"]["wonen"]["agreed_ha"] = 1310.5
    a = dossier.revise_arrangement(SYSTEM, a["id"], a["version"], content, "overleg 1")
    content["functions"]["wonen"]["agreed_ha"] = 1400.0
    content["commitments_rijk"] = ["Rijk draagt bij aan ontsluiting OV"]
    b = dossier.revise_arrangement(SYSTEM, a["id"], a["version"], content, "overleg 2")
    assert b["current"] == 3
    diff = dossier.diff_arrangement(SYSTEM, a["id"], 2, 3)
    assert diff["functions"] == [
        {"function": "wonen", "from_ha": 1310.5, "to_ha": 1400.0, "delta_ha": 89.5}
    ]
    assert diff["lists"] == {
        "commitments_rijk": {"added": ["Rijk draagt bij aan ontsluiting OV"], "removed": []}
    }
    assert "wonen: 1.310,5 ha -> 1.400,0 ha (+89,5 ha)" in diff["text"]
    en = dossier.diff_arrangement(SYSTEM, a["id"], 2, 3, lang="en")
    assert "wonen: 1,310.5 ha -> 1,400.0 ha (+89.5 ha)" in en["text"]
    first = dossier.diff_arrangement(SYSTEM, a["id"], 1, 2)["functions"]
    assert first == [{"function": "wonen", "from_ha": 25.0, "to_ha": 1310.5, "delta_ha": 1285.5}]
    assert dossier.diff_arrangement(SYSTEM, a["id"], 2, 2)["text"] == ["geen verschillen"]
    with pytest.raises(DossierNotFoundError, match="no version 7"):
        dossier.diff_arrangement(SYSTEM, a["id"], 1, 7)


def test_province_not_in_run_is_refused(dossier, run_folder):
    run = dossier.import_run(SYSTEM, run_folder)
    with pytest.raises(DossierInputError, match="no claims for 'NL-FR'"):
        dossier.create_arrangement(SYSTEM, "NL-FR", run["id"])
    assert dossier.records(SYSTEM, "arrangement") == []
