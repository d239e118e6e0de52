"""``novex reference KIND [ID]``: show the NOVI reference model as a table or JSON."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlparse

import typer

from novex.cli.main import app
from novex.cli.options import JsonOption, LangOption, check_lang, cli_errors, console, emit_json

if TYPE_CHECKING:
    from novex.reference import Item

__all__ = ["reference"]

_TITLES: dict[str, str] = {
    "ambitions": "Ambitions 2050",
    "interests": "National interests",
    "priorities": "NOVI priorities",
    "principles": "Weighing principles",
    "choices": "National choices",
    "instruments": "Urbanisation instruments",
    "programmes": "Programmes",
    "perspectives": "Perspectives and themes",
    "provinces": "Provinces",
    "novex-areas": "NOVEX areas",
    "housing-areas": "Large-scale housing areas",
    "phases": "Phases of the sharpened NOVI",
    "functions": "Functions (land use)",
    "figures": "National key figures",
}
"""The title of each kind's table (English; Dutch in :mod:`novex.text.catalog`)."""

_COMMON = ("ID", "Name", "Status", "Source")


def _number(value: Any, lang: str) -> str:
    from novex.text import format_number

    if value is None:
        return "-"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value, lang, decimals=None)
    return str(value)


def _short_source(source: str) -> str:
    if "://" not in source:  # "seed: ...", "novex: ..."
        return source.split(":")[0]
    host = urlparse(source.split()[0]).netloc
    return host.removeprefix("www.") or source


def _name(item: Any, lang: str) -> str:
    return str(item.name_en if lang == "en" else item.name_nl)


Extra = tuple[str, Callable[[Any, str], str]]
"""(English column heading, cell function); Dutch headings in :mod:`novex.text.catalog`."""

_EXTRAS: dict[str, list[Extra]] = {
    "interests": [
        ("No", lambda i, lang: str(i.number)),
        ("Priorities", lambda i, lang: ", ".join(i.priorities)),
    ],
    "priorities": [("Ambitions", lambda i, lang: ", ".join(i.ambitions))],
    "choices": [("Level", lambda i, lang: i.level)],
    "instruments": [("Scope", lambda i, lang: i.scope)],
    "programmes": [("Products", lambda i, lang: ", ".join(_name(p, lang) for p in i.products))],
    "perspectives": [("Themes", lambda i, lang: "\n".join(_name(t, lang) for t in i.themes))],
    "provinces": [
        (
            "Population 2024",
            lambda i, lang: _number(i.population_2024.value, lang),
        ),
        (
            "Housing target to 2030",
            lambda i, lang: _number(i.woningbouwopgave_2030.value, lang),
        ),
    ],
    "novex-areas": [
        ("No", lambda i, lang: str(i.number)),
        ("Provinces", lambda i, lang: ", ".join(i.provinces)),
        ("Type", lambda i, lang: i.type),
    ],
    "housing-areas": [
        ("Group", lambda i, lang: i.group),
        ("Homes", lambda i, lang: _number(i.homes.value if i.homes else None, lang)),
    ],
    "phases": [("Period", lambda i, lang: i.period_nl)],
    "functions": [
        (
            "National interests",
            lambda i, lang: ", ".join(map(str, i.interests)),
        )
    ],
    "figures": [
        ("Value", lambda i, lang: _number(i.value, lang)),
        ("Unit", lambda i, lang: i.unit),
        ("Date", lambda i, lang: i.date or "-"),
    ],
}


def _list_table(kind: str, items: list[Item], lang: str) -> Any:
    from rich.table import Table

    from novex.text import gettext, source_status_label

    table = Table(title=gettext(_TITLES[kind], lang), show_lines=False)
    id_h, name_h, status_h, source_h = (gettext(h, lang) for h in _COMMON)
    extras = _EXTRAS.get(kind, [])
    table.add_column(id_h, no_wrap=True)
    table.add_column(name_h)
    for head, _ in extras:
        table.add_column(gettext(head, lang))
    table.add_column(status_h, no_wrap=True)
    table.add_column(source_h)
    for item in items:
        cells = [fn(item, lang) for _, fn in extras]
        table.add_row(
            item.id,
            _name(item, lang),
            *cells,
            source_status_label(item.status, lang),
            _short_source(item.source),
        )
    return table


def _is_status(key: str) -> bool:
    return key == "status" or key.endswith("_status")


def _figure(value: dict[str, Any], lang: str) -> str:
    """A figure (value, unit, date, status, source, note) on a few lines."""
    from novex.text import field_label, source_status_label

    text = _number(value["value"], lang)
    if value.get("value_max") is not None:
        text += f"-{_number(value['value_max'], lang)}"
    if value.get("unit"):
        text += f" {value['unit']}"
    meta = [str(value[k]) for k in ("date",) if value.get(k)]
    if value.get("status"):
        meta.append(source_status_label(value["status"], lang))
    if meta:
        text += f" ({', '.join(meta)})"
    for key in ("source", "note"):
        if value.get(key):
            text += f"\n{field_label(key, lang)}: {value[key]}"
    return text


def _cell(value: Any, lang: str, key: str = "") -> str:
    from novex.text import field_label, source_status_label

    if value is None:
        return "-"
    if isinstance(value, dict):
        if "value" in value and "unit" in value:
            return _figure(value, lang)
        return "\n".join(
            f"{field_label(k, lang)}: {_cell(v, lang, k)}"
            for k, v in value.items()
            if v not in (None, [], {})
        )
    if isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            return ", ".join(map(str, value))
        return "\n\n".join(_cell(v, lang) for v in value)
    if _is_status(key) and isinstance(value, str):
        return source_status_label(value, lang)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number(value, lang)
    return str(value)


def _item_table(kind: str, item: Item, lang: str) -> Any:
    from rich.table import Table

    from novex.text import field_label, gettext

    table = Table(title=f"{gettext(_TITLES[kind], lang)}: {_name(item, lang)}")
    table.add_column(gettext("Field", lang), no_wrap=True)
    table.add_column(gettext("Value", lang))
    for key, value in item.model_dump(mode="json").items():
        if value in (None, [], {}):
            continue
        table.add_row(field_label(key, lang), _cell(value, lang, key))
    return table


@app.command("reference")
@cli_errors
def reference(
    kind: Annotated[
        str,
        typer.Argument(
            help="ambitions, interests, priorities, principles, choices, instruments, "
            "programmes, perspectives, provinces, novex-areas, housing-areas, phases, "
            "functions or figures.",
            show_default=False,
            metavar="KIND",
        ),
    ],
    item_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", help="One item's id (or number), e.g. NL-ZH or 5."),
    ] = None,
    as_json: JsonOption = False,
    lang: LangOption = "nl",
) -> None:
    """Show the NOVI reference model: every item with its source and status.

    Without ID: all items of KIND. With ID: that one item, field by field.
    """
    lang = check_lang(lang)
    from novex.reference import load_reference

    ref = load_reference()
    if item_id is None:
        items = ref.items(kind)
        if as_json:
            emit_json([i.model_dump(mode="json") for i in items])
        else:
            console.print(_list_table(kind, items, lang))
        return
    item = ref.get(kind, item_id)
    if as_json:
        emit_json(item.model_dump(mode="json"))
    else:
        console.print(_item_table(kind, item, lang))
