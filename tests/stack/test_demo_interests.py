"""The synthetic interest layers of the demo workspace."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np

from novex.demo.interests import INTEREST_LAYERS, NOT_MAPPED, add_interest_layers
from novex.layers import LayerKind, Workspace
from novex.stack import compute_stack


def test_add_interest_layers_maps_20_interests_and_explains_the_21st(
    base_workspace: Workspace,
) -> None:
    specs = add_interest_layers(base_workspace)
    interests = {n for s in specs for n in s.interests}
    assert interests == set(range(2, 22))
    assert set(NOT_MAPPED) == {1}
    reason = base_workspace.info["interests_not_mapped"]["1"]
    assert "stapelkaart" in reason["reason_nl"] and "umbrella" in reason["reason_en"].lower()
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


def test_every_interest_is_stacked_or_listed_as_not_mapped(
    base_workspace: Workspace, tmp_path: Path
) -> None:
    add_interest_layers(base_workspace)
    base_workspace.save()
    result = compute_stack(base_workspace, out=tmp_path / "stack", maps=False)
    data = json.loads((tmp_path / "stack" / "stack.json").read_text(encoding="utf-8"))
    stacked = set(data["interests"])
    missing = {row["interest"]: row["reason"] for row in data["not_mapped"]}
    assert stacked | set(missing) == set(range(1, 22)) and not stacked & set(missing)
    assert missing == {1: result.not_mapped_rows("nl")[0]["reason"]} and missing[1]
    with open(tmp_path / "stack" / "interests.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["region"] == "Utrecht"]
    by_interest = {int(r["interest"]): r for r in rows}
    assert set(by_interest) == set(range(1, 22))
    assert by_interest[1]["mapped"] == "False" and by_interest[1]["hectares"] == ""
    assert by_interest[1]["reason"].startswith("Overkoepelend belang")


def test_an_interest_without_a_layer_gets_the_default_reason(base_workspace: Workspace) -> None:
    add_interest_layers(base_workspace)
    base_workspace.remove_layer("claim_visserij")
    base_workspace.info.pop("interests_not_mapped")
    result = compute_stack(base_workspace)
    assert set(result.not_mapped) == {1, 21}
    assert "Geen claim- of beschermingslaag" in result.not_mapped[21]["reason_nl"]
