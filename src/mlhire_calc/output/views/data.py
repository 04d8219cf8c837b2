"""The views of `mlhire roles` and `mlhire paths`: the data, with its sources.

The document is the data as the files have it (`plain`); tables and notes derive from it.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from mlhire_calc.domain.catalog import Catalog, cost_kind, plain
from mlhire_calc.domain.money import amount_text, percent_text, range_text
from mlhire_calc.output.layout import Column, Document, Report, Table

from .common import Footnotes, data_note, envelope, marked, source_notes, time_text

ROLE_COLUMNS = [
    Column("id", "Role"),
    Column("title", "Title"),
    Column("ships", "Ships"),
    Column("tools", "Tools"),
    Column("loaded_monthly_low", "Loaded/month low", "money"),
    Column("loaded_monthly_high", "Loaded/month high", "money"),
    Column("source", "Source"),
    Column("as_of", "As of", "date"),
]


def _range_text(figure: dict[str, Any]) -> str:
    return range_text(figure["low"], figure["high"])


# ---------------------------------------------------------------- roles


def roles_report(catalog: Catalog) -> Report:
    document = envelope(
        "mlhire.roles/1",
        catalog,
        [],
        roles=plain(list(catalog.roles.values())),
        sources=plain(catalog.role_sources),
    )
    return Report(document, roles_tables, roles_flat, to_notes=roles_notes)


def _role_rows(document: Document) -> list[dict[str, Any]]:
    return [
        {
            "id": role["id"],
            "title": role["title"],
            "ships": role["ships"],
            "tools": ", ".join(role["tools"]),
            "loaded_monthly_low": role["loaded_monthly"]["low"],
            "loaded_monthly_high": role["loaded_monthly"]["high"],
            "source": marked(role["loaded_monthly"]["source"], role["loaded_monthly"]["estimate"]),
            "as_of": role["loaded_monthly"]["as_of"],
        }
        for role in document["roles"]
    ]


def _market_figures(document: Document) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(role id, figure name, figure) of every market fact given."""
    for role in document["roles"]:
        for name, figure in (role["market"] or {}).items():
            if figure is not None:
                yield role["id"], name, figure


def roles_tables(document: Document) -> list[Table]:
    tables = [Table("Roles (loaded monthly cost, all-in)", ROLE_COLUMNS, _role_rows(document))]
    market_rows = []
    for role_id, name, figure in _market_figures(document):
        if "unit" in figure:
            value = time_text(figure)
        elif "value" in figure:
            value = f"{figure['value']:,}"
        else:
            value = _range_text(figure)
        market_rows.append(
            {
                "role": role_id,
                "figure": name.replace("_", " "),
                "value": value,
                "source": marked(figure["source"], figure["estimate"]),
                "as_of": figure["as_of"],
                "note": figure["note"] or "",
            }
        )
    if market_rows:
        tables.append(
            Table(
                "Market facts",
                [
                    Column("role", "Role"),
                    Column("figure", "Figure"),
                    Column("value", "Value"),
                    Column("source", "Source"),
                    Column("as_of", "As of", "date"),
                ],
                market_rows,
            )
        )
    return tables


def roles_flat(document: Document) -> Table:
    return Table(
        "roles",
        [*ROLE_COLUMNS[:4], Column("currency", "Currency"), *ROLE_COLUMNS[4:]],
        _role_rows(document),
        fixed={"currency": document["currency"]},
    )


def roles_notes(document: Document) -> list[str]:
    notes = Footnotes()
    for role in document["roles"]:
        notes.add_plain(f"{role['id']} loaded_monthly", role["loaded_monthly"])
    for role_id, name, figure in _market_figures(document):
        notes.add_plain(f"{role_id} {name}", figure)
    return [*notes.lines, *source_notes(document), data_note(document)]


# ---------------------------------------------------------------- paths


def paths_report(catalog: Catalog) -> Report:
    document = envelope(
        "mlhire.paths/1",
        catalog,
        [],
        paths=plain(list(catalog.paths.values())),
        sources=plain(catalog.path_sources),
        rates=plain(catalog.rates),
    )
    return Report(document, paths_tables, lambda document: paths_tables(document)[0], to_notes=paths_notes)


def _item_amount(item: dict[str, Any]) -> str:
    """How an item is priced: `13,500`, `7,000-10,000`, `15% of fee (monthly)`."""
    amount = item["amount"]
    if item["per"] == "percent":
        rate = item["rate"]
        text = (
            percent_text(rate)
            if isinstance(rate, Decimal)
            else f"{percent_text(rate['low'])}-{percent_text(rate['high'])}"
        )
        basis = {"monthly": "monthly", "first_year": "first year", "conversion": "first year, on conversion"}
        text += f" of {item['of']} ({basis[item['basis']]})"
        return text + _terms(item)
    scaled = ""
    if item.get("scales_with"):
        scaled = f" for {item['scales_with']['reference']}, scaled to other roles by loaded band"
    if isinstance(amount, dict) and "low" in amount:
        return _range_text(amount) + scaled
    if isinstance(amount, Decimal):
        return amount_text(amount) + scaled
    return "role's loaded monthly band"


def _terms(item: dict[str, Any]) -> str:
    """The share of hires that pay an item, and its replacement guarantee, where given."""
    terms = ""
    if item.get("share"):
        terms += f", on {_percent_range(item['share'])} of hires"
    if item.get("guarantee"):
        terms += f", guarantee {time_text(item['guarantee'])}"
    return terms


