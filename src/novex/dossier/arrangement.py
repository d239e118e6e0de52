"""The ruimtelijk arrangement: created as a concept from a puzzle run, revised in numbered
versions, moved through concept -> in overleg -> vastgesteld, compared version to version.

Content of a version (validated by :class:`ArrangementContent`)::

    functions               function -> {"agreed_ha", "demand_min", "demand_max",
                                          "allocated", "shortfall"}  (hectares)
    unfit                   the claims that do not fit: [{"function", "shortfall_ha",
                                                          "agreement"}]
    commitments_rijk        what the Rijk commits to (text lines)
    commitments_provincie   what the province commits to (text lines)
    signatories             [{"name", "organisation", "date"}]
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import select

from novex.dossier import regions
from novex.dossier.models import Arrangement, ArrangementVersion, PuzzleRun, RunClaim, utcnow
from novex.dossier.roles import Actor, Scope
from novex.dossier.rows import to_json
from novex.dossier.validate import ARRANGEMENT_STATUSES, choice
from novex.errors import DossierInputError, DossierNotFoundError

__all__ = [
    "TRANSITIONS",
    "ArrangementContent",
    "create_arrangement",
    "diff_arrangement",
    "revise_arrangement",
    "set_arrangement_status",
    "show_arrangement",
]

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "concept": ("in_overleg",),
    "in_overleg": ("vastgesteld",),
    "vastgesteld": ("in_overleg",),
}
"""Allowed status steps; going back from vastgesteld to in_overleg needs a reason."""

_LINE_MAX = 2_000


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FunctionAgreement(_Model):
    """Hectares of one function: agreed, and the run's figures they came from."""

    agreed_ha: float = Field(ge=0, allow_inf_nan=False)
    demand_min: float = Field(ge=0, allow_inf_nan=False)
    demand_max: float = Field(ge=0, allow_inf_nan=False)
    allocated: float = Field(ge=0, allow_inf_nan=False)
    shortfall: float = Field(ge=0, allow_inf_nan=False)


class UnfitClaim(_Model):
    """A claim that does not fit, and what the partners agree about it."""

    function: str = Field(max_length=40)
    shortfall_ha: float = Field(ge=0, allow_inf_nan=False)
    agreement: str = Field(default="", max_length=_LINE_MAX)


class Signatory(_Model):
    """Who signs for whom, and when (ISO date)."""

    name: str = Field(max_length=200)
    organisation: str = Field(max_length=200)
    date: str = Field(default="", max_length=10)


class ArrangementContent(_Model):
    """The content of one arrangement version."""

    functions: dict[str, FunctionAgreement]
    unfit: list[UnfitClaim] = Field(default_factory=list, max_length=200)
    commitments_rijk: list[str] = Field(default_factory=list, max_length=200)
    commitments_provincie: list[str] = Field(default_factory=list, max_length=200)
    signatories: list[Signatory] = Field(default_factory=list, max_length=100)

    @field_validator("commitments_rijk", "commitments_provincie")
    @classmethod
    def _lines(cls, v: list[str]) -> list[str]:
        for line in v:
            if len(line) > _LINE_MAX:
                raise ValueError(f"a commitment is {len(line)} characters; at most {_LINE_MAX}")
        return v


def _content(data: dict[str, Any]) -> dict[str, Any]:
    try:
        return ArrangementContent.model_validate(data).model_dump(mode="json")
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DossierInputError(
            f"Invalid arrangement content at {where!r}: {first['msg']} "
            f"(got {first.get('input')!r:.80})."
        ) from None


def content_from_run(claims: list[RunClaim]) -> dict[str, Any]:
    """The concept content from a run's claims of one province (numbers as in the run)."""
    functions = {
        c.function: {
            "agreed_ha": c.total_ha,
            "demand_min": c.demand_min,
            "demand_max": c.demand_max,
            "allocated": c.allocated,
            "shortfall": c.shortfall,
        }
        for c in claims
    }
    unfit = [
        {"function": c.function, "shortfall_ha": c.shortfall, "agreement": ""}
        for c in claims
        if c.shortfall > 0
    ]
    return _content({"functions": functions, "unfit": unfit})


def _view(arr: Arrangement) -> dict[str, Any]:
    out = to_json(arr)
    current = next(v for v in arr.versions if v.number == arr.current)
    out["content"] = current.content
    out["versions"] = [
        {k: v for k, v in to_json(ver).items() if k != "content"} for ver in arr.versions
    ]
    return out


