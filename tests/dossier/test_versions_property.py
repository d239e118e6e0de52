"""Property: whatever the interleaving of reads and edits, an edit is accepted exactly when it
is based on the current version, and the accepted edits are all in the final state."""

from __future__ import annotations

import tempfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from novex.dossier import SYSTEM, Actor, Dossier
from novex.errors import ConflictError

STEPS = st.lists(st.tuples(st.integers(0, 2), st.sampled_from(["read", "edit"])), max_size=30)


@pytest.fixture(scope="module")
def shared_dossier():
    with tempfile.TemporaryDirectory() as tmp:
        d = Dossier.open(f"sqlite:///{tmp}/p.sqlite")
        yield d
        d.close()


@settings(max_examples=40, deadline=None)
@given(steps=STEPS)
def test_edits_accepted_iff_based_on_current_version(shared_dossier, steps):
    d = shared_dossier
    rec = d.create(SYSTEM, "investment", area="NX05", description="p", amount_eur=0,
                   source="rijk", year=2026, status="voorgesteld")  # fmt: skip
    writers = [Actor(f"w{k}", "gebiedsteam:NX05") for k in range(3)]
    held = [(rec["version"], 0)] * 3
    current, accepted = rec["version"], 0
    for k, op in steps:
        if op == "read":
            row = d.get(writers[k], "investment", rec["id"])
            held[k] = (row["version"], row["amount_eur"])
            continue
        version, amount = held[k]
        try:
            row = d.update(writers[k], "investment", rec["id"], version, amount_eur=amount + 1)
        except ConflictError as err:
            assert version != current
            assert f"changed since version {version}" in str(err)
            continue
        assert version == current
        current, accepted = row["version"], accepted + 1
        held[k] = (row["version"], row["amount_eur"])
    final = d.get(SYSTEM, "investment", rec["id"])
    assert final["amount_eur"] == accepted and final["version"] == current
    assert len(d.audit(SYSTEM, "investment", rec["id"])) == accepted + 1
