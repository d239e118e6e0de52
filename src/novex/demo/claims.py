"""The startpakket of the demo: national claims per province, converted to hectares.

Real national figures come from the NOVI reference model (:mod:`novex.reference`):
the woningbouwopgave per province (provincial housing agreements of 13 Oct 2022,
917,193 homes), 35 TWh of onshore renewable electricity (RES), the NNN growing from
about 680,000 ha to about 750,000 ha in 2027. Where no figure was found (business
sites, water storage, defence, agriculture) the claim is an explicit assumption.
Every conversion to hectares is a parameter of :class:`ClaimAssumptions`, so a user
can change it and rebuild; every claim records its native figure, conversion, source,
date and status.

Each claim names the national interests its function serves (``functions`` in the
reference, primary interest first) and their NOVI priorities (P1-P4, from the
reference's ``interests``). The claim's elastic priority (1 = its shortfall comes last)
follows from those NOVI priorities through ``ClaimAssumptions.novi_priority_rank``.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from novex.errors import SpecError

__all__ = ["ASSUMPTION_DATE", "FUNCTIONS", "ClaimAssumptions", "ProvinceStats", "startpakket"]

log = logging.getLogger(__name__)

FUNCTIONS: tuple[str, ...] = (
    "wonen",
    "werken",
    "energie",
    "natuur",
    "landbouw",
    "water",
    "defensie",
)
"""The single land-use functions that get a claim in the demo startpakket."""

_ASSUMPTION = "novex demo assumption (ClaimAssumptions); change it and rebuild"

ASSUMPTION_DATE = "2022-10"
"""Date of figures that are novex assumptions: the month the startpakketten went to the
provinces (reference: October 2022, month uncertain), the moment the demo startpakket
stands for."""

_NOVI_PRIORITIES = ("P1", "P2", "P3", "P4")


@dataclass(frozen=True)
class ClaimAssumptions:
    """Conversion parameters from national figures to hectares per province.

    Every field has a documented default; pass your own values to
    :func:`novex.demo.build_demo_workspace` (``assumptions=...``) to rebuild the
    startpakket with them.

    Parameters
    ----------
    homes_per_ha : float
        Gross housing density of new neighbourhoods (homes per ha, incl. streets, green
        and local facilities). Default 35.
    share_homes_inside_urban : float
        Share of the new homes built inside the existing urban area (needing no new
        land). Default 0.0 (every home claims land: the conservative upper bound). The
        reference figure ``share_built_in_existing_area`` (PBL, about 0.6) is the
        realistic alternative.
    work_ha_per_home : float
        Business-site land per new home (ha): werklocaties grow with the population.
        Default 0.01 (100 m² per home). Assumption: no national figure was found.
    energy_key : str
        How the national TWh are divided over provinces: ``"land"`` (share of land
        area, default) or ``"population"``. The TWh per RES region were not found.
    solar_share : float
        Share of the onshore TWh produced by ground-mounted solar; the rest is wind.
        Default 0.5.
    solar_gwh_per_ha : float
        Yearly yield of a solar field (GWh per ha): about 0.9 MWp/ha x 1,000 kWh/kWp.
        Default 0.9.
    wind_gwh_per_ha : float
        Yearly yield per ha of a wind zone including turbine spacing (GWh per ha): a
        4 MW turbine gives about 12 GWh a year and needs about 40 ha. Default 0.3. The
        land between turbines stays usable (farming), so the claim is multifunctional.
    agriculture_keep_share : float
        Minimum share of today's farmland each province keeps for agriculture.
        Default 0.9.
    water_storage_share : float
        Water-storage claim as a share of the land that would flood (flood depth > 0).
        Default 0.03.
    defence_ha_total : float
        National extra space for defence (ha), divided by land area. Default 5,000: a
        placeholder; the programme "Ruimte voor Defensie" gives no figure in the
        reference.
    flexibility : float
        Each claim's min/max hectares are ``(1 - flexibility, 1 + flexibility)`` times
        its central value (landbouw: ``agriculture_keep_share`` to 1). Default 0.1.
    novi_priority_rank : mapping
        Elastic rank of each NOVI priority (1 = highest: its claims fall short last). A
        claim's priority is the best rank among the NOVI priorities of its function's
        primary interest. Default: P1 (klimaatadaptatie en energietransitie) and P3
        (sterke en gezonde steden en regio's) 1; P2 (duurzaam economisch groeipotentieel)
        and P4 (toekomstbestendige ontwikkeling van het landelijk gebied) 2. The NOVI does
        not rank its priorities: this order is an assumption.
    priority_overrides : mapping
        Rank per function that replaces the derived one (empty by default).
    """

    homes_per_ha: float = 35.0
    share_homes_inside_urban: float = 0.0
    work_ha_per_home: float = 0.01
    energy_key: str = "land"
    solar_share: float = 0.5
    solar_gwh_per_ha: float = 0.9
    wind_gwh_per_ha: float = 0.3
    agriculture_keep_share: float = 0.9
    water_storage_share: float = 0.03
    defence_ha_total: float = 5_000.0
    flexibility: float = 0.1
    novi_priority_rank: Mapping[str, int] = field(
        default_factory=lambda: {"P1": 1, "P2": 2, "P3": 1, "P4": 2}
    )
    priority_overrides: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("homes_per_ha", "solar_gwh_per_ha", "wind_gwh_per_ha"):
            value = getattr(self, name)
            if not value > 0:
                raise SpecError(f"Invalid {name} {value!r}: must be a positive number.")
        for name in (
            "share_homes_inside_urban",
            "solar_share",
            "agriculture_keep_share",
            "water_storage_share",
            "flexibility",
        ):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise SpecError(f"Invalid {name} {value!r}: must lie between 0 and 1.")
        for name in ("work_ha_per_home", "defence_ha_total"):
            value = getattr(self, name)
            if not value >= 0:
                raise SpecError(f"Invalid {name} {value!r}: must be zero or positive.")
        if self.energy_key not in ("land", "population"):
            raise SpecError(
                f"Invalid energy_key {self.energy_key!r}. Only ('land', 'population') are supported."
            )
        unknown = sorted(set(self.novi_priority_rank) - set(_NOVI_PRIORITIES))
        missing = sorted(set(_NOVI_PRIORITIES) - set(self.novi_priority_rank))
        if unknown or missing:
            raise SpecError(
                f"Invalid novi_priority_rank: unknown priorities {unknown!r}, missing "
                f"{missing!r}; give one rank (1 = highest) per NOVI priority {_NOVI_PRIORITIES}."
            )
        bad = sorted(set(self.priority_overrides) - set(FUNCTIONS))
        if bad:
            raise SpecError(
                f"Invalid priority_overrides: unknown functions {bad!r}; valid: {FUNCTIONS}."
            )
        for name in ("novi_priority_rank", "priority_overrides"):
            ranks = dict(getattr(self, name))
            low = {k: v for k, v in ranks.items() if not (isinstance(v, int) and v >= 1)}
            if low:
                raise SpecError(f"Invalid {name} {low!r}: ranks are integers >= 1.")
            object.__setattr__(self, name, ranks)

    def priority(self, novi_priorities: list[str], function: str) -> int:
        """The elastic priority of a claim whose primary interest has ``novi_priorities``.

        Examples
        --------
        >>> ClaimAssumptions().priority(["P2", "P3"], "wonen")
        1
        >>> ClaimAssumptions(priority_overrides={"wonen": 3}).priority(["P3"], "wonen")
        3
        """
        if function in self.priority_overrides:
            return int(self.priority_overrides[function])
        return min(int(self.novi_priority_rank[p]) for p in novi_priorities)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready parameters."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class ProvinceStats:
    """What the build measured in one province (hectares on the grid)."""

    code: str
    land_ha: float
    nature_ha: float
    agriculture_ha: float
    floodable_ha: float


def _claim(
    code: str,
    name: str,
    function: str,
    hectares: float,
    a: ClaimAssumptions,
    ties: dict[str, Any],
    *,
    native: dict[str, Any],
    conversion: str,
    status: str,
    bounds: tuple[float, float] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    lo, hi = bounds if bounds is not None else (1 - a.flexibility, 1 + a.flexibility)
    t = ties[function]
    return {
        "province": code,
        "province_name": name,
        "function": function,
        "hectares": round(hectares, 1),
        "min_ha": round(hectares * lo, 1),
        "max_ha": round(hectares * hi, 1),
        "interests": t["interests"],
        "primary_interest": t["primary_interest"],
        "novi_priorities": t["novi_priorities"],
        "priority": a.priority(t["novi_priorities"], function),
        "priority_basis": (
            f"override for {function}"
            if function in a.priority_overrides
            else f"NB{t['primary_interest']:02d} -> {', '.join(t['novi_priorities'])} -> "
            f"novi_priority_rank"
        ),
        "native": native,
        "conversion": conversion,
        "source": native.get("source") or _ASSUMPTION,
        "date": native.get("date") or ASSUMPTION_DATE,
        "status": status,
        "native_status": native.get("status", status),
        "conversion_status": "assumption",
        "synthetic_inputs": function in ("natuur", "landbouw", "water"),
        **extra,
    }


def _figure(ref: Any, key: str) -> dict[str, Any]:
    fig = ref.figure(key)
    return {
        "figure": key,
        "value": fig.value,
        "unit": fig.unit,
        "source": fig.source,
        "date": fig.date,
        "status": fig.status,
    }


def _ties(ref: Any) -> dict[str, dict[str, Any]]:
    """Per function: the interests it serves and the NOVI priorities of its primary one."""
    interests = {i.number: i for i in ref.interests}
    out = {}
    for f in ref.functions:
        primary = interests[f.primary_interest]
        out[f.id] = {
            "interests": list(f.interests),
            "primary_interest": f.primary_interest,
            "novi_priorities": list(primary.priorities),
        }
    return out


def _wonen_areas(
    homes: float, rows: list[dict[str, Any]], a: ClaimAssumptions
) -> tuple[list[dict[str, Any]], float]:
    """The woningbouwgebieden of one province with homes and hectares; homes inside them."""
    out = []
    inside = 0.0
    for r in rows:
        h = r.get("homes")
        ha = (
            None
            if h is None
            else round(float(h) * (1 - a.share_homes_inside_urban) / a.homes_per_ha, 1)
        )
        out.append(
            {
                **r,
                "hectares": ha,
                "conversion": "homes x (1 - share_homes_inside_urban) / homes_per_ha",
            }
        )
        inside += float(h or 0)
    return out, min(inside, homes)


def startpakket(
    stats: list[ProvinceStats],
    assumptions: ClaimAssumptions | None = None,
    *,
    housing: dict[str, list[dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    """The demo startpakket: one claim per province and function, in hectares.

    Parameters
    ----------
    stats : list of ProvinceStats
        Land, nature, farmland and floodable hectares per province, measured on the
        workspace grid.
    assumptions : ClaimAssumptions, optional
        Conversion parameters (defaults when omitted).
    housing : dict, optional
        Province code -> its NOVEX-woningbouwgebieden with their homes (plan capacity),
        as :func:`novex.demo.areas.housing_capacity` gives them. The wonen claim lists
        them with homes and hectares, and says how many of the province's homes they hold.

    Returns
    -------
    dict
        ``{"note", "assumptions", "national", "claims": [...]}``; each claim has
        ``province``, ``function``, ``hectares``, ``min_ha``, ``max_ha``, ``interests``
        (national interests served, primary first), ``novi_priorities`` (of the primary
        interest), ``priority`` (elastic rank, from ``novi_priority_rank``), ``native``
        (the figure it came from), ``conversion``, ``source``, ``date``, ``status`` (of
        the province's figure: ``verified`` or ``assumption``), ``native_status`` (of the
        national figure it was derived from).
    """
    from novex.reference import load_reference

    a = assumptions or ClaimAssumptions()
    ref = load_reference()
    ties = _ties(ref)
    housing = housing or {}
    provinces = {p.id: p for p in ref.provinces}
    by_code = {s.code: s for s in stats}
    total_land = sum(s.land_ha for s in stats)
    total_pop = sum(float(provinces[s.code].population_2024.value or 0.0) for s in stats)
    total_nature = sum(s.nature_ha for s in stats) or 1.0

    energy = _figure(ref, "res_onshore_twh_2030")
    nnn_now = _figure(ref, "nnn_ha")
    nnn_goal = _figure(ref, "nnn_ha_goal_2027")
    nnn_growth = float(nnn_goal["value"]) - float(nnn_now["value"])
    twh = float(energy["value"])
    gwh_per_ha = 1.0 / (
        a.solar_share / a.solar_gwh_per_ha + (1 - a.solar_share) / a.wind_gwh_per_ha
    )

    claims: list[dict[str, Any]] = []
    for code, s in by_code.items():
        p = provinces[code]
        name = p.name_nl
        homes = float(p.woningbouwopgave_2030.value or 0)
        homes_fig = {
            "figure": "woningbouwopgave_2030",
            "value": p.woningbouwopgave_2030.value,
            "unit": p.woningbouwopgave_2030.unit,
            "source": p.woningbouwopgave_2030.source,
            "date": p.woningbouwopgave_2030.date,
            "status": p.woningbouwopgave_2030.status,
        }
        wonen = homes * (1 - a.share_homes_inside_urban) / a.homes_per_ha
        areas, in_areas = _wonen_areas(homes, housing.get(code, []), a)
        claims.append(
            _claim(code, name, "wonen", wonen, a, ties, native=homes_fig,
                   status=str(homes_fig["status"]),
                   conversion=f"{homes:,.0f} woningen x (1 - {a.share_homes_inside_urban}) / "
                   f"{a.homes_per_ha} woningen per ha (bruto); waarvan {in_areas:,.0f} woningen "
                   f"plancapaciteit in NOVEX-woningbouwgebieden ({len(areas)} gebieden)",
                   woningbouwgebieden=areas, homes=homes, homes_in_woningbouwgebieden=in_areas,
                   homes_elsewhere=homes - in_areas)
        )  # fmt: skip
        claims.append(
            _claim(code, name, "werken", homes * a.work_ha_per_home, a, ties, native=homes_fig,
                   status="assumption",
                   conversion=f"{homes:,.0f} woningen x {a.work_ha_per_home} ha werklocatie per "
                   "woning (no national figure for bedrijventerreinen found)")
        )  # fmt: skip
        if a.energy_key == "land":
            share = s.land_ha / total_land if total_land else 0.0
            key = f"land-area share {share:.4f}"
        else:
            pop = float(p.population_2024.value or 0)
            share = pop / total_pop if total_pop else 0.0
            key = f"population share {share:.4f} (CBS 2024)"
        prov_gwh = twh * 1000 * share
        claims.append(
            _claim(code, name, "energie", prov_gwh / gwh_per_ha, a, ties, native=energy,
                   status="assumption", split_status="assumption",
                   conversion=f"{twh:g} TWh ({energy['status']}) x {key} (assumption: the TWh "
                   f"per RES region were not found) = {prov_gwh:,.0f} GWh; {a.solar_share:.0%} "
                   f"solar at {a.solar_gwh_per_ha} GWh/ha, the rest wind at "
                   f"{a.wind_gwh_per_ha} GWh/ha (zone incl. spacing)")
        )  # fmt: skip
        nshare = s.nature_ha / total_nature
        claims.append(
            _claim(code, name, "natuur", nnn_growth * nshare, a, ties, native=nnn_goal,
                   status="assumption", split_status="assumption",
                   conversion=f"NNN growth {nnn_now['value']:,} -> {nnn_goal['value']:,} ha "
                   f"({nnn_goal['status']}) = {nnn_growth:,.0f} ha x the province's share "
                   f"{nshare:.4f} of the (synthetic) nature_network layer (assumption)")
        )  # fmt: skip
        claims.append(
            _claim(code, name, "landbouw", s.agriculture_ha, a, ties,
                   native={"figure": "agriculture layer", "value": round(s.agriculture_ha, 1),
                           "unit": "ha", "source": "synthetic agriculture layer of this workspace",
                           "date": None, "status": "assumption"},
                   status="assumption", bounds=(a.agriculture_keep_share, 1.0),
                   conversion=f"keep at least {a.agriculture_keep_share:.0%} of today's "
                   "(synthetic) farmland")
        )  # fmt: skip
        claims.append(
            _claim(code, name, "water", s.floodable_ha * a.water_storage_share, a, ties,
                   native={"figure": "flood_depth layer", "value": round(s.floodable_ha, 1),
                           "unit": "ha", "source": "synthetic flood_depth layer of this workspace",
                           "date": None, "status": "assumption"},
                   status="assumption",
                   conversion=f"{a.water_storage_share:.0%} of the land with flood depth > 0 "
                   "(water en bodem sturend: room for storage)")
        )  # fmt: skip
        lshare = s.land_ha / total_land if total_land else 0.0
        claims.append(
            _claim(code, name, "defensie", a.defence_ha_total * lshare, a, ties,
                   native={"figure": "defence_ha_total", "value": a.defence_ha_total,
                           "unit": "ha", "source": _ASSUMPTION, "date": None,
                           "status": "assumption"},
                   status="assumption",
                   conversion=f"{a.defence_ha_total:,.0f} ha national placeholder x land-area "
                   f"share {lshare:.4f} (Ruimte voor Defensie gives no figure in the reference)")
        )  # fmt: skip
    return {
        "note": (
            "Demo startpakket: real national figures where they exist, converted to hectares "
            "with the stated, configurable assumptions; natuur/landbouw/water use synthetic "
            "layers of this workspace. status is that of the province's figure (a national "
            "figure split over provinces by an assumed key is an assumption; native_status "
            "keeps the national figure's status). Figures without a date of their own carry "
            f"the startpakket date {ASSUMPTION_DATE}."
        ),
        "assumptions": a.to_dict(),
        "national": {
            "housing_agreements_2030": _figure(ref, "housing_agreements_2030"),
            "res_onshore_twh_2030": energy,
            "nnn_ha": nnn_now,
            "nnn_ha_goal_2027": nnn_goal,
        },
        "priority_mapping": {
            "novi_priority_rank": dict(a.novi_priority_rank),
            "priority_overrides": dict(a.priority_overrides),
            "status": "assumption",
            "rule": "claim priority = best rank among the NOVI priorities of the primary "
            "interest of the claim's function (1 = falls short last)",
        },
        "functions": list(FUNCTIONS),
        "claims": claims,
    }
