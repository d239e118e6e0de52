"""Run folders enter the dossier through novex.results; regions are the reference's."""

from __future__ import annotations

import json
import shutil

import pytest

from novex.dossier import SYSTEM
from novex.dossier import regions as dossier_regions
from novex.dossier.runs import read_run
from novex.dossier.seed import seed_demo
from novex.errors import DossierInputError, ResultsError
from novex.reference import region


def test_the_run_is_read_through_novex_results(run_folder):
    from novex.results import open_run

    data = read_run(run_folder)
    run = open_run(run_folder)
    assert data["manifest_hash"] == run.manifest.sha256
    assert [(c["province"], c["function"], c["total_ha"]) for c in data["claims"]] == [
        (c.region, c.function, c.total_ha) for c in run.claims()
    ]
    assert [p["gap"] for p in data["certificate"]["provinces"]] == [p.gap for p in run.provinces]


def _copy(run_folder, tmp_path):
    folder = tmp_path / "run"
    shutil.copytree(run_folder, folder)
    return folder


def test_a_folder_of_the_old_format_is_refused_with_the_readers_message(
    dossier, run_folder, tmp_path
):
    folder = _copy(run_folder, tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["format"] = "novex-puzzle-run/1"
    del manifest["format_version"]
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(DossierInputError, match="format 'novex-puzzle-run/1' without a format_v"):
        dossier.import_run(SYSTEM, folder)
    try:
        dossier.import_run(SYSTEM, folder)
    except DossierInputError as err:
        assert isinstance(err.__cause__, ResultsError)
        assert "novex puzzle solve" in str(err)  # how to write it again
    assert dossier.records(SYSTEM, "run") == []


def test_a_missing_or_incomplete_folder_is_refused_and_seeding_writes_nothing(
    dossier, run_folder, tmp_path
):
    with pytest.raises(DossierInputError, match="does not exist"):
        dossier.import_run(SYSTEM, tmp_path / "nowhere")
    folder = _copy(run_folder, tmp_path)
    (folder / "claims.json").unlink()
    with pytest.raises(DossierInputError, match=r"missing 'claims\.json'"):
        seed_demo(dossier, SYSTEM, run_folder=folder)
    assert dossier.records(SYSTEM, "startpakket") == []  # checked before anything is written


def test_a_run_with_an_unsolved_province_is_refused(dossier, tmp_path):
    from novex.results import sample_workspace, write_sample_run

    too_much = {"province": "NL-UT", "function": "wonen", "min_ha": 5000.0, "max_ha": 6000.0,
                "priority": 1, "source": "synthetic test claim", "status": "assumption"}  # fmt: skip
    ws = sample_workspace(tmp_path / "ws", [too_much])
    folder = write_sample_run(ws, tmp_path / "strict", elastic=False)
    with pytest.raises(DossierInputError, match=r"no 'price' for the claim \(NL-UT, wonen\)"):
        dossier.import_run(SYSTEM, folder)
    assert dossier.records(SYSTEM, "run") == []


def test_regions_are_the_references_and_unknown_codes_list_the_valid_ones():
    assert dossier_regions.province("NL-UT") is region("NL-UT")
    assert dossier_regions.area("NX07") is region("NX07")
    assert [r.code for r in dossier_regions.provinces()][:2] == ["NL-GR", "NL-FR"]
    assert len(dossier_regions.areas()) == 16
    with pytest.raises(DossierInputError, match=r"'Utrecht' is province 'NL-UT'"):
        dossier_regions.province("Utrecht")
    with pytest.raises(DossierInputError, match=r"Unknown NOVEX-gebied 'NX99'; .*'NX16'\]\.$"):
        dossier_regions.area("NX99")
    with pytest.raises(DossierInputError, match=r"Unknown province 'NX07'; .*'NL-ZH'\]\.$"):
        dossier_regions.province("NX07")
