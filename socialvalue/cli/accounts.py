"""`socialvalue accounts`: each partnership's headline social value account, from the marts."""

from __future__ import annotations

import typer
from rich.table import Table

from socialvalue.cli.output import UserError, console, guarded, pounds, print_json

HEADLINE_SQL = """
    select * from marts.{mart}
    where ? is null or partnership_id = ?
    order by partnership_id, account_start"""


def accounts(
    partnership: str | None = typer.Option(None, "--partnership", "-p",
                                           help="Only this partnership (its slug)."),
    first: str | None = typer.Option(None, "--from", help="The first month of a range "
                                     "(YYYY-MM, the first month of a quarter: 2017-10)."),
    last: str | None = typer.Option(None, "--to", help="The last month of the range (YYYY-MM, "
                                    "the last month of a quarter: 2019-09)."),
    whole_life: bool = typer.Option(False, "--whole-life", help="Each partnership's whole life "
                                    "to date, instead of each financial year."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object on stdout."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Each partnership's social value account for each financial year (or its whole life to
    date, or a range of months): inputs, gross and net value, present value, SROI (low / central
    / high), cost per beneficiary, evidence grades and imperatives met. All £ in one price year;
    the method is in docs/method.md."""
    from basics.duck import records
    from basics.settings import configure_environment
    from warehouse.accounts.marts import BadPeriod, accounts_for_range, with_scenarios
    from warehouse.connection import read_only

    with guarded(verbose):
        if (first is None) != (last is None):
            raise UserError("give both --from and --to (YYYY-MM), or neither")
        if first and whole_life:
            raise UserError("--whole-life or --from/--to: one period at a time")
        p = configure_environment()
        with read_only(p.warehouse) as con:
            if not _has_accounts(con):
                raise UserError("no social value accounts built yet: load the data, then run "
                                "socialvalue build")
            if first:
                try:
                    rows = accounts_for_range(con, first, last, partnership)
                except BadPeriod as err:
                    raise UserError(str(err)) from None
            else:
                mart = "partnership_whole_life" if whole_life else "partnership_accounts"
                rows = with_scenarios(con, records(con, HEADLINE_SQL.format(mart=mart),
                                                   [partnership, partnership]))
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
        console.print("No accounts for this period: no partnership has outcomes or inputs in it.")
        return
    show(rows, about)


def _rounded(row: dict) -> dict:
    """Pounds to the penny, ratios and shares to four places (floats only)."""
    out = {}
    for key, value in row.items():
        if isinstance(value, float):
            value = round(value, 2 if key.endswith("_gbp") else 4)
        elif isinstance(value, list):
            value = [_rounded(v) if isinstance(v, dict) else v for v in value]
        out[key] = value
    return out


def _has_accounts(con) -> bool:
    return bool(con.execute(
        "select count(*) from information_schema.tables where table_schema = 'marts' and "
        "table_name in ('partnership_accounts', 'partnership_whole_life', "
        "'valuation_assumptions')").fetchall()[0][0] == 3)


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
    if about.get("valuation_settings"):
        console.print(f"[dim]Valuation settings: {about['valuation_settings']}.[/]",
                      highlight=False)
    console.print(f"[dim]SROI = present value of net impact / inputs (the lead council's "
                  f"payments to the partners, other funders' grants to them and the inputs "
                  f"register, everything in the period, outcomes reported or not). Sensitivity: "
                  f"{about.get('sensitivity_description', '')}. Method: docs/method.md.[/]",
                  highlight=False)


def _lines(r: dict) -> list[tuple[str, str, str]]:
    shares = ", ".join(f"{g} {r[f'value_share_grade_{g.lower()}']:.0%}" for g in "ABCD")
    return [
        ("Inputs", whole(r["inputs_gbp"]), _inputs_detail(r)),
        ("Gross value, year one", whole(r["gross_value_gbp"]), "quantity x proxy"),
        ("Net impact, year one", whole(r["net_impact_gbp"]),
         "less deadweight, displacement and attribution"),
        ("Net value, all years", whole(r["net_value_gbp"]),
         "net impact over the benefit years, with drop-off, undiscounted"),
        ("Present value", whole(r["present_value_gbp"]),
         f"low {whole(r['present_value_low_gbp'])}, high {whole(r['present_value_high_gbp'])}"),
        ("SROI", _ratio(r["sroi_central"]),
         f"low {_ratio(r['sroi_low'])}, high {_ratio(r['sroi_high'])}"),
        *[(f"  scenario: {sc['name']}", _ratio(sc["sroi"]), sc["changes"])
          for sc in r.get("scenarios", [])],
        ("Cost per beneficiary", pounds(r["cost_per_beneficiary_gbp"]),
         f"{r['beneficiaries'] or 0:,} beneficiaries reported"),
        ("Weakest evidence", r["weakest_evidence_grade"] or "-", f"value by grade: {shares}"),
        ("Imperatives met", f"{r['imperatives_met']} of {r['imperatives_assessed']}",
         f"{r['partners_meeting_all']} of {r['partners_assessed']} partners meet all "
         f"(imperatives {r['imperatives_version'] or '-'})"),
    ]


def _inputs_detail(r: dict) -> str:
    parts = [("council spend", r["council_spend_gbp"]), ("grants", r["grants_gbp"]),
             ("other money", r["other_money_gbp"]), ("in-kind", r["in_kind_gbp"]),
             ("staff time", r["staff_time_gbp"]), ("volunteer time", r["volunteer_time_gbp"])]
    shown = [f"{name} {whole(v)}" for name, v in parts if v or name == "council spend"]
    outside = r.get("inputs_outside_outcome_quarters_gbp")
    if outside:
        shown.append(f"of which {whole(outside)} in quarters without outcomes reported")
    return ", ".join(shown)


def whole(value) -> str:
    """An estimate in whole pounds: pence would claim a precision the method does not have."""
    return "-" if value is None else f"£{float(value):,.0f}"


def _ratio(value) -> str:
    return "no inputs" if value is None else f"{value:.2f} : 1"
