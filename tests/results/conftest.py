"""Fixtures for the results readers: the sample workspace, its run and stapelkaart, in memory
and as folders, so that every value read back can be compared with what was written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from novex.layers import Workspace
from novex.puzzle import PuzzleRun, PuzzleSpec, solve_spec
from novex.results import sample_workspace
from novex.results.samples import SAMPLE_CLAIMS, SAMPLE_SPEC
from novex.stack import StackResult, compute_stack


@pytest.fixture(scope="session")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The sample workspace (two provinces, 20 x 20 cells of 250 m)."""
    return sample_workspace(tmp_path_factory.mktemp("results") / "ws")


@pytest.fixture(scope="session")
def solved(workspace: Workspace) -> PuzzleRun:
    """The sample puzzle solved in memory, with the principles compared."""
    return solve_spec(workspace, PuzzleSpec.from_toml(SAMPLE_SPEC), compare_principles=True)


@pytest.fixture(scope="session")
def run_folder(solved: PuzzleRun, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``solved`` written as a run folder (Dutch)."""
    return solved.write(tmp_path_factory.mktemp("results") / "run")


@pytest.fixture(scope="session")
def strict_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[PuzzleRun, Path]:
    """A strict run where Utrecht's wonen claim (2,000 ha) exceeds the province (1,250 ha)."""
    claims = [dict(r) for r in SAMPLE_CLAIMS]
    claims[0].update(min_ha=2000.0, max_ha=2500.0)
    base = tmp_path_factory.mktemp("results")
    ws = sample_workspace(base / "ws-strict", claims)
    run = solve_spec(ws, PuzzleSpec.from_toml(SAMPLE_SPEC), elastic=False)
    return run, run.write(base / "run-strict", lang="en")


@pytest.fixture(scope="session")
def stacked(workspace: Workspace, tmp_path_factory: pytest.TempPathFactory) -> StackResult:
    """The sample stapelkaart computed into a folder, with maps."""
    return compute_stack(workspace, tmp_path_factory.mktemp("results") / "stack")


@pytest.fixture
def run_copy(run_folder: Path, tmp_path: Path) -> Path:
    """A copy of the run folder that a test may damage."""
    return Path(shutil.copytree(run_folder, tmp_path / "run"))


@pytest.fixture
def stack_copy(stacked: StackResult, tmp_path: Path) -> Path:
    """A copy of the stapelkaart folder that a test may damage."""
    return Path(shutil.copytree(stacked.files["stack_json"].parent, tmp_path / "stack"))
