"""The data dictionary of a funder extract: every table, and every column's meaning, unit and type.

One definition serves every output: the CSV and Parquet files, the workbook's sheets and number
formats, the Table Schemas of `datapackage.json` and the `data_dictionary` table itself. A unit
may name `{base}`, the price base year of the accounts, filled in when an extract is built.

Types are Table Schema types: string, integer, number, boolean, date, datetime.
"""

from __future__ import annotations

from dataclasses import dataclass, field

GBP_BASE = "GBP, {base} prices"
GBP_PAID = "GBP as paid (nominal)"
TEXT = "text"
CODE = "code"
FLAG = "true/false"
DATE = "date (YYYY-MM-DD)"
RATIO = "ratio (x : 1)"
SHARE = "share (0-1)"
YEAR = "financial year (April-March)"
PEOPLE = "people (count)"
SAMPLE = ("true when the extract was built from socialvalue's bundled illustrative sample data: "
          "the figures are invented, do not quote them")


@dataclass(frozen=True)
class Column:
    """One column: its name, Table Schema type, unit and meaning. `hidden_by` names the boolean
    column that says where small-number suppression hid this column's value (shown as `c`)."""

    name: str
    type: str
    unit: str
    meaning: str
    hidden_by: str | None = None


@dataclass(frozen=True)
class Table:
    """One table of an extract: its name (file and sheet name), what one row is, its columns and
    the columns that identify a row."""

    name: str
    title: str
    row: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def suppressible(self) -> bool:
        return any(c.hidden_by for c in self.columns)


def _c(name: str, type_: str, unit: str, meaning: str, hidden_by: str | None = None) -> Column:
    return Column(name, type_, unit, meaning, hidden_by)


PARTNERSHIP = _c("partnership_id", "string", CODE, "The partnership's slug (its identifier)")
PARTNER_ID = _c("partner_org_id", "string", CODE,
                "The partner's org-id.guide identifier (GB-CHC- charity, GB-COH- company, ...)")
PARTNER_NAME = _c("partner_name", "string", TEXT, "The partner's name, as in the partner register")
FINANCIAL_YEAR = _c("financial_year", "string", YEAR, "The financial year, e.g. 2024-25")
QUARTER = _c("quarter_key", "string", CODE,
             "The financial-year quarter, e.g. 2024-25-Q1 (April-June 2024)")
PERIOD = _c("period", "string", TEXT, "The period the row reports on, in words")
BASE_YEAR = _c("price_base_year", "integer", "calendar year",
               "The price year every base-year £ figure is restated in")
MEASURE = _c("measure_code", "string", CODE, "The measure's code in its catalogue")
THEME = _c("theme", "string", TEXT, "The measure's theme (jobs, growth, social, ...)")
OUTCOME = _c("outcome", "string", TEXT, "The outcome the measure counts")
UNIT = _c("unit", "string", TEXT, "What one unit of the measure's quantity is (person, hour, ...)")
GRADE = _c("evidence_grade", "string", "grade A-D",
           "Evidence behind the figure: A independently verified, B administrative records, "
           "C the partner's own survey, D anecdotal (the weakest of the lines added up)")
SAMPLE_DATA = _c("sample_data", "boolean", FLAG, SAMPLE)


def _flag(name: str, what: str) -> Column:
    return _c(name, "boolean", FLAG, f"true where {what} hidden by small-number suppression "
              "(the cell reads c); false where it is published")


def _withheld(name: str, what: str) -> Column:
    return _c(name, "boolean", FLAG, f"true where {what} withheld to protect small numbers of "
              "people: each is a sum of the outcomes' counts times published factors, and with "
              "the other figures published it would let a count too small to publish be "
              "worked out (the cells read c); false where published")


