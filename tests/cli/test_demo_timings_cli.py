"""``novex demo`` ends with how long it took, in all and per stage, in the user's language."""

from __future__ import annotations

import pytest

from novex.cli.demo import format_duration, timing_line

TIMINGS = {
    "workspace_s": 31.2,
    "stack_s": 6.14,
    "puzzle_s": 47.6,
    "dossier_s": 2.0,
    "reports_s": 15.3,
    "total_s": 102.4,
}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", "Klaar in 1 min 42 s (werkruimte 31 s, stapelkaart 6,1 s, puzzels 48 s, "
               "dossier 2,0 s, rapporten 15 s)"),
        ("en", "Done in 1 min 42 s (workspace 31 s, stapelkaart 6.1 s, puzzles 48 s, "
               "dossier 2.0 s, reports 15 s)"),
    ],
)  # fmt: skip
def test_the_timing_line_names_every_stage_in_order(lang, expected) -> None:
    assert timing_line(TIMINGS, lang) == expected


def test_a_reused_workspace_and_no_reports_say_so() -> None:
    timings = {k: v for k, v in TIMINGS.items() if k != "reports_s"}
    line = timing_line(timings, "nl", reused=True)
    assert line.startswith("Klaar in 1 min 42 s (werkruimte hergebruikt 31 s, ")
    assert "rapporten" not in line


@pytest.mark.parametrize(
    ("seconds", "nl", "en"),
    [(0.04, "0,0 s", "0.0 s"), (9.94, "9,9 s", "9.9 s"), (9.96, "10 s", "10 s"),
     (59.4, "59 s", "59 s"), (59.6, "1 min 0 s", "1 min 0 s"), (131.8, "2 min 12 s", "2 min 12 s")],
)  # fmt: skip
def test_durations_round_like_a_stopwatch(seconds, nl, en) -> None:
    assert format_duration(seconds, "nl") == nl
    assert format_duration(seconds, "en") == en