def _version_row(
    actor: Actor, arr: Arrangement, number: int, content: dict[str, Any], reason: str
) -> ArrangementVersion:
    return ArrangementVersion(
        arrangement_id=arr.id,
        number=number,
        status=arr.status,
        content=content,
        reason=reason,
        author=actor.name,
        created_at=utcnow(),
    )


def _new_version(
    s: Any, actor: Actor, arr: Arrangement, content: dict[str, Any], reason: str
) -> None:
    s.add(_version_row(actor, arr, arr.current + 1, content, reason))
    arr.current += 1


def create_arrangement(
    dossier: Any, actor: Actor, province: str, run_id: int, *, title: str | None = None
) -> dict[str, Any]:
    """A concept arrangement for ``province`` from run ``run_id`` (version 1)."""
    prov = regions.province(province)
    actor.require_write(Scope(frozenset({province})), f"the arrangement of {prov.name_nl}")
    with dossier.transaction() as s:
        run = s.get(PuzzleRun, run_id)
        if run is None:
            raise DossierNotFoundError(f"No run with id {run_id!r}; import it first.")
        claims = [c for c in run.claims if c.province == province]
        if not claims:
            raise DossierInputError(
                f"Run {run_id} ({run.name!r}) has no claims for {province!r}; it covers "
                f"{sorted({c.province for c in run.claims})}."
            )
        name = title or f"Ruimtelijk arrangement {prov.name_nl}"
        if len(name) > 200:
            raise DossierInputError(f"The title is {len(name)} characters; at most 200.")
        arr = Arrangement(province=province, run_id=run_id, title=name, status="concept",
                          current=1, published=False)  # fmt: skip
        s.add(arr)
        s.flush()
        s.add(_version_row(actor, arr, 1, content_from_run(claims), f"concept uit run {run_id}"))
        s.flush()
        dossier.audit_write(s, actor, "create", arr, None, {"content": _current_content(s, arr)})
        s.refresh(arr)
        return _view(arr)


def _load(dossier: Any, s: Any, actor: Actor, arrangement_id: int, version: int) -> Arrangement:
    arr = dossier.load(s, actor, "arrangement", arrangement_id)
    actor.require_write(Scope(frozenset({arr.province})), f"arrangement {arrangement_id}")
    dossier.check_version(s, arr, version)
    return arr


def _current_content(s: Any, arr: Arrangement) -> dict[str, Any]:
    content = s.scalars(
        select(ArrangementVersion.content).where(
            ArrangementVersion.arrangement_id == arr.id,
            ArrangementVersion.number == arr.current,
        )
    ).one()
    return dict(content)


def _write(dossier: Any, actor: Actor, arrangement_id: int, version: int, change: Any) -> Any:
    from sqlalchemy.orm.exc import StaleDataError

    try:
        with dossier.transaction() as s:
            arr = _load(dossier, s, actor, arrangement_id, version)
            before = {**to_json(arr), "content": _current_content(s, arr)}
            action = change(s, arr)
            s.flush()
            extra = {"content": _current_content(s, arr)}
            dossier.audit_write(s, actor, action, arr, before, extra)
            s.refresh(arr)
            return _view(arr)
    except StaleDataError:
        with dossier.transaction(read_only=True) as s:
            raise dossier.conflict_error(s, "arrangement", arrangement_id, version) from None


def revise_arrangement(
    dossier: Any,
    actor: Actor,
    arrangement_id: int,
    version: int,
    content: dict[str, Any],
    reason: str = "",
) -> dict[str, Any]:
    """A new version with ``content`` (refused once vastgesteld: reopen it first)."""
    checked = _content(content)
    if len(reason) > _LINE_MAX:
        raise DossierInputError(f"The reason is {len(reason)} characters; at most {_LINE_MAX}.")

    def change(s: Any, arr: Arrangement) -> str:
        if arr.status == "vastgesteld":
            raise DossierInputError(
                f"Arrangement {arr.id} is vastgesteld; set it back to 'in_overleg' with a "
                "reason before revising it."
            )
        _new_version(s, actor, arr, checked, reason)
        return "revise"

    return _write(dossier, actor, arrangement_id, version, change)