ACCOUNTS = Table(
    "accounts", "Social value account",
    "one partnership and financial year: the headline account over the quarters reported",
    (
        PARTNERSHIP,
        _c("partnership_name", "string", TEXT, "The partnership's name"),
        _c("lead_council", "string", CODE, "The lead council's slug"),
        _c("commissioning_route", "string", TEXT,
           "How the partnership was commissioned (grant, direct award, alliance contract, ...)"),
        FINANCIAL_YEAR, PERIOD,
        _c("period_start", "date", DATE, "First day of the first quarter reported"),
        _c("period_end", "date", DATE, "Last day of the last quarter reported"),
        _c("quarters_reported", "integer", "quarters", "Quarters with outcome returns"),
        _c("currency", "string", CODE, "Currency of every £ figure (GBP)"),
        BASE_YEAR,
        _c("account_start", "date", DATE, "First day of the year the account is for"),
        _c("account_end", "date", DATE,
           "Last day of the account: the year's end, or the latest quarter with outcomes"),
        _c("inputs_gbp", "number", GBP_BASE,
           "Inputs dated in the account's period, outcomes reported in their quarter or not: "
           "the lead council's payments to the partners, other funders' grants to them and the "
           "inputs register, restated in base-year prices"),
        _c("inputs_nominal_gbp", "number", GBP_PAID, "The same inputs as paid"),
        _c("council_spend_gbp", "number", GBP_BASE, "The lead council's payments to the partners"),
        _c("grants_gbp", "number", GBP_BASE, "Other funders' grants to the partners"),
        _c("other_money_gbp", "number", GBP_BASE, "Money from the inputs register"),
        _c("in_kind_gbp", "number", GBP_BASE, "In-kind support from the inputs register, at "
           "its stated value"),
        _c("staff_time_gbp", "number", GBP_BASE, "Staff time: hours x the stated hourly rate"),
        _c("volunteer_time_gbp", "number", GBP_BASE,
           "Volunteers' time: hours x the stated hourly rate"),
        _c("inputs_outside_outcome_quarters_gbp", "number", GBP_BASE,
           "The part of the inputs dated in quarters without outcomes reported (before the "
           "first outcome, say)"),
        _c("inputs_not_uprated_gbp", "number", GBP_PAID,
           "Inputs paid in a year the price index lacks, kept as paid"),
        _c("gross_value_gbp", "number", GBP_BASE, "Gross value, year one: quantity x proxy",
           "detail_suppressed"),
        _c("net_impact_gbp", "number", GBP_BASE,
           "Net impact, year one: gross less deadweight, displacement and attribution",
           "detail_suppressed"),
        _c("net_value_gbp", "number", GBP_BASE,
           "Net impact over the benefit years with drop-off, undiscounted", "detail_suppressed"),
        _c("present_value_gbp", "number", GBP_BASE,
           "Present value of the net impact (HM Treasury Green Book discounting), central case",
           "value_suppressed"),
        _c("present_value_low_gbp", "number", GBP_BASE, "Present value, low case (sensitivity)",
           "value_suppressed"),
        _c("present_value_high_gbp", "number", GBP_BASE, "Present value, high case (sensitivity)",
           "value_suppressed"),
        _c("harm_present_value_gbp", "number", GBP_BASE,
           "Present value of harms (negative outcomes), included in the present value",
           "detail_suppressed"),
        _c("overlap_excluded_present_value_gbp", "number", GBP_BASE,
           "Present value left out because another measure valued the same change",
           "detail_suppressed"),
        _c("sroi_low", "number", RATIO, "SROI ratio, low case: present value low / inputs",
           "value_suppressed"),
        _c("sroi_central", "number", RATIO, "SROI ratio: present value / inputs",
           "value_suppressed"),
        _c("sroi_high", "number", RATIO, "SROI ratio, high case: present value high / inputs",
           "value_suppressed"),
        _c("beneficiaries", "integer", PEOPLE,
           "People reported as benefiting on the counted lines (a person reported under two "
           "measures counts twice)", "beneficiaries_suppressed"),
        _c("cost_per_beneficiary_gbp", "number", GBP_BASE, "Inputs / beneficiaries",
           "beneficiaries_suppressed"),
        _c("weakest_evidence_grade", "string", "grade A-D",
           "The weakest evidence grade among the counted lines"),
        *(_c(f"value_share_grade_{g}", "number", SHARE,
             f"Share of the present value (by absolute size) resting on grade {g.upper()} "
             "evidence", "grades_suppressed")
          for g in "abcd"),
        _c("outcome_lines", "integer", "lines", "Outcome lines (partner, quarter, measure)"),
        _c("lines_not_valued", "integer", "lines", "Lines that could not be valued"),
        _c("lines_overlapping", "integer", "lines", "Lines not counted as overlaps"),
        _c("imperatives_assessed", "integer", "assessments",
           "Partner-imperative assessments made for the year"),
        _c("imperatives_met", "integer", "assessments", "Assessments met"),
        _c("imperatives_not_met", "integer", "assessments", "Assessments not met"),
        _c("imperatives_no_evidence", "integer", "assessments", "Assessments without evidence"),
        _c("partners_assessed", "integer", "organisations", "Partners assessed"),
        _c("partners_meeting_all", "integer", "organisations", "Partners meeting every imperative"),
        _c("imperatives_version", "string", CODE, "Version of the imperatives file in force"),
        _c("sensitivity", "string", TEXT, "How the low and high cases were made"),
        _flag("beneficiaries_suppressed", "the beneficiaries (and so the cost per beneficiary) "
              "are"),
        _withheld("value_suppressed", "the social value (central, cautious, generous) and the "
                  "SROIs made from it are"),
        _withheld("detail_suppressed", "the gross value, net impact, net value, value of harms "
                  "and value left out as overlapping are"),
        _withheld("grades_suppressed", "the shares of the value on each grade of evidence are"),
        SAMPLE_DATA,
    ),
    key=("partnership_id", "financial_year"),
)

