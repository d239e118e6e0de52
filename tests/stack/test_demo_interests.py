"""The synthetic interest layers of the demo workspace."""

from __future__ import annotations

import numpy as np

from novex.demo.interests import INTEREST_LAYERS, add_interest_layers
from novex.layers import LayerKind, Workspace


def test_add_interest_layers_writes_at_least_12_interests(base_workspace: Workspace) -> None:
    specs = add_interest_layers(base_workspace)
    interests = {n for s in specs for n in s.interests}
    assert len(interests) >= 12
    assert len(specs) == len(INTEREST_LAYERS)
    for spec in specs:
        assert spec.synthetic
        assert spec.kind in (LayerKind.CLAIM, LayerKind.PROTECTION)
        assert len(spec.interests) == 1
        arr = base_workspace.read(spec.name)
        assert arr.dtype == np.uint8
        assert set(np.unique(arr)) <= {0, 1, 255}


def test_add_interest_layers_is_deterministic(base_workspace: Workspace) -> None:
    first = {s.name: s.sha256 for s in add_interest_layers(base_workspace)}
    second = {s.name: s.sha256 for s in add_interest_layers(base_workspace)}
    assert first == second


def test_interest_layers_are_not_empty(base_workspace: Workspace) -> None:
    add_interest_layers(base_workspace)
    empty = [
        item.name for item in INTEREST_LAYERS if not (base_workspace.read(item.name) == 1).any()
    ]
    assert empty == []
