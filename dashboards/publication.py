"""What everything published shares: the suppression policy in force, whether the figures come
from the bundled (illustrative) sample data, and the data versions a publication was built from.

The dashboards and the funder extracts both read these, so a page and an extract built from the
same warehouse say the same thing about where their numbers came from.
"""

from __future__ import annotations

import functools
from pathlib import Path

import duckdb
import yaml

from basics.duck import records
from basics.files import sha256_of
from dashboards.suppression import Policy
from samples import DATA as SAMPLE

SAMPLE_NOTICE = ("Sample data: built from socialvalue's bundled illustrative data. Partnership "
                 "names, dates and contract values are public facts; every payment, outcome, "
                 "score and identifier is invented. Do not quote these figures.")


class BadPublicationConfig(ValueError):
    """config/publication.yaml cannot be used as it stands."""


def publication_policy(config: Path) -> Policy:
    """The suppression policy: `config/publication.yaml` may set

        suppression: {threshold: 5, sensitive_threshold: 10, round_to: 5}

    (counts of people below `threshold` are hidden; `round_to` rounds published counts)."""
    file = config / "publication.yaml"
    if not file.exists():
        return Policy()
    given = (yaml.safe_load(file.read_text()) or {}).get("suppression") or {}
    unknown = set(given) - {"threshold", "sensitive_threshold", "round_to"}
    if unknown:
        raise BadPublicationConfig(f"{file}: unknown suppression settings {sorted(unknown)}; "
                                   "use threshold, sensitive_threshold, round_to")
    try:
        policy = Policy(**{k: None if v is None else int(v) for k, v in given.items()})
    except (TypeError, ValueError) as err:
        raise BadPublicationConfig(f"{file}: suppression settings must be whole numbers") from err
    if policy.threshold < 1 or policy.sensitive_threshold < policy.threshold:
        raise BadPublicationConfig(f"{file}: need 1 <= threshold <= sensitive_threshold")
    return policy


@functools.cache
def _sample_hashes(folder: Path = SAMPLE) -> frozenset[str]:
    return frozenset(sha256_of(p) for p in folder.rglob("*")
                     if p.is_file() and p.name != "EXPECTED.json")


def data_versions(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every file whose rows are in the warehouse now: dataset, scope, the periods it fills, its
    name and SHA-256, the load that wrote it and when, and whether it is a bundled sample file."""
    rows = records(con, """
        select v.dataset, v.scope, list(v.period order by v.period) as periods,
               any_value(l.file_name) as file_name, v.file_hash, v.load_id,
               max(v.loaded_at) as loaded_at
        from meta.partition_versions v left join meta.loads l using (load_id)
        group by v.dataset, v.scope, v.file_hash, v.load_id
        order by v.dataset, v.scope, min(v.period)""")
    sample = _sample_hashes()
    return [{**r, "sample_data": r["file_hash"] in sample} for r in rows]


def uses_sample_data(con: duckdb.DuckDBPyConnection) -> bool:
    """True when any figure in the warehouse comes from a bundled sample file."""
    return any(v["sample_data"] for v in data_versions(con))