SOCIAL_VALUE = Table(
    "social_value", "Social value by measure, theme and quarter",
    "one partner's outcome for one measure in one quarter, valued in base-year prices",
    (
        PARTNERSHIP, PARTNER_ID, PARTNER_NAME,
        _c("partner_role", "string", TEXT, "The partner's role (lead, member, design partner)"),
        FINANCIAL_YEAR, QUARTER, PERIOD,
        _c("period_start", "date", DATE, "First day of the quarter"),
        _c("period_end", "date", DATE, "Last day of the quarter"),
        MEASURE,
        _c("measure_framework", "string", CODE, "The catalogue (framework) the measure is from"),
        _c("measure_edition", "string", CODE, "The catalogue edition"),
        THEME, OUTCOME, UNIT,
        _c("quantity", "number", "units of `unit`", "Quantity reported",
           "quantity_suppressed"),
        _c("beneficiaries", "integer", PEOPLE, "People reported as benefiting",
           "beneficiaries_suppressed"),
        _c("target", "number", "units of `unit`", "The partner's target for the quarter"),
        GRADE,
        _c("sensitive_cohort", "boolean", FLAG,
           "true for a sensitive cohort (e.g. looked-after children): stricter suppression"),
        _c("is_harm", "boolean", FLAG, "true for a negative outcome (it reduces the value)"),
        BASE_YEAR,
        _c("gross_value_gbp", "number", GBP_BASE, "quantity x proxy (base year)",
           "value_suppressed"),
        _c("net_impact_gbp", "number", GBP_BASE,
           "gross x (1 - deadweight) x (1 - displacement) x (1 - attribution)",
           "value_suppressed"),
        _c("net_value_gbp", "number", GBP_BASE,
           "Net impact over the benefit years with drop-off, undiscounted", "value_suppressed"),
        _c("present_value_gbp", "number", GBP_BASE, "Present value, central case",
           "value_suppressed"),
        _c("present_value_low_gbp", "number", GBP_BASE, "Present value, low case",
           "value_suppressed"),
        _c("present_value_high_gbp", "number", GBP_BASE, "Present value, high case",
           "value_suppressed"),
        _c("counted", "boolean", FLAG,
           "true when the line counts in the account (false: an overlap or not valued)"),
        _c("excluded_reason", "string", TEXT, "Why a line is not counted"),
        _c("valuation_note", "string", TEXT, "Why a line could not be valued"),
        _c("source_rows", "string", TEXT, "The outcome return file and rows behind the line"),
        _flag("quantity_suppressed", "the quantity (a count of people) is"),
        _flag("beneficiaries_suppressed", "the beneficiaries are"),
        _flag("value_suppressed", "the £ values (which would give away a hidden count of "
              "people: quantity x published proxy) are"),
        SAMPLE_DATA,
    ),
    key=("partnership_id", "partner_org_id", "quarter_key", "measure_code"),
    notes=("The partners' free-text notes are not published: they may name people.",),
)

