"""The demo startpakket: national figures converted to hectares with stated assumptions."""

from __future__ import annotations

import pytest

from novex.demo import FUNCTIONS, ClaimAssumptions, ProvinceStats, startpakket
from novex.errors import SpecError
from novex.layers import Workspace
from novex.reference import provinces


def _stats() -> list[ProvinceStats]:
    return [
        ProvinceStats(p.code, land_ha=100_000.0 * p.raster_id, nature_ha=10_000.0, agriculture_ha=50_000.0,
                      floodable_ha=20_000.0)
        for p in provinces()
    ]  # fmt: skip


def _ha(table: dict, function: str) -> float:  # type: ignore[type-arg]
    return sum(c["hectares"] for c in table["claims"] if c["function"] == function)


def test_one_claim_per_province_and_function() -> None:
    table = startpakket(_stats())
    keys = {(c["province"], c["function"]) for c in table["claims"]}
    assert keys == {(p.code, f) for p in provinces() for f in FUNCTIONS}
    for c in table["claims"]:
        assert c["min_ha"] <= c["hectares"] <= c["max_ha"]
        assert c["source"] and c["conversion"] and c["status"] in ("verified", "assumption")


def test_wonen_is_the_housing_agreements_over_the_density() -> None:
    table = startpakket(_stats())
    assert _ha(table, "wonen") == pytest.approx(917_193 / 35, abs=1)
    zh = next(c for c in table["claims"] if c["province"] == "NL-ZH" and c["function"] == "wonen")
    assert zh["native"]["value"] == 235_460
    assert zh["native"]["date"] == "2022-10-13"
    assert zh["status"] == "verified"
    denser = startpakket(_stats(), ClaimAssumptions(homes_per_ha=70))
    assert _ha(denser, "wonen") == pytest.approx(_ha(table, "wonen") / 2, rel=1e-3)


def test_energy_hectares_follow_the_yield_assumptions() -> None:
    a = ClaimAssumptions(solar_share=1.0, solar_gwh_per_ha=1.0)
    assert _ha(startpakket(_stats(), a), "energie") == pytest.approx(35_000, rel=1e-3)


def test_nature_claim_is_the_nnn_growth() -> None:
    assert _ha(startpakket(_stats()), "natuur") == pytest.approx(70_000, rel=1e-3)


@pytest.mark.parametrize(
    ("field", "value"),
    [("homes_per_ha", 0), ("solar_share", 1.5), ("energy_key", "wind"), ("flexibility", -0.1)],
)
def test_bad_assumptions_name_the_value(field: str, value: object) -> None:
    with pytest.raises(SpecError, match=field):
        ClaimAssumptions(**{field: value})


def test_the_workspace_carries_the_startpakket(demo250: Workspace) -> None:
    table = demo250.read_json_table("startpakket")
    assert table["assumptions"]["homes_per_ha"] == 35.0
    assert len(table["claims"]) == 12 * len(FUNCTIONS)
