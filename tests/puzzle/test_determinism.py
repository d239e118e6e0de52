"""Same inputs, same bytes: whatever was solved before in the process, however busy the machine."""

from __future__ import annotations

import json
import time

import numpy as np
from workspace_fixtures import SPEC, make_workspace

import novex.puzzle.engine.primal as primal
from novex.puzzle import Problem, solve_spec
from novex.puzzle.spec import PuzzleSpec


def _province(run, code):
    """The map and the claims table of one province of a run (UT: columns 0-9)."""
    half = run.allocation[:, :10] if code == "NL-UT" else run.allocation[:, 10:]
    rows = [r for r in run.claims_table("en") if r["region"] == code]
    assert rows
    return half.tobytes(), json.dumps(rows, sort_keys=True, default=str)


def test_a_province_solved_after_another_gives_the_same_bytes_as_alone(tmp_path) -> None:
    ws = make_workspace(tmp_path / "ws")
    spec = PuzzleSpec.from_toml(SPEC)
    alone = solve_spec(ws, spec, "NL-UT")
    solve_spec(ws, spec, "NL-GE")  # another province first, in the same process
    after = solve_spec(ws, spec, "NL-UT")
    both = solve_spec(ws, spec)  # all provinces in one run
    assert (alone.allocation[:, :10] > 0).any()
    assert _province(after, "NL-UT") == _province(alone, "NL-UT")
    assert _province(both, "NL-UT") == _province(alone, "NL-UT")
    assert [p.objective for p in both.provinces if p.province.code == "NL-UT"] == [
        alone.provinces[0].objective
    ]


def _rounding_problem() -> Problem:
    """Two regions whose LP optimum splits cells (claims of 10.5 and 7.25 cells)."""
    rng = np.random.default_rng(7)
    n = 600
    s = rng.random((n, 3)).round(2)  # ties between cells: classes in the LP and the MIP
    region = np.repeat([0, 1], n // 2)
    c = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    demand = np.array([[60.5, 40.25], [70.25, 30.5]])
    return Problem.from_arrays(s, region, c, demand, demand_max=demand + 3.0)


def test_rounding_does_not_look_at_a_clock(monkeypatch) -> None:
    # Flevoland at 100 m (2026-11-29, load 15-19 on 2 cores): the first rounding MIP
    # stopped on HiGHS's 20 s (wall-clock) time limit after 3 s of CPU, not on its node
    # limit, and took another path than on an idle machine. No clock may decide the map.
    calls: list[dict[str, object]] = []
    real = primal.solve_pairs

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(primal, "solve_pairs", spy)
    problem = _rounding_problem()
    calm = problem.solve(elastic=True)
    assert calls, "no rounding MIP was solved: the test puzzle lost its fractional cells"
    assert all(kw.get("time_limit") is None for kw in calls)
    assert all(kw.get("node_limit") for kw in calls)
    # a very busy machine: every clock reading is an hour after the last
    hour = iter(range(0, 10**9, 3600))
    monkeypatch.setattr(time, "perf_counter", lambda: float(next(hour)))
    busy = _rounding_problem().solve(elastic=True)
    monkeypatch.undo()
    assert busy.assignment.tobytes() == calm.assignment.tobytes()
    assert busy.objective == calm.objective