OUTCOMES_VS_TARGETS = Table(
    "outcomes_vs_targets", "Outcomes against targets",
    "one partner's outcome for one measure in one quarter, against its target",
    (
        PARTNERSHIP, PARTNER_ID, PARTNER_NAME, FINANCIAL_YEAR, QUARTER, PERIOD, MEASURE, THEME,
        OUTCOME, UNIT,
        _c("target_kind", "string", TEXT,
           "floor (at least the target) or ceiling (a harm: at most the target)"),
        _c("quantity", "number", "units of `unit`", "Quantity reported", "quantity_suppressed"),
        _c("target", "number", "units of `unit`", "Target"),
        _c("variance", "number", "units of `unit`", "quantity - target", "quantity_suppressed"),
        _c("achievement", "number", SHARE.replace("(0-1)", "(1 = on target)"),
           "quantity / target", "quantity_suppressed"),
        _c("status", "string", TEXT,
           "met, below target, within ceiling, over ceiling or no target",
           "quantity_suppressed"),
        _c("target_met", "boolean", FLAG, "true when the target is met", "quantity_suppressed"),
        GRADE,
        _flag("quantity_suppressed", "the quantity (a count of people), variance, achievement "
              "and status against target (which would bound it) are"),
        SAMPLE_DATA,
    ),
    key=("partnership_id", "partner_org_id", "quarter_key", "measure_code"),
)

COST_PER_OUTCOME = Table(
    "cost_per_outcome", "Cost per outcome",
    "one measure of one partnership and financial year: all its inputs over the quantity",
    (
        PARTNERSHIP, FINANCIAL_YEAR, MEASURE, THEME, OUTCOME, UNIT,
        _c("quarters", "integer", "quarters", "Quarters the measure was reported in"),
        _c("quantity", "number", "units of `unit`", "Quantity over the year",
           "quantity_suppressed"),
        _c("beneficiaries", "integer", PEOPLE, "People reported as benefiting",
           "beneficiaries_suppressed"),
        _c("inputs_gbp", "number", GBP_BASE, "All the partnership's inputs for the quarters"),
        _c("cost_per_unit_gbp", "number", GBP_BASE,
           "inputs / quantity. Every measure carries the whole cost: do not add across measures",
           "quantity_suppressed"),
        BASE_YEAR,
        _c("basis", "string", TEXT, "How the cost per unit was worked out, or why there is none"),
        _flag("quantity_suppressed", "the quantity (a count of people) and cost per unit are"),
        _flag("beneficiaries_suppressed", "the beneficiaries are"),
        SAMPLE_DATA,
    ),
    key=("partnership_id", "financial_year", "measure_code"),
)

INPUTS = Table(
    "inputs", "Inputs: spend, grants and the inputs register",
    "the money one partner received from one source in one quarter",
    (
        PARTNERSHIP,
        _c("partnership_name", "string", TEXT, "The partnership's name"),
        PARTNER_ID, PARTNER_NAME, FINANCIAL_YEAR, QUARTER,
        _c("source", "string", TEXT, "council spend (the lead council's payments), grant, or "
           "the inputs register's kind: money, in-kind, staff time, volunteer time"),
        _c("items", "integer", "payments or grant shares", "Items added up"),
        _c("amount_gbp", "number", GBP_PAID, "Amount as paid"),
        BASE_YEAR,
        _c("amount_base_gbp", "number", GBP_BASE, "Amount restated in base-year prices"),
        _c("amount_not_uprated_gbp", "number", GBP_PAID,
           "Part paid in a year the price index lacks, kept as paid"),
        _c("in_outcome_period", "boolean", FLAG,
           "true when the quarter has outcome returns (every quarter counts as an input of "
           "the account it falls in)"),
        _c("grants", "string", TEXT, "The grants behind a grant row and how they were spread"),
        _c("contributions", "string", TEXT,
           "The inputs register's rows behind the row (time: hours x rate) and their dates"),
        SAMPLE_DATA,
    ),
    key=("partnership_id", "partner_org_id", "quarter_key", "source"),
)

