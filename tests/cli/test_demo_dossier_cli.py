"""``novex demo`` prints where the demo dossier is and what it holds, in the user's language."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from novex.cli.demo import print_dossier
from novex.cli.options import console

COUNTS = {"startpakket": 12, "claim": 84, "phase": 4, "area": 16, "run": 1, "arrangement": 1}


def _printed(lang: str, **counts: int) -> str:
    run = SimpleNamespace(
        dossier_path=Path("/data/novex/demo-output-250m/dossier.sqlite"),
        dossier_counts={**COUNTS, **counts},
    )
    with console.capture() as out:
        print_dossier(run, lang)  # type: ignore[arg-type]
    return out.get()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "nl",
            [
                "Demodossier: /data/novex/demo-output-250m/dossier.sqlite",
                "12 startpakketten, 1 ruimtelijk arrangement (concept), 16 NOVEX-gebieden met "
                "voorbeeldagenda's, 4 fasen van de aanscherping NOVI",
                "Bekijken met: novex dossier status --db "
                "sqlite:////data/novex/demo-output-250m/dossier.sqlite",
            ],
        ),
        (
            "en",
            [
                "Demo dossier: /data/novex/demo-output-250m/dossier.sqlite",
                "12 startpakketten, 1 ruimtelijk arrangement (concept), 16 NOVEX-gebieden with "
                "example agendas, 4 phases of the aanscherping NOVI",
                "Open it with: novex dossier status --db "
                "sqlite:////data/novex/demo-output-250m/dossier.sqlite",
            ],
        ),
    ],
)
def test_the_dossier_lines_in_both_languages(lang, expected, monkeypatch) -> None:
    monkeypatch.setattr(console, "_width", 200)
    assert _printed(lang).splitlines() == expected


def test_counts_take_the_plural_form() -> None:
    assert "12 ruimtelijke arrangementen (concept)" in _printed("nl", arrangement=12)
    assert "12 ruimtelijke arrangementen (concept)" in _printed("en", arrangement=12)
