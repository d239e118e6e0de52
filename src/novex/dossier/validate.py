"""Checks every value before it is written: types and lengths from the table definition, then
the rules of each record kind. A failed check raises
:class:`~novex.errors.DossierInputError` naming the field and the value; nothing is written."""

from __future__ import annotations

import datetime as dt
import functools
import math
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, LargeBinary, String, Text

from novex.dossier import regions
from novex.dossier.models import TEXT_MAX, Record
from novex.errors import DossierInputError

__all__ = [
    "ACTION_STATUSES",
    "ARRANGEMENT_STATUSES",
    "CLAIM_STATUSES",
    "DECISION_BODIES",
    "INVESTMENT_SOURCES",
    "INVESTMENT_STATUSES",
    "PHASE_STATUSES",
    "SUBMITTER_CATEGORIES",
    "ZIENSWIJZE_STATUSES",
    "check_record",
    "choice",
]

ARRANGEMENT_STATUSES = ("concept", "in_overleg", "vastgesteld")
ACTION_STATUSES = ("gepland", "lopend", "gereed", "vertraagd", "vervallen")
INVESTMENT_SOURCES = ("rijk", "regio", "privaat")
INVESTMENT_STATUSES = ("voorgesteld", "toegezegd", "besteed", "vervallen")
PHASE_STATUSES = ("gepland", "lopend", "afgerond")
CLAIM_STATUSES = ("verified", "paraphrase", "uncertain", "not_found", "assumption", "derived")
ZIENSWIJZE_STATUSES = ("ontvangen", "in_behandeling", "beantwoord")
SUBMITTER_CATEGORIES = (
    "inwoner",
    "bedrijf",
    "maatschappelijke_organisatie",
    "overheid",
    "anders",
)
DECISION_BODIES = ("ministerraad", "minister", "tweede_kamer", "bestuurlijk_overleg")
INSTRUMENT_TARGETS = ("area", "claim", "action")
MAX_AMOUNT_EUR = 10**13
RD_NEW_BOUNDS = (-7_000.0, 289_000.0, 300_000.0, 629_000.0)


def choice(field: str, value: Any, allowed: tuple[str, ...]) -> str:
    """``value`` if it is one of ``allowed``, else a :class:`DossierInputError` listing them."""
    if value not in allowed:
        raise DossierInputError(f"Invalid {field} {value!r}; expected one of {list(allowed)}.")
    return str(value)


@functools.cache
def _reference_ids(kind: str) -> frozenset[str]:
    from novex.reference import load_reference

    return frozenset(item.id for item in load_reference().items(kind))