COUNCIL_PAYMENTS = Table(
    "council_payments", "Council payments to the partners",
    "one payment line the lead council published (Transparency Code, over £500) to a partner",
    (
        _c("council", "string", CODE, "The paying council's slug"),
        _c("council_org_id", "string", CODE, "The council's org-id (GB-LAE-...)"),
        PARTNERSHIP, PARTNER_ID,
        _c("payment_date", "date", DATE, "Date of payment"),
        FINANCIAL_YEAR,
        _c("amount_gbp", "number", GBP_PAID,
           "Amount as published (credit notes negative)"),
        _c("beneficiary", "string", TEXT,
           "The beneficiary as the council published it; [redacted] where the council redacted "
           "it, and 'individual (not named)' where it is a private individual"),
        _c("is_redacted", "boolean", FLAG, "true where the beneficiary is redacted"),
        _c("supplier_class", "string", CODE, "vcse, sme_or_other, public_body, ..."),
        _c("department", "string", TEXT, "The council's department, as published"),
        _c("expense_type", "string", TEXT, "The expense type, as published"),
        _c("transaction_ref", "string", CODE, "The council's transaction number"),
        _c("match_evidence", "string", TEXT, "How the line was matched to the partner"),
        _c("source_file", "string", TEXT, "The council's file the line came from"),
        _c("source_row", "integer", "spreadsheet row", "Its row in that file"),
        SAMPLE_DATA,
    ),
    key=("council", "source_file", "source_row"),
)

GRANTS = Table(
    "grants", "Grants to the partners",
    "one 360Giving grant (in GBP) from a funder other than the lead council to a partner",
    (
        PARTNERSHIP,
        _c("grant_id", "string", CODE, "The 360Giving grant identifier (360G-...)"),
        _c("title", "string", TEXT, "Grant title"),
        _c("description", "string", TEXT, "Grant description"),
        _c("amount_awarded_gbp", "number", GBP_PAID, "Amount awarded"),
        _c("award_date", "date", DATE, "Date of the award decision"),
        _c("planned_start", "date", DATE, "Planned start of the funded activity"),
        _c("planned_end", "date", DATE, "Planned end of the funded activity"),
        _c("recipient_org_id", "string", CODE, "The recipient partner's org-id"),
        _c("recipient_org_name", "string", TEXT, "The recipient's name"),
        _c("funder_org_id", "string", CODE, "The funder's org-id"),
        _c("funder_org_name", "string", TEXT, "The funder's name"),
        _c("beneficiary_location_name", "string", TEXT, "Where the beneficiaries are"),
        _c("beneficiary_location_code", "string", CODE, "Its geographic code (e.g. ONS)"),
        _c("publisher", "string", CODE, "Who published the grant data (its funder's org-id)"),
        _c("source_file", "string", TEXT, "The 360Giving file the grant came from"),
        SAMPLE_DATA,
    ),
    key=("partnership_id", "grant_id"),
)

