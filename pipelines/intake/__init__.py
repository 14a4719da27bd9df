"""Receiving files: decide what they report on, archive them, and run the loads through Dagster.

The command line and the drop-folder sensors both receive files this way. A file that cannot even
be read for its scope and periods is refused here (and recorded as refused); every other file is
archived in the landing area and loaded by the Dagster job for the partitions it reports on.
Each dataset has its own module: spend, outcome returns, and the reference datasets.
"""

from pipelines.intake.common import Received, collect, contiguous, record_refusal
from pipelines.intake.outcomes import load_outcomes, receive_outcomes
from pipelines.intake.reference import (
    REFERENCE,
    load_reference,
    load_references,
    receive_reference,
)
from pipelines.intake.spend import backfill_spend, load_spend, receive_spend, run_spend_months

__all__ = ["REFERENCE", "Received", "backfill_spend", "collect", "contiguous", "load_outcomes",
           "load_reference", "load_references", "load_spend", "receive_outcomes",
           "receive_reference", "receive_spend", "record_refusal", "run_spend_months"]
