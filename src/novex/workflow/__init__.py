"""Workflows: the parts of novex run together, as library calls.

A workflow sits above the parts it runs (the demo workspace generator, stack and
puzzle; later the dossier and reports), so the command line, the web app and the
report generator all call the same function instead of each wiring the parts.

- :func:`run_demo`: build or reuse the NL demo workspace, compute the stapelkaart and
  solve the provincial puzzles (``novex demo``).
"""

from novex.workflow.demo import (
    DemoProgress,
    DemoRun,
    DemoStage,
    demo_paths,
    open_or_build_workspace,
    run_demo,
)

__all__ = [
    "DemoProgress",
    "DemoRun",
    "DemoStage",
    "demo_paths",
    "open_or_build_workspace",
    "run_demo",
]
