"""Layers and workspaces: the registry of named layers on the national grid.

Each layer serves one or more of the 21 national interests, has a kind (claim,
protection, constraint, suitability, current land use, ...), units, provenance and a
``synthetic`` flag; a :class:`Workspace` holds the layers of one grid and their manifest.
"""

from novex.layers.ingest import import_layer
from novex.layers.registry import N_INTERESTS, LayerKind, LayerSpec, parse_kind
from novex.layers.workspace import MANIFEST, WORKSPACE_FORMAT, Workspace, file_sha256

__all__ = [
    "MANIFEST",
    "N_INTERESTS",
    "WORKSPACE_FORMAT",
    "LayerKind",
    "LayerSpec",
    "Workspace",
    "file_sha256",
    "import_layer",
    "parse_kind",
]
