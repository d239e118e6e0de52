"""Fixtures for the demo workspace tests: one 250 m build per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from novex.demo import build_demo_workspace
from novex.layers import Workspace


@pytest.fixture(scope="session")
def demo250(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The demo workspace at 250 m (built once, ~12 s)."""
    out: Path = tmp_path_factory.mktemp("demo") / "nl250"
    return build_demo_workspace(out, 250)