def _lifecycle_figures(path: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(figure name, value, figure) of a path's lifecycle and per-role times."""
    lifecycle = path.get("lifecycle") or {}
    increase = lifecycle.get("annual_increase")
    if increase is not None:
        yield "yearly increase", _percent_range(increase), increase
    attrition = lifecycle.get("attrition")
    if attrition is not None:
        bearer = path["absorbs"]["replacement"]
        yield f"attrition a year (replacement: {bearer})", _percent_range(attrition), attrition
    ramp = path.get("ramp")
    if ramp is not None:
        yield "months to full speed after first PR", _number_range(ramp["months"]), ramp["months"]
        yield "productivity during the ramp", _percent_range(ramp["productivity"]), ramp["productivity"]
    placement = path.get("placement")
    if placement is not None:
        yield "placement fails in trial", _percent_range(placement["failure"]), placement["failure"]
        yield "time lost per failed placement", time_text(placement["time_lost"]), placement["time_lost"]
        capacity = placement["capacity"]
        per_month = capacity.get("per_month")
        yield "placements a month", "no limit" if per_month is None else str(per_month), capacity
    employment = path.get("employment")
    if employment is not None:
        value = f"{employment['country']}, {employment['engagement']} (mlhire countries)"
        yield "employs by default in", value, employment
    for role, times in (path.get("by_role") or {}).items():
        for key, label in (("time_to_start", "time to start"), ("time_to_first_pr", "time to first PR")):
            if times.get(key) is not None:
                yield f"{label}, {role}", time_text(times[key]), times[key]


def _number_range(figure: dict[str, Any]) -> str:
    low, high = f"{figure['low']:g}", f"{figure['high']:g}"
    return low if low == high else f"{low}-{high}"


def _percent_range(figure: dict[str, Any]) -> str:
    low, high = percent_text(figure["low"]), percent_text(figure["high"])
    return low if low == high else f"{low}-{high}"


def paths_tables(document: Document) -> list[Table]:
    rows = []
    item_rows = []
    for path in document["paths"]:
        start, first_pr = path["time_to_start"], path["time_to_first_pr"]
        rows.append(
            {
                "id": path["id"],
                "name": path["name"],
                "time_to_start": marked(time_text(start), start["estimate"]),
                "time_to_first_pr": marked(time_text(first_pr), first_pr["estimate"]),
                "vetting_by": path["absorbs"]["vetting"],
                "replacement_by": path["absorbs"]["replacement"],
                "permanent_seat": path["permanent_seat"],
                "source": first_pr["source"],
                "as_of": first_pr["as_of"],
            }
        )
        for item in path["items"]:
            item_rows.append(
                {
                    "path": path["id"],
                    "item": marked(item["name"], item["estimate"]),
                    "per": item["per"],
                    "kind": cost_kind(item["per"], item["basis"]).replace("_", "-"),
                    "amount": _item_amount(item),
                    "source": item["source"],
                    "as_of": item["as_of"],
                }
            )
    columns = [
        Column("id", "Path"),
        Column("name", "Name"),
        Column("time_to_start", "Time to start"),
        Column("time_to_first_pr", "Time to first PR"),
        Column("vetting_by", "Vetting"),
        Column("replacement_by", "Replacement"),
        Column("permanent_seat", "Permanent seat", "bool"),
        Column("source", "Source"),
        Column("as_of", "As of", "date"),
    ]
    item_table = Table(
        "Cost line items",
        [
            Column("path", "Path"),
            Column("item", "Item"),
            Column("per", "Per"),
            Column("kind", "Kind"),
            Column("amount", "Amount"),
            Column("source", "Source"),
            Column("as_of", "As of", "date"),
        ],
        item_rows,
    )
    lifecycle_rows = [
        {
            "path": path["id"],
            "figure": name,
            "value": marked(value, figure["estimate"]),
            "source": figure["source"],
            "as_of": figure["as_of"],
        }
        for path in document["paths"]
        for name, value, figure in _lifecycle_figures(path)
    ]
    lifecycle_table = Table(
        "Lifecycle: increases, attrition, ramp, placement, country and times by role",
        [
            Column("path", "Path"),
            Column("figure", "Figure"),
            Column("value", "Value"),
            Column("source", "Source"),
            Column("as_of", "As of", "date"),
        ],
        lifecycle_rows,
    )
    return [
        Table("Sourcing paths (times from the day you decide)", columns, rows),
        item_table,
        lifecycle_table,
    ]


def paths_notes(document: Document) -> list[str]:
    notes = Footnotes()
    for path in document["paths"]:
        notes.add_plain(f"{path['id']} time to start", path["time_to_start"])
        notes.add_plain(f"{path['id']} time to first PR", path["time_to_first_pr"])
        notes.add_plain(f"{path['id']} who absorbs vetting and replacement", path["absorbs"])
        for item in path["items"]:
            notes.add_plain(f"{path['id']} {item['name']}", item)
        for name, _, figure in _lifecycle_figures(path):
            notes.add_plain(f"{path['id']} {name}", figure)
        for note in path["notes"]:
            line = f"{path['id']}: {note}"
            if line not in notes.lines:
                notes.lines.append(line)
    for code, rate in document.get("rates", {}).items():  # for --currency
        quote = f"{code} 1 = {document['currency']} {rate['value'].normalize():f}"
        notes.lines.append(f"Rate {quote} ({rate['source']}, as of {rate['as_of'].isoformat()}).")
        notes.add_plain(f"rate {quote}", rate)
    return [*notes.lines, *source_notes(document), data_note(document)]