IMPERATIVES = Table(
    "imperative_compliance", "Social value imperatives",
    "one partner, financial year and imperative: met, not met or no evidence",
    (
        PARTNERSHIP, PARTNER_ID, PARTNER_NAME,
        _c("role", "string", TEXT, "The partner's role"),
        FINANCIAL_YEAR,
        _c("period_start", "date", DATE, "First day of the year assessed"),
        _c("period_end", "date", DATE, "Last day of the year assessed"),
        _c("imperative_id", "string", CODE, "The imperative's identifier"),
        _c("imperative_title", "string", TEXT, "The imperative"),
        _c("principle", "string", TEXT, "The principle it puts into practice"),
        _c("status", "string", CODE, "met, not_met or no_evidence"),
        _c("reason", "string", TEXT, "Why, with the values compared"),
        _c("rule", "string", TEXT, "The rule checked"),
        _c("evidence_needed", "string", TEXT, "The evidence the rule needs"),
        _c("evidence", "string", "JSON text",
           "The evidence used: per field its value, unit and source document"),
        _c("imperatives_version", "string", CODE, "Version of the imperatives file"),
        _c("imperatives_sha256", "string", CODE, "SHA-256 of the imperatives file"),
        SAMPLE_DATA,
    ),
    key=("partnership_id", "partner_org_id", "financial_year", "imperative_id"),
)

PARTNERS = Table(
    "partners", "Partners", "one organisation in one partnership",
    (
        PARTNERSHIP,
        _c("org_id", "string", CODE, "The organisation's org-id.guide identifier"),
        _c("name", "string", TEXT, "The organisation's name"),
        _c("role", "string", TEXT, "lead, member, design partner or council"),
        _c("legal_form", "string", TEXT, "Legal form (charity, CIO, CIC, ...)"),
        _c("vcse", "boolean", FLAG, "true for a voluntary, community or social enterprise"),
        _c("asset_lock", "boolean", FLAG, "true when the organisation has an asset lock"),
        SAMPLE_DATA,
    ),
    key=("partnership_id", "org_id"),
)

MEASURES = Table(
    "measures", "Measures and financial proxies",
    "one catalogue measure used in the extract: its proxy, source, licence and assumptions",
    (
        _c("framework", "string", CODE, "The catalogue (framework)"),
        _c("edition", "string", CODE, "The catalogue edition"),
        _c("code", "string", CODE, "The measure's code"),
        THEME, OUTCOME, UNIT,
        _c("proxy_value_gbp", "number", "GBP in price_year prices",
           "Financial proxy per unit, as in the catalogue (blank where withheld)"),
        _c("price_year", "integer", "calendar year", "The proxy's price year"),
        _c("proxy_value_base_gbp", "number", GBP_BASE,
           "The proxy restated in the base year (blank where withheld)"),
        BASE_YEAR,
        _c("deadweight", "number", SHARE, "What would have happened anyway"),
        _c("displacement", "number", SHARE, "What the outcome pushed aside"),
        _c("attribution", "number", SHARE, "The part owed to others"),
        _c("drop_off", "number", SHARE + " a year",
           "Fall in the outcome each year after the first"),
        _c("benefit_years", "integer", "years", "How long the outcome lasts"),
        _c("discount_schedule", "string", CODE, "standard or health (Green Book rates)"),
        _c("overlaps_with", "string", TEXT, "Measures valuing the same change"),
        _c("sensitive_cohort", "boolean", FLAG, "true for a sensitive cohort"),
        _c("counts", "string", CODE,
           "What the quantity counts for small-number suppression: people, households, tenancies "
           "(all suppressed as people) or not people (published as reported); people where the "
           "catalogue did not say or said something else"),
        _c("source", "string", TEXT, "Where the proxy comes from"),
        _c("licence", "string", CODE, "The licence of the proxy values"),
        _c("proxy_withheld", "boolean", FLAG,
           "true where the proxy's licence does not allow re-publishing it, so it is left out"),
        SAMPLE_DATA,
    ),
    key=("framework", "edition", "code"),
)

DATA_VERSIONS = Table(
    "data_versions", "Data versions",
    "one file whose rows are behind the extract, with the load that wrote it",
    (
        _c("dataset", "string", CODE, "The dataset (spend, outcomes, grants, ...)"),
        _c("scope", "string", CODE, "Its council, partnership, funder or catalogue"),
        _c("periods", "string", TEXT, "The periods the file fills"),
        _c("file_name", "string", TEXT, "The file's name as received"),
        _c("file_sha256", "string", CODE, "The file's SHA-256"),
        _c("load_id", "string", CODE, "The load that wrote its rows (meta.loads)"),
        _c("loaded_at", "datetime", "date-time (UTC)", "When it was loaded"),
        _c("sample_data", "boolean", FLAG, "true for a file of socialvalue's bundled sample data"),
    ),
    key=("dataset", "scope", "file_sha256", "load_id"),
)

