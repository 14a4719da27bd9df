"""The four sample councils (tables/councils.csv): real names, org ids and ONS area codes."""

from dataclasses import dataclass

from samples.table_files import rows


@dataclass(frozen=True)
class Council:
    slug: str
    name: str
    org_id: str
    geo_code: str  # ONS code used for 360Giving beneficiaryLocation
    area: str


COUNCILS = {row["slug"]: Council(**row) for row in rows("councils.csv")}
