"""``novex puzzle solve``: what a user sees, exit codes, nothing written on bad input."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from novex.cli.main import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "puzzle"))
from workspace_fixtures import SPEC, make_workspace

runner = CliRunner()


@pytest.fixture
def ws(tmp_path):
    return make_workspace(tmp_path / "ws")


@pytest.fixture
def spec_file(tmp_path):
    path = tmp_path / "klein.toml"
    path.write_text(SPEC, encoding="utf-8")
    return path


def test_solve_prints_per_province_and_writes(ws, spec_file, tmp_path) -> None:
    out = tmp_path / "uit"
    result = runner.invoke(
        app, ["puzzle", "solve", str(spec_file), "-w", str(ws.path), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Utrecht (NL-UT)" in result.output and "Gelderland (NL-GE)" in result.output
    assert "SYNTHETISCH" in result.output
    assert (out / "allocation.tif").is_file() and (out / "claims.csv").is_file()


def test_json_and_english(ws, spec_file) -> None:
    result = runner.invoke(
        app,
        [
            "puzzle",
            "solve",
            str(spec_file),
            "-w",
            str(ws.path),
            "--province",
            "utrecht",
            "--json",
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [r["province"] for r in data["summary"]] == ["NL-UT"]
    assert data["summary"][0]["text"] == "all claims fit"
    for row in data["claims"]:
        assert row["allocated"] + row["shortfall"] == pytest.approx(row["demand_min"])
        assert row["explanation"].startswith("Fits")


def test_strict_infeasible_is_reported_not_an_error(tmp_path, spec_file) -> None:
    from workspace_fixtures import claims

    ws = make_workspace(
        tmp_path / "ws", claims(**{"NL-UT_wonen": {"min_ha": 2000.0, "max_ha": 2500.0}})
    )
    result = runner.invoke(
        app, ["puzzle", "solve", str(spec_file), "-w", str(ws.path), "--strict", "-p", "NL-UT"]
    )
    assert result.exit_code == 0, result.output
    assert "past niet" in result.output  # the status in Dutch words, not the code "infeasible"
    assert "infeasible" not in result.output


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (
            lambda s: s.replace('concepts = ["A1", "C2"]', 'concepts = ["A1", "C9"]'),
            "Unknown inrichtingsconcept 'C9'",
        ),
        (
            lambda s: s.replace(
                'id = "geen-bouwen-uiterwaarden"\nlayer = "uiterwaarden"',
                'id = "geen-bouwen-uiterwaarden"\nlayer = "rivierbed"',
            ),
            "layer 'rivierbed'",
        ),
        (lambda s: s + "\n[[rules\n", "Malformed TOML"),
        (
            lambda s: s.replace(
                'functions = ["wonen", "werken"]\nstatus = "verified"',
                'functions = ["wonen", "bouwen"]\nstatus = "verified"',
            ),
            "Unknown function 'bouwen'",
        ),
        (
            lambda s: (
                s + '\n[[claims.extra]]\nprovince = "NL-UT"\nfunction = "water"\nmin = -3.0\n'
            ),
            "got -3.0",
        ),
        (
            lambda s: (
                s
                + '\n[[claims.extra]]\nprovince = "NL-UT"\nfunction = "water"\nmin = 9.0\nmax = 3.0\n'
            ),
            "min 9.0 exceeds max 3.0",
        ),
    ],
)
def test_bad_spec_exits_2_and_writes_nothing(ws, tmp_path, edit, match) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(edit(SPEC), encoding="utf-8")
    out = tmp_path / "uit"
    result = runner.invoke(
        app, ["puzzle", "solve", str(path), "-w", str(ws.path), "--out", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert match in " ".join(result.output.split())
    assert not out.exists()
    assert not list(tmp_path.glob(".uit*"))


def test_unknown_province_exits_2(ws, spec_file, tmp_path) -> None:
    out = tmp_path / "uit"
    result = runner.invoke(
        app,
        ["puzzle", "solve", str(spec_file), "-w", str(ws.path), "-p", "Holland", "-o", str(out)],
    )
    assert result.exit_code == 2
    assert "Unknown province 'Holland'" in " ".join(result.output.split())
    assert not out.exists()


def test_bad_lang_exits_2(ws, spec_file) -> None:
    result = runner.invoke(
        app, ["puzzle", "solve", str(spec_file), "-w", str(ws.path), "--lang", "de"]
    )
    assert result.exit_code == 2


def test_demo_spec_runs_on_a_workspace_with_the_demo_layer_names(ws) -> None:
    result = runner.invoke(app, ["puzzle", "solve", "demo", "-w", str(ws.path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Provincial spatial puzzle (demo)" in result.output


def test_one_province_prints_a_line_per_novex_gebied(ws, spec_file) -> None:
    result = runner.invoke(
        app, ["puzzle", "solve", str(spec_file), "-w", str(ws.path), "--province", "Utrecht"]
    )
    assert result.exit_code == 0, result.output
    assert "NOVEX-gebieden" in result.output
    # NX07 lies on 100 cells of 6.25 ha of Utrecht in the test workspace
    assert "NX07 Verstedelijkingsgebied Utrecht-Amersfoort: 625 ha, waarvan" in result.output
    assert "NX08 " in result.output
    both = runner.invoke(app, ["puzzle", "solve", str(spec_file), "-w", str(ws.path), "--json"])
    areas = json.loads(both.stdout)["areas"]
    assert {(r["region"], r["area"]) for r in areas} >= {("NL-UT", "NX07"), ("NL-GE", "NX08")}


def test_workers_give_the_same_allocation_as_serial(ws, spec_file, tmp_path) -> None:
    outs = {}
    for n in ("1", "2"):
        outs[n] = tmp_path / f"uit{n}"
        result = runner.invoke(
            app,
            ["puzzle", "solve", str(spec_file), "-w", str(ws.path), "--out", str(outs[n]),
             "--workers", n],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert "Utrecht (NL-UT)" in result.output and "Gelderland (NL-GE)" in result.output
    for name in ("allocation.tif", "claims.csv", "coherence.csv"):
        assert (outs["1"] / name).read_bytes() == (outs["2"] / name).read_bytes(), name


def test_workers_below_one_exit_2(ws, spec_file, tmp_path) -> None:
    out = tmp_path / "uit"
    result = runner.invoke(
        app,
        ["puzzle", "solve", str(spec_file), "-w", str(ws.path), "--out", str(out),
         "--workers", "0"],
    )  # fmt: skip
    assert result.exit_code == 2
    text = " ".join(result.output.replace("│", " ").split())
    assert "Invalid value for '--workers'" in text and "greater than or equal to 1" in text
    assert not out.exists()
