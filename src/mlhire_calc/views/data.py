"""The views of `mlhire roles` and `mlhire paths`: the data, with its sources."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from mlhire_calc.catalog import Catalog, Range, TimeRange, plain
from mlhire_calc.money import amount_text, percent_text, range_text
from mlhire_calc.render import Column, Report, Table

from .common import Footnotes, data_note, envelope, marked, source_notes


def _range_text(figure: Range) -> str:
    return range_text(figure.low, figure.high)


def roles_report(catalog: Catalog) -> Report:
    notes = Footnotes()
    rows = []
    for role in catalog.roles.values():
        band = role.loaded_monthly
        notes.add(f"{role.id} loaded_monthly", band)
        rows.append(
            {
                "id": role.id,
                "title": role.title,
                "ships": role.ships,
                "tools": ", ".join(role.tools),
                "currency": catalog.currency,
                "loaded_monthly_low": band.low,
                "loaded_monthly_high": band.high,
                "source": marked(band.source, band.estimate),
                "as_of": band.as_of,
            }
        )
    market_rows = []
    for role in catalog.roles.values():
        if role.market is None:
            continue
        for entry in dataclasses.fields(role.market):
            name = entry.name
            figure = getattr(role.market, name)
            if figure is None:
                continue
            notes.add(f"{role.id} {name}", figure)
            value = f"{figure.value:,}" if hasattr(figure, "value") else _range_text(figure)
            if isinstance(figure, TimeRange):
                value = figure.describe()
            market_rows.append(
                {
                    "role": role.id,
                    "figure": name.replace("_", " "),
                    "value": value,
                    "source": marked(figure.source, figure.estimate),
                    "as_of": figure.as_of,
                    "note": figure.note or "",
                }
            )
    columns = [
        Column("id", "Role"),
        Column("title", "Title"),
        Column("ships", "Ships"),
        Column("tools", "Tools"),
        Column("loaded_monthly_low", "Loaded/month low", "money"),
        Column("loaded_monthly_high", "Loaded/month high", "money"),
        Column("source", "Source"),
        Column("as_of", "As of", "date"),
    ]
    table = Table("Roles (loaded monthly cost, all-in)", columns, rows)
    tables = [table]
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
    flat = Table("roles", [*columns[:4], Column("currency", "Currency"), *columns[4:]], rows)
    document = envelope(
        "mlhire.roles/1",
        catalog,
        [],
        roles=plain(list(catalog.roles.values())),
        sources=plain(catalog.role_sources),
    )
    notes_all = [*notes.lines, *source_notes(catalog.role_sources), data_note(catalog)]
    return Report(document, tables, flat, notes=notes_all)


def paths_report(catalog: Catalog) -> Report:
    notes = Footnotes()
    rows = []
    item_rows = []
    for path in catalog.paths.values():
        notes.add(f"{path.id} time to start", path.time_to_start)
        notes.add(f"{path.id} time to first PR", path.time_to_first_pr)
        notes.add(f"{path.id} who absorbs vetting and replacement", path.absorbs)
        rows.append(
            {
                "id": path.id,
                "name": path.name,
                "time_to_start": marked(path.time_to_start.describe(), path.time_to_start.estimate),
                "time_to_first_pr": marked(path.time_to_first_pr.describe(), path.time_to_first_pr.estimate),
                "vetting_by": path.absorbs.vetting,
                "replacement_by": path.absorbs.replacement,
                "permanent_seat": path.permanent_seat,
                "source": path.time_to_first_pr.source,
                "as_of": path.time_to_first_pr.as_of,
            }
        )
        for item in path.items:
            notes.add(f"{path.id} {item.name}", item)
            if item.per == "percent":
                assert item.rate is not None
                rate = item.rate
                amount = (
                    percent_text(rate)
                    if not isinstance(rate, Range)
                    else f"{percent_text(rate.low)}-{percent_text(rate.high)}"
                )
                amount += f" of {item.of} ({'monthly' if item.basis == 'monthly' else 'first year'})"
            elif isinstance(item.amount, Range):
                amount = _range_text(item.amount)
            elif isinstance(item.amount, Decimal):
                amount = amount_text(item.amount)
            else:
                amount = "role's loaded monthly band"
            item_rows.append(
                {
                    "path": path.id,
                    "item": marked(item.name, item.estimate),
                    "per": item.per,
                    "kind": item.kind.replace("_", "-"),
                    "amount": amount,
                    "source": item.source,
                    "as_of": item.as_of,
                }
            )
        for note in path.notes:
            line = f"{path.id}: {note}"
            if line not in notes.lines:
                notes.lines.append(line)
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
    document = envelope(
        "mlhire.paths/1",
        catalog,
        [],
        paths=plain(list(catalog.paths.values())),
        sources=plain(catalog.path_sources),
    )
    table = Table("Sourcing paths (times from the day you decide)", columns, rows)
    notes_all = [*notes.lines, *source_notes(catalog.path_sources), data_note(catalog)]
    return Report(document, [table, item_table], table, notes=notes_all)
