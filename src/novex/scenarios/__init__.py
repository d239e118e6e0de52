"""Toekomstperspectieven: scenario sets of puzzles, 2030-2130, on dask.distributed.

- :mod:`~novex.scenarios.spec`: the scenario spec (TOML), variants as a grid;
- :mod:`~novex.scenarios.derive`: derived rule layers per horizon and climate variant;
- :mod:`~novex.scenarios.afwenteling`: an allocation under a later horizon's rules;
- :mod:`~novex.scenarios.run`: the batch, serial or on Dask, atomic and resumable;
- :mod:`~novex.scenarios.cluster`: the LocalCluster, its workers like one serial process;
- :mod:`~novex.scenarios.compare`: indicators side by side, difference maps.

See ``docs/scenarios.md``.
"""

from novex.scenarios.run import BatchResult, ScenarioOutcome, plan_scenarios, run_scenarios
from novex.scenarios.spec import HORIZONS, Scenario, ScenarioSet, load_scenarios

__all__ = [
    "HORIZONS",
    "BatchResult",
    "Scenario",
    "ScenarioOutcome",
    "ScenarioSet",
    "load_scenarios",
    "plan_scenarios",
    "run_scenarios",
]
