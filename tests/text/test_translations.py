"""Messages and labels: Dutch for every message the code shows, gettext for Jinja2."""

from __future__ import annotations

import ast
from pathlib import Path

import jinja2
import pytest

import novex
from novex.text import gettext, ngettext, source_status_label, status_label, translations
from novex.text.catalog import NL_MESSAGES
from novex.text.labels import STATUS_LABELS
from novex.text.translations import missing

SRC = Path(novex.__file__).parent


def _messages_in_code() -> set[str]:
    """Every string literal passed first to ``gettext(...)`` or ``_(...)`` in src/novex."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            first = node.args[0]
            if name in ("gettext", "_") and isinstance(first, ast.Constant):
                if isinstance(first.value, str):
                    found.add(first.value)
    return found


def test_every_message_in_the_code_has_dutch() -> None:
    used = _messages_in_code()
    assert len(used) > 40  # the scan finds the CLI, runner and output messages
    assert missing(sorted(used), "nl") == []


def test_dutch_wording_a_planner_writes() -> None:
    assert gettext("optimality gap", "nl") == "optimaliteitsmarge"
    assert status_label("within-integrality", "nl") == "binnen de marge van hele cellen"
    short = gettext(
        "Does not fit: {short} short of {demand}. Room where {function} is allowed: "
        "{room}{rule}; other claims come first (priority) or share that room.",
        "nl",
        short="120 ha",
        demand="2.147 ha",
        function="wonen",
        room="45.012 ha",
        rule="",
    )
    assert short.startswith("Past niet: 120 ha tekort op 2.147 ha.")
    binds = NL_MESSAGES[
        "Fits: {alloc} of {demand}; the claim's maximum is reached: one more hectare would "
        "gain {gain} suitability."
    ]
    assert "het maximum van de claim is bereikt" in binds
    words = " ".join([*NL_MESSAGES.values(), *(v["nl"] for v in STATUS_LABELS.values())])
    for bad in ("heelcel", "gat (gecertificeerd)", "maximum bindt", "tekort van"):
        assert bad not in words


def test_every_status_has_words_in_both_languages() -> None:
    for code in ("optimal", "within-gap", "within-integrality", "above-gap", "elastic"):
        assert status_label(code, "nl") != code or code == "status"
        assert status_label(code, "en")
    assert status_label("infeasible", "en") == "does not fit"
    assert source_status_label("assumption", "nl") == "aanname"
    assert status_label("something-new", "nl") == "something-new"


def test_english_is_the_message_itself() -> None:
    assert gettext("Outputs", "en") == "Outputs"
    assert ngettext("{n} province", "{n} provinces", 1, "en") == "1 province"
    assert ngettext("{n} province", "{n} provinces", 12, "nl") == "12 provincies"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", "Uitvoer | 1 provincie | 12 provincies | optimaliteitsmarge"),
        ("en", "Outputs | 1 province | 12 provinces | optimality gap"),
    ],
)
def test_jinja2_i18n_installs_the_translations(lang, expected) -> None:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    env.install_gettext_translations(translations(lang), newstyle=True)
    template = env.from_string(
        "{{ _('Outputs') }} | "
        "{{ ngettext('%(num)s province', '%(num)s provinces', 1) }} | "
        "{% trans count=12 %}{{ count }} province{% pluralize %}{{ count }} provinces"
        "{% endtrans %} | {{ gettext('optimality gap') }}"
    )
    assert template.render() == expected
