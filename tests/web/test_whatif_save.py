"""Saving a what-if draft to the dossier: a run folder written whole, then imported."""

from __future__ import annotations

from pathlib import Path

import pytest


def _draft(client, token: str, **body) -> dict:
    r = client.post("/api/whatif", json={"province": "NL-UT", **body},
                    headers={"X-CSRF-Token": token})  # fmt: skip
    assert r.status_code == 200, r.text
    return r.json()


def _save(client, draft_id: str, token: str | None):
    headers = {"X-CSRF-Token": token} if token else {}
    return client.post(f"/api/whatif/{draft_id}/save", headers=headers)


def test_a_saved_draft_is_a_run_in_the_dossier_with_the_drafts_claims(
    client, app, login, sample
) -> None:
    from novex.results import open_run

    token = login(client, "ute")
    draft = _draft(client, token, function="wonen", add_ha=12.5)
    r = _save(client, draft["id"], token)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["created"] is True and body["province"] == "NL-UT"
    folder = Path(body["folder"])
    assert folder.parent == sample.run.parent / "concepten"
    assert folder.name == f"wat-als-NL-UT-{draft['id']}"
    # the folder is a complete run that open_run reads; its claims are the draft's
    run = open_run(folder)
    assert [p.code for p in run.provinces] == ["NL-UT"]
    saved = {c.function: c for c in run.claims()}
    assert set(saved) == {c["function"] for c in draft["claims"]}
    for c in draft["claims"]:
        s = saved[c["function"]]
        assert s.region == "NL-UT"
        assert s.demand_min == pytest.approx(c["demand_min"])
        assert s.allocated == pytest.approx(c["allocated"])
        assert s.shortfall == pytest.approx(c["shortfall"])
        assert s.price == pytest.approx(c["price"])
    assert saved["wonen"].demand_min == pytest.approx(37.5)
    # the dossier holds the run, imported by ute, not published, with the draft's claims
    from sqlalchemy import select

    from novex.dossier.models import PuzzleRun, RunClaim

    with app.state.novex.dossier.transaction(read_only=True) as s:
        stored = s.get(PuzzleRun, body["id"])
        assert stored is not None and stored.imported_by == "ute" and not stored.published
        assert stored.source_path == str(folder.resolve())
        claims = s.scalars(select(RunClaim).where(RunClaim.run_id == body["id"])).all()
        wonen = next(c for c in claims if c.function == "wonen")
        assert wonen.demand_min == pytest.approx(37.5)
    assert body["name"].endswith(f"wat als NL-UT ({draft['id']})")
    # a second save gives the same run back
    again = _save(client, draft["id"], token)
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert again.json()["created"] is False


def test_saving_needs_the_maker_the_role_and_the_csrf_token(client, app, login) -> None:
    token = login(client, "ute")
    draft = _draft(client, token)
    assert _save(client, draft["id"], None).status_code == 403  # no CSRF token
    assert _save(client, "no-such-draft", token).status_code == 404
    uwe = login(client, "uwe")  # same province, not the maker: drafts are per user
    r = _save(client, draft["id"], uwe)
    assert r.status_code == 404 and "Unknown what-if draft" in r.json()["detail"]
    tom = login(client, "tom")  # a gebiedsteam may not save drafts
    assert _save(client, draft["id"], tom).status_code == 403
    # a draft whose maker lost the province's role (here: gert's name on ute's draft)
    app.state.novex.whatif.kept_draft(draft["id"], "ute").owner = "gert"
    assert _save(client, draft["id"], login(client, "gert")).status_code == 403
    client.cookies.clear()
    assert _save(client, draft["id"], None).status_code == 401
    assert app.state.novex.whatif.kept_draft(draft["id"], "gert").saved is None  # nothing saved


def test_a_failing_import_leaves_no_folder(client, app, login, tmp_path, monkeypatch) -> None:
    from novex.errors import DossierInputError

    st = app.state.novex
    monkeypatch.setattr(st, "config", _with_drafts(st.config, tmp_path / "concepten"))

    def broken(*args, **kwargs):
        raise DossierInputError("the dossier refuses this run (test)")

    monkeypatch.setattr(st.dossier, "import_run", broken)
    token = login(client, "rita")
    draft = _draft(client, token, function="wonen", add_ha=5.0)
    r = _save(client, draft["id"], token)
    assert r.status_code == 422 and "refuses" in r.json()["detail"]
    assert list((tmp_path / "concepten").iterdir()) == []
    assert st.whatif.kept_draft(draft["id"], "rita").saved is None


def _with_drafts(config, folder: Path):
    from dataclasses import replace

    return replace(config, drafts=folder)


@pytest.mark.parametrize(
    ("lang", "label"), [("nl", "Opslaan in dossier"), ("en", "Save to dossier")]
)
def test_the_atlas_offers_saving_a_draft_to_planners(client, login, lang, label) -> None:
    login(client, "ute")
    page = client.get("/", params={"lang": lang}).text
    assert f'data-save="{label}"' in page
    assert ("alleen bewaard" if lang == "nl" else "kept only when you save it") in page
    client.cookies.clear()
    assert label not in client.get("/", params={"lang": lang}).text  # not for the public


def test_an_unwritable_drafts_folder_is_said_plainly(client, app, login, tmp_path) -> None:
    st = app.state.novex
    (tmp_path / "a-file").write_text("not a folder")
    st.config = _with_drafts(st.config, tmp_path / "a-file" / "concepten")
    token = login(client, "ute")
    draft = _draft(client, token)
    r = _save(client, draft["id"], token)
    assert r.status_code == 500 and "a-file" in r.json()["detail"]
    assert "WebConfig(drafts=" in r.json()["detail"]
    assert st.whatif.kept_draft(draft["id"], "ute").saved is None