DICTIONARY = Table(
    "data_dictionary", "Data dictionary",
    "one column of one table of this extract",
    (
        _c("table", "string", CODE, "The table (CSV/Parquet file, workbook sheet)"),
        _c("column", "string", CODE, "The column's code name (CSV and Parquet headers)"),
        _c("heading", "string", TEXT, "The column's heading in the spreadsheet (XLSX)"),
        _c("type", "string", CODE, "Table Schema type: string, integer, number, boolean, date"),
        _c("unit", "string", TEXT, "Its unit"),
        _c("meaning", "string", TEXT, "What it means"),
        _c("suppressed_as", "string", TEXT,
           "For a count of people (or a figure that would give one away): how a hidden cell reads"),
    ),
    key=("table", "column"),
)

IMPACT_MAP = Table(
    "impact_map", "Impact map (Social Value UK's layout)",
    "one partner's outcome for one measure in one quarter, laid out as Social Value UK's impact "
    "map (its columns as `socialvalue ingest impact-map` reads them)",
    (
        _c("stakeholder", "string", TEXT,
           "Who experiences the change (from an imported impact map; blank for a catalogue "
           "measure, which does not say)"),
        _c("outcome", "string", TEXT, "The outcome: what changes"),
        _c("indicator", "string", TEXT, "How the change is measured (the measure's unit)"),
        _c("quantity", "number", "units of the indicator", "Quantity reported",
           "quantity_suppressed"),
        _c("duration", "integer", "years", "How long the outcome lasts"),
        _c("start", "integer", "years", "Years after the outcome before its benefits begin"),
        _c("proxy", "string", TEXT, "The financial proxy and where it comes from"),
        _c("value", "number", "GBP in the proxy's price year",
           "Financial proxy per unit (blank where its licence does not allow re-publishing)"),
        _c("price_year", "integer", "calendar year", "The proxy's price year"),
        _c("deadweight", "number", SHARE, "What would have happened anyway"),
        _c("displacement", "number", SHARE, "What the outcome pushed aside"),
        _c("attribution", "number", SHARE, "The part owed to others"),
        _c("drop_off", "number", SHARE + " a year", "Fall in the outcome each year after the "
           "first"),
        _c("impact_gbp", "number", GBP_BASE,
           "Impact: the present value of the outcome, central case", "value_suppressed"),
        PARTNERSHIP, PARTNER_NAME, QUARTER, FINANCIAL_YEAR, MEASURE,
        _flag("quantity_suppressed", "the quantity (a count of people) is"),
        _flag("value_suppressed", "the impact (which would give away a hidden count) is"),
        SAMPLE_DATA,
    ),
    key=("partnership_id", "partner_name", "quarter_key", "measure_code"),
)

TABLES: tuple[Table, ...] = (ACCOUNTS, SOCIAL_VALUE, OUTCOMES_VS_TARGETS, COST_PER_OUTCOME,
                             INPUTS, COUNCIL_PAYMENTS, GRANTS, IMPERATIVES, PARTNERS, MEASURES,
                             IMPACT_MAP, DATA_VERSIONS, DICTIONARY)
BY_NAME = {t.name: t for t in TABLES}


def unit_text(column: Column, base_year: int | None) -> str:
    """The column's unit with the price base year filled in."""
    return column.unit.replace("{base}", str(base_year) if base_year else "base-year")


def dictionary_rows(base_year: int | None) -> list[dict]:
    """The data dictionary as rows: every column of every table."""
    from dashboards.extracts.labels import heading
    from dashboards.suppression import SYMBOL

    return [{"table": t.name, "column": c.name, "heading": heading(c, base_year), "type": c.type,
             "unit": unit_text(c, base_year),
             "meaning": c.meaning,
             "suppressed_as": f"{SYMBOL} where {c.hidden_by} is true" if c.hidden_by else ""}
            for t in TABLES for c in t.columns]
