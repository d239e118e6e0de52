"""Optimistic concurrency: an edit based on an old version is refused, never lost."""

from __future__ import annotations

import json
import threading

import pytest

from novex.dossier import SYSTEM, Actor, Dossier
from novex.errors import ConflictError


def _with(content, ha):
    c = json.loads(json.dumps(content))
    c["functions"]["wonen"]["agreed_ha"] = ha
    return c


def test_two_edits_of_one_version_one_wins_other_conflicts(dossier, arrangement):
    anna, bram = Actor("anna", "provincie:NL-UT"), Actor("bram", "rijk")
    a = arrangement
    assert a["version"] == 1
    won = dossier.revise_arrangement(anna, a["id"], 1, _with(a["content"], 1400.0), "anna")
    with pytest.raises(ConflictError, match=r"changed since version 1: version 2 by 'anna'") as e:
        dossier.revise_arrangement(bram, a["id"], 1, _with(a["content"], 1500.0), "bram")
    assert "(revise: content, current)" in str(e.value)
    assert e.value.changes[0]["actor"] == "anna"
    now = dossier.show_arrangement(SYSTEM, a["id"])
    assert now["version"] == won["version"] == 2
    assert now["content"]["functions"]["wonen"]["agreed_ha"] == 1400.0
    # bram reloads and applies his edit on top: both edits are in the history
    dossier.revise_arrangement(bram, a["id"], now["version"], _with(now["content"], 1500.0), "b")
    shown = dossier.show_arrangement(SYSTEM, a["id"])
    assert [v["author"] for v in shown["versions"]] == ["novex", "anna", "bram"]
    assert shown["content"]["functions"]["wonen"]["agreed_ha"] == 1500.0


def test_parallel_edits_on_own_connections(dossier, arrangement):
    """Eight threads, each with its own engine, edit version 1 at once: exactly one wins."""
    a = arrangement
    db_url = dossier.engine.url.render_as_string(hide_password=False)
    barrier = threading.Barrier(8)
    results: list[str] = []

    def edit(k: int) -> None:
        d = Dossier.open(db_url, upgrade=False)
        try:
            barrier.wait()
            d.revise_arrangement(SYSTEM, a["id"], 1, _with(a["content"], 1000.0 + k), f"t{k}")
            results.append(f"ok{k}")
        except ConflictError:
            results.append("conflict")
        finally:
            d.close()

    threads = [threading.Thread(target=edit, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [r for r in results if r.startswith("ok")]
    assert len(results) == 8 and len(winners) == 1 and results.count("conflict") == 7
    d = Dossier.open(db_url, upgrade=False)
    shown = d.show_arrangement(SYSTEM, a["id"])
    d.close()
    k = int(winners[0][2:])
    assert shown["version"] == 2
    assert shown["content"]["functions"]["wonen"]["agreed_ha"] == 1000.0 + k
    assert [v["reason"] for v in shown["versions"]][1:] == [f"t{k}"]


def test_generic_update_conflict_names_fields(dossier):
    act = dossier.create(SYSTEM, "action", area="NX05", title="Verkenning", owner="provincie",
                         start="2025-01-01", deadline="2025-12-31", status="gepland",
                         interests=["NB05"])  # fmt: skip
    dossier.update(Actor("team", "gebiedsteam:NX05"), "action", act["id"], 1, status="lopend")
    with pytest.raises(ConflictError, match=r"by 'team' .*\(update: status\)"):
        dossier.update(SYSTEM, "action", act["id"], 1, owner="Rijk")
    assert dossier.get(SYSTEM, "action", act["id"])["owner"] == "provincie"
