from __future__ import annotations

import json

import numpy as np
import pytest

from novex.errors import LayerError, WorkspaceError
from novex.grid import read_tags
from novex.layers import LayerKind, LayerSpec, Workspace, parse_kind


def _spec(**over):
    fields = dict(
        name="natuur",
        kind="protection",
        title_nl="Natuurnetwerk",
        title_en="Nature network",
        units="0/1",
        interests=[20],
        source="test",
        synthetic=True,
    )
    fields.update(over)
    return LayerSpec.create(**fields)


def test_open_round_trip_keeps_the_registry(tiny_workspace):
    ws = Workspace.open(tiny_workspace.path)
    assert list(ws.layers) == ["elevation"]
    assert ws.layer("elevation").kind is LayerKind.PHYSICAL
    assert ws.read("elevation")[0, 1] == 1.0
    assert ws.verify() == []
    assert ws.synthetic


def test_layer_tags_travel_with_the_file(tiny_workspace):
    spec = tiny_workspace.write_layer(_spec(), np.ones(tiny_workspace.grid.shape, "uint8"))
    tags = read_tags(tiny_workspace.path / spec.file)
    assert tags["interests"] == [20] and tags["synthetic"] is True and tags["kind"] == "protection"
    assert tiny_workspace.by_interest(20) == [spec]
    assert tiny_workspace.by_kind("protection") == [spec]


def test_changed_file_fails_verification(tiny_workspace):
    (tiny_workspace.path / "layers" / "elevation.tif").write_bytes(b"changed")
    assert tiny_workspace.verify() == ["elevation"]


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("interests", [22], "National interest 22 does not exist"),
        ("interests", [0], "National interest 0 does not exist"),
        ("name", "Bad Name", "'Bad Name'"),
        ("kind", "wish", "kind"),
    ],
)
def test_invalid_specs_name_the_value(field, value, match):
    with pytest.raises(LayerError, match=match):
        _spec(**{field: value})


def test_parse_kind_lists_valid_kinds():
    assert parse_kind("Current land use") is LayerKind.CURRENT_LAND_USE
    with pytest.raises(LayerError, match=r"'wish'.*'claim'"):
        parse_kind("wish")


def test_unknown_layer_lists_known_ones(tiny_workspace):
    with pytest.raises(LayerError, match=r"'roads'.*\['elevation'\]"):
        tiny_workspace.layer("roads")


def test_missing_or_foreign_manifest(tmp_path):
    with pytest.raises(WorkspaceError, match=r"workspace\.json is missing"):
        Workspace.open(tmp_path)
    (tmp_path / "workspace.json").write_text(json.dumps({"format": "other/9"}))
    with pytest.raises(WorkspaceError, match="'other/9'"):
        Workspace.open(tmp_path)
    (tmp_path / "workspace.json").write_text("{not json")
    with pytest.raises(WorkspaceError, match="Cannot read workspace manifest"):
        Workspace.open(tmp_path)


def test_json_tables(tiny_workspace):
    tiny_workspace.write_json_table("startpakket", {"claims": []}, description="claims")
    tiny_workspace.save()
    ws = Workspace.open(tiny_workspace.path)
    assert ws.read_json_table("startpakket") == {"claims": []}
    with pytest.raises(WorkspaceError, match="'nope'"):
        ws.table_path("nope")
