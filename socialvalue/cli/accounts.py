"""`socialvalue accounts`: each partnership's headline social value account, from the marts."""

from __future__ import annotations

import typer
from rich.table import Table

from socialvalue.cli.output import UserError, console, guarded, pounds, print_json

HEADLINE_SQL = """
    select * from marts.partnership_accounts
    where ? is null or partnership_id = ?
    order by partnership_id, financial_year"""


def accounts(
    partnership: str | None = typer.Option(None, "--partnership", "-p",
                                           help="Only this partnership (its slug)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object on stdout."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Each partnership's social value account: inputs, gross and net value, present value, SROI
    (low / central / high), cost per beneficiary, evidence grades and imperatives met. All £ in
    one price year; the method is in docs/method.md."""
    from socialvalue.settings import configure_environment
    from warehouse.connection import reader
    from warehouse.duck import records

    with guarded(verbose):
        p = configure_environment()
        with reader(p.warehouse) as con:
            if not _has_accounts(con):
                raise UserError("no social value accounts built yet: load the data, then run "
                                "socialvalue build")
            rows = records(con, HEADLINE_SQL, [partnership, partnership])
            assumptions = records(con, "select * from marts.valuation_assumptions")
            known = [r[0] for r in con.execute(
                "select distinct partnership_id from marts.partnership_accounts order by 1"
            ).fetchall()]
        if partnership and not rows:
            raise UserError(f"no accounts for partnership {partnership!r}; known: "
                            f"{', '.join(known) or 'none'}")
    about = assumptions[0] if assumptions else {}
    if as_json:
        print_json({"currency": "GBP", "price_base_year": about.get("price_base_year"),
                    "assumptions": about, "method": "docs/method.md",
                    "partnerships": [_rounded(r) for r in rows]})
        return
    if not rows:
        console.print("No accounts yet: no partnership has outcome returns loaded.")
        return
    show(rows, about)


def _rounded(row: dict) -> dict:
    """Pounds to the penny, ratios and shares to four places (floats only)."""
    out = {}
    for key, value in row.items():
        if isinstance(value, float):
            value = round(value, 2 if key.endswith("_gbp") else 4)
        out[key] = value
    return out


def _has_accounts(con) -> bool:
    return bool(con.execute(
        "select count(*) from information_schema.tables where table_schema = 'marts' and "
        "table_name in ('partnership_accounts', 'valuation_assumptions')").fetchall()[0][0] == 2)


def show(rows: list[dict], about: dict) -> None:
    """One small account per partnership and year, every figure with its unit and range."""
    for r in rows:
        table = Table(title=f"[bold]{r['partnership_name']}[/] ({r['partnership_id']})\n"
                      f"{r['period']}, £ in {r['price_base_year']} prices, "
                      f"{r['commissioning_route']}", title_justify="left", show_header=False,
                      box=None, padding=(0, 2))
        table.add_column("item", style="bold")
        table.add_column("figure", justify="right")
        table.add_column("detail", style="dim")
        for item in _lines(r):
            table.add_row(*item)
        console.print(table, "")
    console.print(f"[dim]SROI = present value of net impact / inputs (the lead council's "
                  f"payments to the partners and other funders' grants to them, in the quarters "
                  f"reported). Sensitivity: {about.get('sensitivity_description', '')}. "
                  f"Method: docs/method.md.[/]", highlight=False)


def _lines(r: dict) -> list[tuple[str, str, str]]:
    shares = ", ".join(f"{g} {r[f'value_share_grade_{g.lower()}']:.0%}" for g in "ABCD")
    return [
        ("Inputs", whole(r["inputs_gbp"]), f"council spend {whole(r['council_spend_gbp'])}, "
         f"grants {whole(r['grants_gbp'])}"),
        ("Gross value, year one", whole(r["gross_value_gbp"]), "quantity x proxy"),
        ("Net impact, year one", whole(r["net_impact_gbp"]),
         "less deadweight, displacement and attribution"),
        ("Net value, all years", whole(r["net_value_gbp"]),
         "net impact over the benefit years, with drop-off, undiscounted"),
        ("Present value", whole(r["present_value_gbp"]),
         f"low {whole(r['present_value_low_gbp'])}, high {whole(r['present_value_high_gbp'])}"),
        ("SROI", _ratio(r["sroi_central"]),
         f"low {_ratio(r['sroi_low'])}, high {_ratio(r['sroi_high'])}"),
        ("Cost per beneficiary", pounds(r["cost_per_beneficiary_gbp"]),
         f"{r['beneficiaries'] or 0:,} beneficiaries reported"),
        ("Weakest evidence", r["weakest_evidence_grade"] or "-", f"value by grade: {shares}"),
        ("Imperatives met", f"{r['imperatives_met']} of {r['imperatives_assessed']}",
         f"{r['partners_meeting_all']} of {r['partners_assessed']} partners meet all "
         f"(imperatives {r['imperatives_version'] or '-'})"),
    ]


def whole(value) -> str:
    """An estimate in whole pounds: pence would claim a precision the method does not have."""
    return "-" if value is None else f"£{float(value):,.0f}"


def _ratio(value) -> str:
    return "no inputs" if value is None else f"{value:.2f} : 1"
