"""The ledger's summaries: per council totals and fault counts, and the README's fault table."""

from samples.councils import COUNCILS
from samples.money import pounds


def council_summary(spend: list[dict]) -> list[dict]:
    """Per council: files, rows, fault counts by kind, totals."""
    summary = []
    for slug in COUNCILS:
        entries = [e for e in spend if e["council"] == slug]
        kinds: dict[str, int] = {}
        for entry in entries:
            for fault in entry["faults"]:
                kinds[fault["kind"]] = kinds.get(fault["kind"], 0) + 1
        summary.append({
            "council": slug,
            "files": len(entries),
            "rows": sum(e["rows"] for e in entries),
            "faults_by_kind": dict(sorted(kinds.items())),
            "bad_rows": sum(1 for e in entries for f in e["faults"] if f["bad"]),
            "amount_total_parseable": pounds(
                sum(int(e["amount_total_parseable"].replace(".", "")) for e in entries)
            ),
            "amount_total_excluding_bad_and_duplicate_rows": pounds(
                sum(
                    int(e["amount_total_excluding_bad_and_duplicate_rows"].replace(".", ""))
                    for e in entries
                )
            ),
        })
    return summary


def faults_markdown(ledger: dict) -> str:
    """The README's fault table, rendered from the ledger."""
    lines = ["| file | row | kind | column | value |", "|---|---|---|---|---|"]
    sections = [*ledger["spend"], *ledger["outcomes"], ledger["grants"]["csv"]]
    for entry in sections:
        for fault in entry["faults"]:
            if fault["kind"] == "serial_date":
                continue  # every Croydon file has two; listed by the ledger
            value = str(fault["value"]).replace("|", "\\|")
            lines.append(
                f"| `{entry['file']}` | {fault['row']} | {fault['kind']} | {fault['column']} "
                f"| `{value}` |"
            )
    return "\n".join(lines)
