"""The scenario tests' workspace, built once per session."""

from __future__ import annotations

import pytest
from scenario_fixtures import make_workspace

from novex.layers import Workspace


@pytest.fixture(scope="session")
def scen_ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The small demo-like workspace of :mod:`scenario_fixtures`."""
    return make_workspace(tmp_path_factory.mktemp("scen") / "ws")
