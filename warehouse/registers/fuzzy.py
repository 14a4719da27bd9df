"""Names that match no register exactly, compared with similar register names (rapidfuzz).

A name key is compared only with the register names of its block: those whose key starts with
the same four characters. Each block's names come out of DuckDB once, as one list, and
rapidfuzz's `process.cdist` scores every name of the block against the payees' names in it
(with a score cutoff, so most pairs are rejected on their lengths alone). That is what keeps a
few thousand payees against millions of register names to seconds; a typing slip in a name's
first four characters is not found (the price of the block).

A pair is accepted when its score (rapidfuzz's normalised Indel similarity of the keys, 0-100)
reaches the threshold and both names carry the same digits: "Unit 4 Trust" is not "Unit 5
Trust" however close the letters. The best-scoring register names of each key are returned
(more than one where they tie); which of them is preferred is decided with the exact matches.

Results are kept in `marts.register_fuzzy_matches` until a register is loaded anew, so a build
after a spend file compares only the names it has not compared before.
"""

from __future__ import annotations

import re

import duckdb
import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from warehouse.registers.names import PREFIX

THRESHOLD = 90
BLOCKS_AT_ONCE = 200
DIGITS = re.compile(r"\D+")
CACHE = "marts.register_fuzzy_matches"


def fuzzy_matches(con: duckdb.DuckDBPyConnection, keys: list[str], versions: str,
                  threshold: float = THRESHOLD) -> pd.DataFrame:
    """For each name key, the register rows (rid) whose names are most like it, at or above
    `threshold`: name_key, rid, score. Keys compared before against the same register loads
    (`versions`) are answered from the cache; the rest are compared and added to it."""
    con.execute(f"create table if not exists {CACHE} (name_key varchar, rid ubigint, "
                "score double, versions varchar, threshold double)")
    con.execute(f"delete from {CACHE} where versions <> ? or threshold <> ?",
                [versions, threshold])
    known = {k for (k,) in con.execute(f"select distinct name_key from {CACHE}").fetchall()}
    todo = sorted({k for k in keys if k and len(k) > PREFIX} - known)
    found = compare(con, todo, threshold)
    # a key compared and matched to nothing is cached too (rid NULL): it is not compared again
    unmatched = sorted(set(todo) - set(found["name_key"]))
    rows = pd.concat([found, pd.DataFrame({"name_key": unmatched, "rid": None, "score": None})],
                     ignore_index=True)
    if len(rows):
        con.register("_fuzzy_found", rows.assign(versions=versions, threshold=threshold))
        con.execute(f"insert into {CACHE} select name_key, rid::ubigint, score::double, "
                    "versions, threshold from _fuzzy_found")
        con.unregister("_fuzzy_found")
    return con.execute(f"select name_key, rid, score from {CACHE} where rid is not null and "
                       "list_contains(?, name_key)", [list(keys)]).df()


def compare(con: duckdb.DuckDBPyConnection, keys: list[str], threshold: float) -> pd.DataFrame:
    """The best register rows for each key, by comparing it with its block."""
    by_block: dict[str, list[str]] = {}
    for key in keys:
        by_block.setdefault(key[:PREFIX], []).append(key)
    blocks = sorted(by_block)
    found = []
    for start in range(0, len(blocks), BLOCKS_AT_ONCE):
        wanted = blocks[start:start + BLOCKS_AT_ONCE]
        table = con.execute(
            "select name_prefix, list(rid), list(name_key) from marts.register_organisations "
            "where list_contains(?, name_prefix) group by name_prefix", [wanted]).fetchall()
        for prefix, rids, names in table:
            found += _best(by_block[prefix], rids, names, threshold)
    return pd.DataFrame(found, columns=["name_key", "rid", "score"])


def _best(queries: list[str], rids: list[int], names: list[str],
          threshold: float) -> list[tuple[str, int, float]]:
    scores = process.cdist(queries, names, scorer=fuzz.ratio, score_cutoff=threshold,
                           workers=-1)
    out = []
    for query, row in zip(queries, scores, strict=True):
        hits = np.flatnonzero(row)
        digits = DIGITS.sub("", query)
        hits = [h for h in hits if DIGITS.sub("", names[h]) == digits]
        if not hits:
            continue
        best = max(row[h] for h in hits)
        out += [(query, rids[h], round(float(row[h]), 1)) for h in hits if row[h] == best]
    return out
