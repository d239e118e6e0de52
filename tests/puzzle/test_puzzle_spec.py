"""The puzzle spec: parsing, validation and the errors a user sees."""

from __future__ import annotations

import pytest
from workspace_fixtures import SPEC, make_workspace

from novex.errors import NovexError, SpecError
from novex.puzzle.spec import PuzzleSpec, load_spec


def test_demo_spec_parses_with_the_water_en_bodem_rules() -> None:
    spec = load_spec("demo")
    ids = [r.id for r in spec.rules]
    assert "geen-bouwen-uiterwaarden" in ids
    assert "geen-bouwen-diepe-polders" in ids
    for rule in spec.rules:
        assert rule.source and rule.url.startswith("https://")
    assert {r.id: r.threshold_status for r in spec.rules}[
        "geen-bouwen-diepe-polders"
    ] == "uncertain"


def test_demo_types_are_functions_then_concepts() -> None:
    types = load_spec("demo").type_defs()
    ids = [t.id for t in types]
    assert ids[:8] == [
        "wonen",
        "werken",
        "energie",
        "natuur",
        "landbouw",
        "water",
        "defensie",
        "infrastructuur",
    ]
    assert ids[8:] == ["A1", "A2", "A3", "B1", "B2", "B3", "C1", "C2", "C3"]
    a1 = types[8]
    assert a1.name_nl == "Natuur en landbouw verweven"
    assert a1.contributions == {"natuur": 0.5, "landbouw": 0.6}


def test_concept_by_dutch_name() -> None:
    spec = PuzzleSpec.from_toml('[types]\nconcepts = ["Natuur en landbouw verweven"]\n')
    assert [t.id for t in spec.type_defs() if t.concept] == ["A1"]


def test_malformed_toml_names_the_line() -> None:
    with pytest.raises(SpecError, match=r"Malformed TOML.*line 3"):
        PuzzleSpec.from_toml('[puzzle]\nname = "x"\nthis is not toml\n')


def test_unknown_function_in_rule_is_named_with_its_line() -> None:
    text = SPEC.replace(
        'functions = ["wonen", "werken"]\nstatus = "verified"',
        'functions = ["wonenn"]\nstatus = "verified"',
    )
    assert "wonenn" in text
    with pytest.raises(SpecError, match=r"Unknown function 'wonenn'.*line \d+.*Valid: \['wonen'"):
        PuzzleSpec.from_toml(text)


def test_unknown_type_is_named() -> None:
    with pytest.raises(SpecError, match=r"Unknown type 'Z9'"):
        PuzzleSpec.from_toml('[[rules]]\nid = "r"\nlayer = "x"\ntypes = ["Z9"]\n')


def test_unknown_concept_is_named() -> None:
    with pytest.raises(SpecError, match=r"Unknown inrichtingsconcept 'Q7'"):
        PuzzleSpec.from_toml('[types]\nconcepts = ["Q7"]\n')


def test_unknown_field_is_refused() -> None:
    with pytest.raises(SpecError, match=r"tiers.bonuss"):
        PuzzleSpec.from_toml("[tiers]\nbonuss = [1, 2, 3]\n")


@pytest.mark.parametrize(
    ("claim", "match"),
    [
        ("min = -5.0", r"\(line 5\): claims.extra.0.min: .*got -5\.0"),
        ("min = 50.0\nmax = 10.0", r"min 50\.0 exceeds max 10\.0"),
    ],
)
def test_bad_demand_is_refused(claim: str, match: str) -> None:
    text = f'[[claims.extra]]\nprovince = "NL-UT"\nfunction = "wonen"\npriority = 1\n{claim}\n'
    with pytest.raises(SpecError, match=match):
        PuzzleSpec.from_toml(text)


def test_spec_error_is_a_novex_error_and_a_value_error() -> None:
    with pytest.raises(NovexError):
        PuzzleSpec.from_toml("[puzzle\n")
    with pytest.raises(ValueError):
        PuzzleSpec.from_toml("[puzzle\n")


def test_rule_naming_a_missing_layer(tmp_path) -> None:
    ws = make_workspace(tmp_path / "ws")
    spec = PuzzleSpec.from_toml(SPEC.replace('layer = "uiterwaarden"', 'layer = "rivierbed"'))
    with pytest.raises(
        SpecError, match=r"rules\[geen-bouwen-uiterwaarden\].layer names layer 'rivierbed'"
    ):
        spec.check_workspace(ws)


def test_rule_with_in_needs_a_list() -> None:
    with pytest.raises(SpecError, match="'in' takes a list"):
        PuzzleSpec.from_toml(
            '[[rules]]\nid = "r"\nlayer = "soil"\nop = "in"\nvalue = 1\nfunctions = ["wonen"]\n'
        )


def test_missing_spec_file(tmp_path) -> None:
    with pytest.raises(SpecError, match="Cannot read puzzle spec"):
        load_spec(tmp_path / "nope.toml")
