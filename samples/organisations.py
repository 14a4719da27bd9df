"""The sample's organisations (tables/organisations.csv). Names of real organisations are real
(`name_is`); every id and postcode is invented."""

from dataclasses import dataclass

from samples.table_files import flag, rows

# legal form -> (is VCSE, has an asset lock)
LEGAL_FORMS = {
    row["legal_form"]: (flag(row["vcse"]), flag(row["asset_lock"]))
    for row in rows("legal_forms.csv")
}


@dataclass(frozen=True)
class Org:
    """An organisation, as the registers and the partners' returns name it."""

    key: str  # how the tables refer to it
    org_id: str
    name: str
    legal_form: str
    postcode: str

    @property
    def charity_number(self) -> str:
        return self.org_id.removeprefix("GB-CHC-") if self.org_id.startswith("GB-CHC-") else ""

    @property
    def company_number(self) -> str:
        return self.org_id.removeprefix("GB-COH-") if self.org_id.startswith("GB-COH-") else ""

    @property
    def vcse(self) -> bool:
        return LEGAL_FORMS[self.legal_form][0]

    @property
    def asset_lock(self) -> bool:
        return LEGAL_FORMS[self.legal_form][1]


# key -> organisation, in the table's order (the registers list them in this order).
ORGS = {
    row["key"]: Org(row["key"], row["org_id"], row["name"], row["legal_form"], row["postcode"])
    for row in rows("organisations.csv")
}
