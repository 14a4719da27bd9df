"""Names that match no register exactly, compared with similar register names (rapidfuzz).

A payee's name key is compared only with register names in its block: those whose key starts
with the same four characters and whose length is close enough for the score to reach the
threshold at all (two keys of lengths a and b score at most 200 * min(a, b) / (a + b)). That is
what keeps a few thousand payees against millions of register names to seconds: the candidate
pairs come out of DuckDB a batch of payees at a time and are scored pairwise by rapidfuzz.

A pair is accepted when its score (rapidfuzz's normalised Indel similarity of the keys, 0-100)
reaches the threshold and both names carry the same digits: "Unit 4 Trust" is not "Unit 5
Trust" however close the letters. The best-scoring register names of each payee are returned
(more than one where they tie); which of them is preferred is decided with the exact matches.
"""

from __future__ import annotations

import re

import duckdb
import pandas as pd
from rapidfuzz import fuzz, process

from warehouse.registers.names import PREFIX

THRESHOLD = 90
BATCH = 500
DIGITS = re.compile(r"\D+")


def length_bounds(length: int, threshold: float) -> tuple[int, int]:
    """The register key lengths that can score `threshold` against a key of `length`."""
    low = int(length * threshold / (200 - threshold))
    high = int(length * (200 - threshold) / threshold) + 1
    return low, high


def fuzzy_matches(con: duckdb.DuckDBPyConnection, payees: pd.DataFrame,
                  threshold: float = THRESHOLD) -> pd.DataFrame:
    """For each payee (columns source, payee_key, name_key) the register rows (rid) whose names
    are most like its own, at or above `threshold`: source, payee_key, rid, score."""
    found = []
    payees = payees[payees["name_key"].str.len() > PREFIX]
    for start in range(0, len(payees), BATCH):
        found.append(_batch(con, payees.iloc[start:start + BATCH], threshold))
    found = [f for f in found if not f.empty]
    if not found:
        return pd.DataFrame(columns=["source", "payee_key", "rid", "score"])
    return pd.concat(found, ignore_index=True)


def _batch(con: duckdb.DuckDBPyConnection, payees: pd.DataFrame, threshold: float
           ) -> pd.DataFrame:
    bounds = payees["name_key"].str.len().map(lambda n: length_bounds(n, threshold))
    frame = payees.assign(prefix=payees["name_key"].str[:PREFIX],
                          low=[b[0] for b in bounds], high=[b[1] for b in bounds])
    con.register("_fuzzy_payees", frame[["source", "payee_key", "name_key", "prefix", "low",
                                         "high"]])
    try:
        pairs = con.execute("""
            select p.source, p.payee_key, p.name_key, o.rid, o.name_key as register_key
            from _fuzzy_payees p join marts.register_organisations o
              on o.name_prefix = p.prefix and length(o.name_key) between p.low and p.high
        """).df()
    finally:
        con.unregister("_fuzzy_payees")
    if pairs.empty:
        return pairs
    pairs["score"] = process.cpdist(pairs["name_key"].tolist(), pairs["register_key"].tolist(),
                                    scorer=fuzz.ratio, workers=-1)
    pairs = pairs[pairs["score"] >= threshold]
    same_digits = [DIGITS.sub("", a) == DIGITS.sub("", b)
                   for a, b in zip(pairs["name_key"], pairs["register_key"], strict=True)]
    pairs = pairs[same_digits]
    best = pairs.groupby(["source", "payee_key"])["score"].transform("max")
    pairs = pairs[pairs["score"] == best]
    return pairs[["source", "payee_key", "rid", "score"]].round({"score": 1})
