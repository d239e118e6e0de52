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


def test_claims_name_interests_novi_priorities_and_a_derived_priority() -> None:
    table = startpakket(_stats())
    by = {(c["province"], c["function"]): c for c in table["claims"]}
    wonen, energie = by[("NL-UT", "wonen")], by[("NL-UT", "energie")]
    assert wonen["interests"][0] == 5 and wonen["novi_priorities"] == ["P3"]
    assert energie["interests"][0] == 11 and energie["novi_priorities"] == ["P1"]
    assert by[("NL-UT", "natuur")]["novi_priorities"] == ["P4"]
    assert wonen["priority"] == 1 and by[("NL-UT", "natuur")]["priority"] == 2
    # the national 35 TWh is verified; its split over provinces is an assumption
    assert energie["status"] == "assumption" and energie["native_status"] == "verified"
    assert all(c["date"] and c["source"] and c["status"] for c in table["claims"])
    ranked = startpakket(
        _stats(), ClaimAssumptions(novi_priority_rank={"P1": 3, "P2": 2, "P3": 1, "P4": 1})
    )
    ranks = {c["function"]: c["priority"] for c in ranked["claims"] if c["province"] == "NL-UT"}
    assert ranks["energie"] == 3 and ranks["natuur"] == 1
    assert ranked["priority_mapping"]["novi_priority_rank"]["P1"] == 3


def test_bad_priority_mapping_names_the_priority() -> None:
    with pytest.raises(SpecError, match="P5"):
        ClaimAssumptions(novi_priority_rank={"P1": 1, "P2": 1, "P3": 1, "P4": 1, "P5": 1})
    with pytest.raises(SpecError, match="toerisme"):
        ClaimAssumptions(priority_overrides={"toerisme": 1})


def test_wonen_claim_lists_the_woningbouwgebieden_with_homes(demo250: Workspace) -> None:
    claims = demo250.read_json_table("startpakket")["claims"]
    ut = next(c for c in claims if c["province"] == "NL-UT" and c["function"] == "wonen")
    areas = {a["code"]: a for a in ut["woningbouwgebieden"]}
    assert areas["WB09"]["homes"] == 20_000
    assert areas["WB09"]["hectares"] == pytest.approx(20_000 / 35, abs=0.1)
    assert areas["WB14"]["homes"] is None and areas["WB14"]["homes_status"] == "not_found"
    assert ut["homes_in_woningbouwgebieden"] + ut["homes_elsewhere"] == ut["homes"]


def test_every_row_of_claims_csv_has_interest_priority_source_date_status(
    demo250: Workspace, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import csv

    from novex.puzzle import solve_spec

    out = solve_spec(demo250, "demo", province="NL-UT").write(tmp_path / "puzzel")
    with open(out / "claims.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["function"] for r in rows} >= {"wonen", "natuur", "energie"}
    for r in rows:
        for col in ("interests", "novi_priorities", "priority", "source", "date", "status"):
            assert r[col], (r["function"], col)
    wonen = next(r for r in rows if r["function"] == "wonen")
    assert wonen["interests"].split()[0] == "5" and wonen["novi_priorities"] == "P3"
    assert wonen["date"] == "2022-10-13" and wonen["status"] == "verified"
    energie = next(r for r in rows if r["function"] == "energie")
    assert energie["status"] == "assumption"


def test_homes_per_tier_add_up_and_woningbouwgebieden_are_reported(
    demo250: Workspace, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import json

    from novex.puzzle import solve_spec

    out = solve_spec(demo250, "demo", province="NL-UT").write(tmp_path / "puzzel")
    tiers = json.loads((out / "tiers.json").read_text(encoding="utf-8"))
    wonen = [t for t in tiers if t["function"] == "wonen"]
    assert [t["tier"] for t in wonen] == [1, 2, 3]
    assert sum(t["homes"] for t in wonen) == pytest.approx(83_500, abs=1)
    assert all(t["tier_status"] == "assumption" for t in wonen)
    areas = json.loads((out / "woningbouwgebieden.json").read_text(encoding="utf-8"))
    by = {a["code"]: a for a in areas}
    assert {"WB09", "WB10", "WB14"} <= set(by)
    assert by["WB09"]["homes_capacity"] == 20_000
    assert all(a["wonen_ha"] >= 0 for a in areas)
    assert sum(a["wonen_ha"] for a in areas) > 0
