"""Generate the bundled sample data for socialvalue.

Everything this module writes under ``samples/data/`` is SAMPLE DATA for demonstrations and
tests. The real facts are the ones in the project's domain fact sheet (the E3M *Procurement to
Partnership Toolkit* case studies: partnership names, routes, dates, the Oldham and Plymouth
contract values, and the names of the real organisations). Every other organisation name is
invented, and every identifier, amount, payment date, quantity, target, score, evidence value and
proxy value is illustrative. The literal tables (organisations, payees, measures, planted
faults...) are the files in ``samples/tables/``.

The council spend files imitate four different publishing styles and carry deliberately planted
faults. ``data/EXPECTED.json`` is the ledger of what was written (rows, faults, totals); it is
computed here from the rows as they are written, never typed in.

Run from the project root::

    python -m samples.generate                 # rewrite everything under data/
    python -m samples.generate --faults-table  # also print the README fault table

The output is deterministic: one seeded ``random.Random(20240401)`` hands a child seed to each
section in a fixed order, nothing depends on today's date or on set ordering, and XLSX files are
written with fixed document properties and fixed zip timestamps.
"""

import json
import random
import shutil
import sys
from pathlib import Path

from samples import DATA
from samples.catalogue import write_catalogue
from samples.evidence import write_evidence
from samples.grants import write_grants
from samples.ledger import council_summary, faults_markdown
from samples.outcomes import write_outcomes, write_templates
from samples.partnerships import write_partnership_registers
from samples.registers import write_registers
from samples.seed import SEED, child_rng
from samples.spend import write_spend
from samples.spend_lines import BAD_KINDS


def generate(out: Path = DATA) -> dict:
    """Rewrite everything under ``out`` and return the ledger."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    master = random.Random(SEED)
    spend_rng, outcome_rng, evidence_rng, grant_rng = (child_rng(master) for _ in range(4))
    write_partnership_registers(out)
    # The organisation registers (charities, companies, mutuals, housing providers) of the
    # sample's payees.
    write_registers(out)
    write_catalogue(out)
    spend = write_spend(out, spend_rng)
    outcomes = write_outcomes(out, outcome_rng)
    write_templates(out)
    write_evidence(out, evidence_rng)
    grants = write_grants(out, grant_rng)
    ledger = {
        "about": (
            "Ledger of the socialvalue sample data, written by samples/generate.py from "
            "the rows it wrote. Row numbers are spreadsheet row numbers (1-based, counting the "
            "header and anything above it). All amounts are illustrative."
        ),
        "seed": SEED,
        "bad_kinds": list(BAD_KINDS),
        "councils": council_summary(spend),
        "spend": spend,
        "outcomes": outcomes,
        "grants": grants,
    }
    (out / "EXPECTED.json").write_text(
        json.dumps(ledger, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return ledger


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    ledger = generate()
    if "--faults-table" in args:
        print(faults_markdown(ledger))


if __name__ == "__main__":
    main()