def set_arrangement_status(
    dossier: Any, actor: Actor, arrangement_id: int, version: int, status: str, reason: str = ""
) -> dict[str, Any]:
    """Move the arrangement to ``status`` along :data:`TRANSITIONS` (a new version)."""
    choice("arrangement status", status, ARRANGEMENT_STATUSES)
    if len(reason) > _LINE_MAX:
        raise DossierInputError(f"The reason is {len(reason)} characters; at most {_LINE_MAX}.")

    def change(s: Any, arr: Arrangement) -> str:
        allowed = TRANSITIONS[arr.status]
        if status not in allowed:
            raise DossierInputError(
                f"Arrangement {arr.id} cannot go from {arr.status!r} to {status!r}; from "
                f"{arr.status!r} it can go to {list(allowed)}."
            )
        if arr.status == "vastgesteld" and not reason.strip():
            raise DossierInputError(
                f"Reopening vastgesteld arrangement {arr.id} needs a reason (--reason)."
            )
        current = next(v for v in arr.versions if v.number == arr.current)
        arr.status = status
        _new_version(s, actor, arr, dict(current.content), reason)
        return "status"

    return _write(dossier, actor, arrangement_id, version, change)


def show_arrangement(dossier: Any, actor: Actor, arrangement_id: int) -> dict[str, Any]:
    """The arrangement with its current content and the list of its versions."""
    with dossier.transaction(read_only=True) as s:
        return _view(dossier.load(s, actor, "arrangement", arrangement_id))


def _fmt_ha(value: float, lang: str) -> str:
    text = f"{value:,.1f}"
    if lang != "en":
        text = text.translate(str.maketrans(",.", ".,"))
    return f"{text} ha"


def diff_arrangement(
    dossier: Any, actor: Actor, arrangement_id: int, a: int, b: int, *, lang: str = "nl"
) -> dict[str, Any]:
    """What moved between versions ``a`` and ``b``: hectares per function, and text.

    Returns
    -------
    dict
        ``{"from", "to", "status": [a, b], "functions": [{"function", "from_ha", "to_ha",
        "delta_ha"}], "lists": {name: {"added": [...], "removed": [...]}}, "text": [...]}``.
    """
    with dossier.transaction(read_only=True) as s:
        dossier.load(s, actor, "arrangement", arrangement_id)
        rows = {
            v.number: v
            for v in s.scalars(
                select(ArrangementVersion).where(
                    ArrangementVersion.arrangement_id == arrangement_id,
                    ArrangementVersion.number.in_([a, b]),
                )
            )
        }
    for n in (a, b):
        if n not in rows:
            raise DossierNotFoundError(f"Arrangement {arrangement_id} has no version {n!r}.")
    va, vb = rows[a], rows[b]
    ca, cb = va.content, vb.content
    en = lang == "en"
    text: list[str] = []
    if va.status != vb.status:
        text.append(f"status: {va.status} -> {vb.status}")
    functions = []
    for f in sorted(set(ca["functions"]) | set(cb["functions"])):
        x = ca["functions"].get(f, {}).get("agreed_ha", 0.0)
        y = cb["functions"].get(f, {}).get("agreed_ha", 0.0)
        if x != y:
            functions.append({"function": f, "from_ha": x, "to_ha": y, "delta_ha": y - x})
            sign = "+" if y >= x else "-"
            text.append(
                f"{f}: {_fmt_ha(x, lang)} -> {_fmt_ha(y, lang)} ({sign}{_fmt_ha(abs(y - x), lang)})"
            )
    lists: dict[str, dict[str, list[Any]]] = {}
    for key in ("unfit", "commitments_rijk", "commitments_provincie", "signatories"):
        old, new = ca.get(key, []), cb.get(key, [])
        added = [x for x in new if x not in old]
        removed = [x for x in old if x not in new]
        if added or removed:
            lists[key] = {"added": added, "removed": removed}
            for x in added:
                text.append(f"+ {key}: {_line(x)}")
            for x in removed:
                text.append(f"- {key}: {_line(x)}")
    if not text:
        text.append("no differences" if en else "geen verschillen")
    return {
        "arrangement": arrangement_id,
        "from": a,
        "to": b,
        "status": [va.status, vb.status],
        "functions": functions,
        "lists": lists,
        "text": text,
    }


def _line(item: Any) -> str:
    if isinstance(item, dict):
        return "; ".join(f"{k}={v}" for k, v in item.items())
    return str(item)
