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
    assert shown["content"]["unfit"] == [
        {"function": "wonen", "shortfall_ha": 149.75, "agreement": ""}
    ]


def test_run_is_stored_with_hash_and_certificate(dossier, run_folder):
    import hashlib

    run = dossier.import_run(SYSTEM, run_folder)
    assert (
        run["manifest_hash"]
        == hashlib.sha256((run_folder / "manifest.json").read_bytes()).hexdigest()
    )
    assert run["certificate"]["max_gap"] == 0.025
    assert [p["dual_bound"] for p in run["certificate"]["provinces"]] == [10.0, 20.5]
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
    content["functions"]["wonen"]["agreed_ha"] = 1400.0
    content["commitments_rijk"] = ["Rijk draagt bij aan ontsluiting OV"]
    b = dossier.revise_arrangement(SYSTEM, a["id"], a["version"], content, "overleg 1")
    assert b["current"] == 2
    diff = dossier.diff_arrangement(SYSTEM, a["id"], 1, 2)
    assert diff["functions"] == [
        {"function": "wonen", "from_ha": 1310.5, "to_ha": 1400.0, "delta_ha": 89.5}
    ]
    assert diff["lists"] == {
        "commitments_rijk": {"added": ["Rijk draagt bij aan ontsluiting OV"], "removed": []}
    }
    assert "wonen: 1.310,5 ha -> 1.400,0 ha (+89,5 ha)" in diff["text"]
    en = dossier.diff_arrangement(SYSTEM, a["id"], 1, 2, lang="en")
    assert "wonen: 1,310.5 ha -> 1,400.0 ha (+89.5 ha)" in en["text"]
    assert dossier.diff_arrangement(SYSTEM, a["id"], 2, 2)["text"] == ["geen verschillen"]
    with pytest.raises(DossierNotFoundError, match="no version 7"):
        dossier.diff_arrangement(SYSTEM, a["id"], 1, 7)


def test_province_not_in_run_is_refused(dossier, run_folder):
    run = dossier.import_run(SYSTEM, run_folder)
    with pytest.raises(DossierInputError, match="no claims for 'NL-FR'"):
        dossier.create_arrangement(SYSTEM, "NL-FR", run["id"])
    assert dossier.records(SYSTEM, "arrangement") == []