def _coerce(model: type[Record], key: str, value: Any) -> Any:
    col = model.__table__.c[key]
    typ = col.type
    what = f"{model.kind}.{key}"
    if value is None:
        if not col.nullable:
            raise DossierInputError(f"{what} is required; got None.")
        return None
    if isinstance(typ, String | Text):
        if not isinstance(value, str):
            raise DossierInputError(f"{what} must be text, got {value!r}.")
        limit = typ.length or TEXT_MAX
        if len(value) > limit:
            raise DossierInputError(
                f"{what} is {len(value):,} characters long; at most {limit:,} are allowed. "
                "Shorten it or attach the full text as a document reference."
            )
        return value
    if isinstance(typ, Boolean):
        if not isinstance(value, bool):
            raise DossierInputError(f"{what} must be true or false, got {value!r}.")
        return value
    if isinstance(typ, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise DossierInputError(f"{what} must be a whole number, got {value!r}.")
        return value
    if isinstance(typ, Float):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise DossierInputError(f"{what} must be a finite number, got {value!r}.")
        return float(value)
    if isinstance(typ, DateTime):
        if not isinstance(value, dt.datetime):
            raise DossierInputError(f"{what} must be a date and time, got {value!r}.")
        return value
    if isinstance(typ, Date):
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                raise DossierInputError(
                    f"{what} must be a date YYYY-MM-DD, got {value!r}."
                ) from None
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise DossierInputError(f"{what} must be a date YYYY-MM-DD, got {value!r}.")
        return value
    if isinstance(typ, LargeBinary):
        if not isinstance(value, bytes):
            raise DossierInputError(f"{what} must be bytes (WKB), got {type(value).__name__}.")
        return value
    if isinstance(typ, JSON):
        import json

        if len(json.dumps(value, ensure_ascii=False)) > 10 * TEXT_MAX:
            raise DossierInputError(f"{what} is too large; keep it under {10 * TEXT_MAX:,} bytes.")
        return value
    return value  # pragma: no cover - every column type is handled above


def _non_negative(kind: str, values: dict[str, Any], *keys: str) -> None:
    for key in keys:
        if values.get(key) is not None and values[key] < 0:
            raise DossierInputError(f"{kind}.{key} must not be negative, got {values[key]!r}.")


def _codes(field: str, codes: Any, known: frozenset[str]) -> None:
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise DossierInputError(f"{field} must be a list of codes, got {codes!r}.")
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise DossierInputError(
            f"Unknown {field} {unknown!r}; expected codes from {sorted(known)}."
        )


def check_outline(wkb: bytes, srid: int) -> None:
    """Raise unless ``wkb`` is a valid, non-empty (multi)polygon in EPSG:28992."""
    import shapely

    if srid != 28992:
        raise DossierInputError(
            f"Outline SRID {srid!r} is not supported; reproject it to EPSG:28992 (RD New)."
        )
    try:
        geom = shapely.from_wkb(wkb)
    except Exception as err:  # shapely raises GEOSException for bad bytes
        raise DossierInputError(f"The outline is not valid WKB: {err}") from err
    if geom is None or geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
        kind = "empty" if geom is None or geom.is_empty else geom.geom_type
        raise DossierInputError(f"The outline must be a (multi)polygon, got {kind!r}.")
    if not geom.is_valid:
        raise DossierInputError(
            f"The outline is not a valid polygon ({shapely.is_valid_reason(geom)}); "
            "repair it (e.g. shapely.make_valid) and try again."
        )
    x0, y0, x1, y1 = geom.bounds
    bx0, by0, bx1, by1 = RD_NEW_BOUNDS
    if x0 < bx0 or y0 < by0 or x1 > bx1 or y1 > by1:
        raise DossierInputError(
            f"The outline's bounds {geom.bounds!r} lie outside the Netherlands in EPSG:28992 "
            f"{RD_NEW_BOUNDS!r}; is it in another CRS?"
        )


def check_record(model: type[Record], values: dict[str, Any]) -> dict[str, Any]:
    """Coerce and check all column values of a record about to be written.

    Parameters
    ----------
    model : type
        The record class.
    values : dict
        Every column value the record will have after the write.

    Returns
    -------
    dict
        The values, coerced (ISO date strings become dates).
    """
    known = {c.key for c in model.__table__.columns}
    extra = sorted(set(values) - known)
    if extra:
        raise DossierInputError(
            f"Unknown field(s) {extra!r} for a {model.kind}; known fields: {sorted(known)}."
        )
    out = {k: _coerce(model, k, v) for k, v in values.items() if k not in ("id", "version")}
    kind = model.kind
    if "province" in out and kind in ("startpakket", "arrangement"):
        regions.province(out["province"])
    if kind == "claim":
        _non_negative(kind, out, "hectares", "min_ha", "max_ha")
        if out["min_ha"] > out["max_ha"]:
            raise DossierInputError(
                f"claim.min_ha {out['min_ha']!r} is larger than max_ha {out['max_ha']!r}."
            )
        choice("claim.status", out["status"], CLAIM_STATUSES)
        _codes("claim.function", [out["function"]], _reference_ids("functions"))
    elif kind == "area":
        regions.area(out["code"])
        if out.get("outline_wkb") is not None:
            check_outline(out["outline_wkb"], out.get("outline_srid") or 28992)
    elif kind == "action":
        regions.area(out["area"])
        choice("action.status", out["status"], ACTION_STATUSES)
        if out["deadline"] < out["start"]:
            raise DossierInputError(
                f"action.deadline {out['deadline'].isoformat()!r} lies before its start "
                f"{out['start'].isoformat()!r}; a deadline must be on or after the start."
            )
        _codes("action.interests", out["interests"], _reference_ids("interests"))
    elif kind == "investment":
        regions.area(out["area"])
        _non_negative(kind, out, "amount_eur")
        if out["amount_eur"] > MAX_AMOUNT_EUR:
            raise DossierInputError(
                f"investment.amount_eur {out['amount_eur']!r} exceeds {MAX_AMOUNT_EUR:,}; "
                "amounts are whole euros, not cents."
            )
        choice("investment.source", out["source"], INVESTMENT_SOURCES)
        choice("investment.status", out["status"], INVESTMENT_STATUSES)
        if not 2000 <= out["year"] <= 2150:
            raise DossierInputError(f"investment.year {out['year']!r} is outside 2000-2150.")
    elif kind == "arrangement":
        choice("arrangement.status", out["status"], ARRANGEMENT_STATUSES)
    elif kind in ("phase", "milestone", "planmer_step"):
        choice(f"{kind}.status", out["status"], PHASE_STATUSES)
        if kind == "milestone":
            _codes("milestone.phase", [out["phase"]], _reference_ids("phases"))
    elif kind == "decision":
        choice("decision.body", out["body"], DECISION_BODIES)
        if out.get("phase") is not None:
            _codes("decision.phase", [out["phase"]], _reference_ids("phases"))
    elif kind == "zienswijze":
        choice("zienswijze.submitter_category", out["submitter_category"], SUBMITTER_CATEGORIES)
        choice("zienswijze.status", out["status"], ZIENSWIJZE_STATUSES)
        _codes("zienswijze.interests", out["interests"], _reference_ids("interests"))
        _codes("zienswijze.areas", out["areas"], _reference_ids("novex-areas"))
        if not out["text"].strip():
            raise DossierInputError("zienswijze.text is empty; write the view itself.")
    elif kind == "instrument_link":
        _codes("instrument_link.instrument", [out["instrument"]], _reference_ids("instruments"))
        choice("instrument_link.target_kind", out["target_kind"], INSTRUMENT_TARGETS)
    elif kind == "user":
        from novex.dossier.roles import parse_role

        parse_role(out["role"])
    return out
