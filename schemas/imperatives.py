"""Social value imperatives: a versioned configuration turned into Pandera checks.

The imperatives are configuration (`schemas/imperatives/default.yaml`, replaced by
`$SOCIALVALUE_HOME/config/imperatives.yaml` when a council writes one). Each imperative's rule
becomes two Pandera checks over one row per partner and period (the partner's evidence, wide):
`<id>:evidence` fails where the evidence cannot decide the rule, `<id>` fails where the evidence
shows the rule broken. The compliance table says, per partner, period and imperative: met, not_met
(with the failing evidence) or no_evidence.

Rules are three-valued: each condition is True, False or unknown (no usable value), combined by
Kleene logic (pandas' nullable booleans): `all` is False as soon as one part is False, `any` is
True as soon as one part is True, otherwise unknown when a part is unknown.

The Real Living Wage "in force for a period" is the latest rate announced on or before the
period's first day. (Accredited employers have six months to adopt a new rate, so a rate announced
during a period is not yet owed at its start.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from functools import reduce
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import yaml

from basics.cells import FALSE_WORDS, TRUE_WORDS

SHIPPED = Path(__file__).with_name("imperatives")
DEFAULT_FILE = SHIPPED / "default.yaml"
LIVING_WAGE_FILE = SHIPPED / "real_living_wage.csv"
EVIDENCE_DATASET = "staging.imperative_evidence"
PARTNER_DATASET = "staging.partners"
PARTNER_PREFIX = "partner."
KEYS = ["partnership_id", "partner_org_id", "financial_year"]


class BadImperatives(ValueError):
    """The imperatives file cannot be used; the message names the file and the imperative."""


# --- The Real Living Wage ----------------------------------------------------------------------

@dataclass(frozen=True)
class WageRate:
    announced: dt.date
    uk: float
    london: float
    source: str

    def describe(self, london: bool) -> str:
        where = "London" if london else "UK"
        return (f"£{self.london if london else self.uk:.2f} ({where} rate announced "
                f"{self.announced:%d %B %Y})")


@dataclass(frozen=True)
class LivingWage:
    """Real Living Wage rates, each from the day it was announced."""

    rates: tuple[WageRate, ...]
    source_file: str

    def in_force(self, day: dt.date) -> WageRate | None:
        """The latest rate announced on or before `day`; None before the first rate on file."""
        known = [r for r in self.rates if r.announced <= day]
        return max(known, key=lambda r: r.announced) if known else None


def load_living_wage(config_dir: Path | None = None) -> LivingWage:
    """`config_dir/real_living_wage.csv` if a council has one, else the shipped rates."""
    own = config_dir / "real_living_wage.csv" if config_dir else None
    file = own if own is not None and own.exists() else LIVING_WAGE_FILE
    try:
        frame = pd.read_csv(file, dtype=str)
        rates = tuple(WageRate(dt.date.fromisoformat(r.announced), float(r.uk_gbp_per_hour),
                               float(r.london_gbp_per_hour), r.source)
                      for r in frame.itertuples())
    except (ValueError, AttributeError, pd.errors.ParserError) as err:
        raise BadImperatives(f"{file}: needs columns announced (YYYY-MM-DD), uk_gbp_per_hour, "
                             f"london_gbp_per_hour and source: {err}") from err
    return LivingWage(rates, str(file))


# --- Rules -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Context:
    """What rules need besides the evidence: the wage rates."""

    living_wage: LivingWage


def as_bool(values: pd.Series) -> pd.Series:
    words = values.map(lambda v: None if pd.isna(v) else str(v).strip().lower())
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    out[words.isin(TRUE_WORDS)] = True
    out[words.isin(FALSE_WORDS)] = False
    return out


def as_number(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").astype("Float64")


@dataclass(frozen=True)
class Condition:
    """One test of one field: equals, in, at_least, at_most or at_least_real_living_wage."""

    field: str
    op: str
    value: object = None
    london_field: str | None = None

    def fields(self) -> list[str]:
        return [self.field] + ([self.london_field] if self.london_field else [])

    def evaluate(self, frame: pd.DataFrame, ctx: Context) -> pd.Series:
        values = column(frame, self.field)
        if self.op == "equals" and isinstance(self.value, bool):
            return as_bool(values) == self.value
        if self.op in ("equals", "in"):
            wanted = {str(v).lower() for v in (self.value if self.op == "in" else [self.value])}
            text = values.map(lambda v: pd.NA if pd.isna(v) else str(v).strip().lower())
            return text.isin(wanted).astype("boolean").mask(text.isna())
        if self.op == "at_least":
            return as_number(values) >= float(self.value)
        if self.op == "at_most":
            return as_number(values) <= float(self.value)
        return self._living_wage(frame, ctx)

    def _living_wage(self, frame: pd.DataFrame, ctx: Context) -> pd.Series:
        pay = as_number(column(frame, self.field))
        london = as_bool(column(frame, self.london_field))
        rates = [ctx.living_wage.in_force(pd.Timestamp(d).date()) for d in frame["period_start"]]
        uk = pd.Series([r.uk if r else None for r in rates], index=frame.index, dtype="Float64")
        ldn = pd.Series([r.london if r else None for r in rates], index=frame.index,
                        dtype="Float64")
        at_uk, at_london = pay >= uk, pay >= ldn
        out = pd.Series(pd.NA, index=frame.index, dtype="boolean")
        is_london, is_uk = london.eq(True).fillna(False), london.eq(False).fillna(False)
        out[is_london] = at_london[is_london]
        out[is_uk] = at_uk[is_uk]
        # London weighting not stated: pay at the London rate passes and pay under the UK rate
        # fails either way; anything between cannot be judged.
        unknown = london.isna()
        out[unknown & at_london.fillna(False)] = True
        out[unknown & ~at_uk.fillna(True)] = False
        return out

    def describe(self) -> str:
        if self.op == "at_least_real_living_wage":
            return (f"{self.field} >= Real Living Wage in force at the period's start "
                    f"(London rate when {self.london_field} is true)")
        symbol = {"equals": "=", "in": "in", "at_least": ">=", "at_most": "<="}[self.op]
        value = str(self.value).lower() if isinstance(self.value, bool) else self.value
        return f"{self.field} {symbol} {value}"

    def explain(self, row: pd.Series, ctx: Context) -> str:
        """Why this condition is not met (or cannot be judged) for one row."""
        value = row.get(self.field)
        if value is None or pd.isna(value):
            return f"no evidence of {self.field}"
        shown = shown_value(row, self.field)
        result = self.evaluate(row.to_frame().T, ctx).astype("boolean").iloc[0]
        if self.op != "at_least_real_living_wage":
            if result is pd.NA:
                return f"{shown} cannot be read for {self.describe()}"
            return f"{shown} fails {self.describe()}"
        return self._explain_pay(row, shown, result, ctx)

    def _explain_pay(self, row: pd.Series, shown: str, result, ctx: Context) -> str:
        rate = ctx.living_wage.in_force(pd.Timestamp(row["period_start"]).date())
        if rate is None:
            return (f"no Real Living Wage rate on file for a period starting "
                    f"{pd.Timestamp(row['period_start']):%Y-%m-%d}")
        if as_number(pd.Series([row.get(self.field)])).isna().iloc[0]:
            return f"{shown} is not an hourly rate"
        london = as_bool(pd.Series([row.get(self.london_field)])).iloc[0]
        if london is not pd.NA:
            return f"{shown} is below the Real Living Wage of {rate.describe(bool(london))}"
        if result is pd.NA:
            return (f"{shown} is under the London rate {rate.describe(True)} and "
                    f"{self.london_field} is not given")
        return f"{shown} is below even the UK rate {rate.describe(False)}"


@dataclass(frozen=True)
class Combined:
    """All (or any) of several rules."""

    kind: str  # 'all' | 'any'
    parts: tuple

    def fields(self) -> list[str]:
        return [f for p in self.parts for f in p.fields()]

    def evaluate(self, frame: pd.DataFrame, ctx: Context) -> pd.Series:
        results = [p.evaluate(frame, ctx).astype("boolean") for p in self.parts]
        return reduce((lambda a, b: a & b) if self.kind == "all" else (lambda a, b: a | b),
                      results)

    def describe(self) -> str:
        return f" {'and' if self.kind == 'all' else 'or'} ".join(
            f"({p.describe()})" if isinstance(p, Combined) else p.describe() for p in self.parts)

    def explain(self, row: pd.Series, ctx: Context) -> str:
        frame = row.to_frame().T
        failing = [p.explain(row, ctx) for p in self.parts
                   if not p.evaluate(frame, ctx).astype("boolean").fillna(False).iloc[0]]
        return "; ".join(failing) if self.kind == "all" else " and ".join(failing)


def parse_rule(spec, where: str):
    if not isinstance(spec, dict):
        raise BadImperatives(f"{where}: a rule is a mapping, not {spec!r}")
    for kind in ("all", "any"):
        if kind in spec:
            parts = spec[kind]
            if not isinstance(parts, list) or not parts:
                raise BadImperatives(f"{where}: '{kind}' needs a list of rules")
            return Combined(kind, tuple(parse_rule(p, where) for p in parts))
    ops = [op for op in ("equals", "in", "at_least", "at_most", "at_least_real_living_wage")
           if op in spec]
    if "field" not in spec or len(ops) != 1:
        raise BadImperatives(f"{where}: a condition needs 'field' and exactly one of equals, in, "
                             f"at_least, at_most, at_least_real_living_wage: {spec!r}")
    op = ops[0]
    if op == "at_least_real_living_wage":
        london = (spec[op] or {}).get("london_field")
        return Condition(spec["field"], op, None, london)
    if op in ("at_least", "at_most") and not isinstance(spec[op], int | float):
        raise BadImperatives(f"{where}: {op} needs a number, not {spec[op]!r}")
    if op == "in" and not isinstance(spec[op], list):
        raise BadImperatives(f"{where}: 'in' needs a list")
    return Condition(spec["field"], op, spec[op])


def column(frame: pd.DataFrame, field: str | None) -> pd.Series:
    """A field's values, or all missing when no partner has that evidence."""
    if field and field in frame.columns:
        return frame[field]
    return pd.Series(pd.NA, index=frame.index, dtype="object")


def shown_value(row: pd.Series, field: str) -> str:
    unit, source = row.get(f"unit:{field}"), row.get(f"source:{field}")
    text = f"{field} = {row.get(field)}"
    if isinstance(unit, str) and unit:
        text += f" {unit}"
    if isinstance(source, str) and source:
        text += f" ({source})"
    return text


# --- The imperatives ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Imperative:
    id: str
    title: str
    description: str
    principle: str
    datasets: tuple[str, ...]
    fields: tuple[str, ...]
    rule: Condition | Combined
    roles: tuple[str, ...]
    applies_from: dt.date | None
    applies_until: dt.date | None
    evidence_needed: str

    def applies(self, frame: pd.DataFrame) -> pd.Series:
        """Rows (partner and period) this imperative applies to: role and period overlap."""
        ok = frame["role"].isin(self.roles)
        if self.applies_from:
            ok &= pd.to_datetime(frame["period_end"]) >= pd.Timestamp(self.applies_from)
        if self.applies_until:
            ok &= pd.to_datetime(frame["period_start"]) <= pd.Timestamp(self.applies_until)
        return ok

    def checks(self, ctx: Context) -> list[pa.Check]:
        def has_evidence(frame: pd.DataFrame) -> pd.Series:
            return self.rule.evaluate(frame, ctx).notna() | ~self.applies(frame)

        def not_broken(frame: pd.DataFrame) -> pd.Series:
            return self.rule.evaluate(frame, ctx).fillna(True) | ~self.applies(frame)

        # Pandera reports a failure under its `error`: the check's name, to find it again.
        return [pa.Check(has_evidence, name=f"{self.id}:evidence", error=f"{self.id}:evidence"),
                pa.Check(not_broken, name=self.id, error=self.id)]


@dataclass(frozen=True)
class ImperativeSet:
    version: str
    title: str
    source_file: str
    sha256: str
    imperatives: tuple[Imperative, ...]

    def schema(self, ctx: Context) -> pa.DataFrameSchema:
        """The Pandera schema: every imperative's checks over the wide evidence frame."""
        keys = {k: pa.Column(nullable=False) for k in [*KEYS, "role", "period_start"]}
        return pa.DataFrameSchema(keys, checks=[c for i in self.imperatives
                                                for c in i.checks(ctx)],
                                  name=f"imperatives {self.version}")


def load_imperatives(config_dir: Path | None = None) -> ImperativeSet:
    """`config_dir/imperatives.yaml` when a council has one, else the shipped default set."""
    own = config_dir / "imperatives.yaml" if config_dir else None
    file = own if own is not None and own.exists() else DEFAULT_FILE
    raw = file.read_bytes()
    try:
        doc = yaml.safe_load(raw) or {}
    except yaml.YAMLError as err:
        raise BadImperatives(f"{file}: not readable YAML: {err}") from err
    if not doc.get("version") or not isinstance(doc.get("imperatives"), list):
        raise BadImperatives(f"{file}: needs a 'version' and a list of 'imperatives'")
    defaults = doc.get("applies_to") or {}
    imperatives = tuple(_imperative(spec, defaults, file) for spec in doc["imperatives"])
    ids = [i.id for i in imperatives]
    if len(set(ids)) != len(ids):
        raise BadImperatives(f"{file}: imperative ids must be unique: {ids}")
    return ImperativeSet(str(doc["version"]), str(doc.get("title", "")), str(file),
                         hashlib.sha256(raw).hexdigest(), imperatives)


def _imperative(spec: dict, defaults: dict, file: Path) -> Imperative:
    where = f"{file}: imperative {spec.get('id', '(no id)')}"
    for key in ("id", "title", "principle", "dataset", "fields", "rule"):
        if not spec.get(key):
            raise BadImperatives(f"{where}: '{key}' is required")
    rule = parse_rule(spec["rule"], where)
    fields = tuple(spec["fields"])
    if set(rule.fields()) != set(fields):
        raise BadImperatives(f"{where}: 'fields' {sorted(fields)} must be the fields its rule "
                             f"uses {sorted(set(rule.fields()))}")
    declared = spec["dataset"] if isinstance(spec["dataset"], list) else [spec["dataset"]]
    used = {PARTNER_DATASET if f.startswith(PARTNER_PREFIX) else EVIDENCE_DATASET
            for f in fields}
    if used - set(declared):
        raise BadImperatives(f"{where}: its fields come from {sorted(used)}, but 'dataset' "
                             f"says {declared}")
    applies = {**defaults, **(spec.get("applies_to") or {})}
    return Imperative(
        id=str(spec["id"]), title=str(spec["title"]), description=str(spec.get("description", "")),
        principle=str(spec["principle"]), datasets=tuple(declared), fields=fields, rule=rule,
        roles=tuple(applies.get("roles") or ("lead", "member", "design partner")),
        applies_from=_date(applies.get("from"), where),
        applies_until=_date(applies.get("until"), where),
        evidence_needed=str(spec.get("evidence_needed", "")))


def _date(value, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as err:
        raise BadImperatives(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from err


# --- Evidence and evaluation -------------------------------------------------------------------

def evidence_frame(evidence: pd.DataFrame, partners: pd.DataFrame,
                   periods: pd.DataFrame) -> pd.DataFrame:
    """One row per partner and assessment period, one column per evidence field (its value as
    given) with `unit:<field>` and `source:<field>`, and the partner register's columns as
    `partner.<column>`.

    evidence: partnership_id, partner_org_id, period_start, period_end, evidence_field, value,
    unit, source_document (long form). partners: the partner register. periods: partnership_id,
    financial_year, period_start, period_end. Evidence counts for every period it overlaps; of
    several values of one field, the one with the latest period end (then start) is used.
    """
    rows = periods.merge(partners.rename(columns={"org_id": "partner_org_id"}),
                         on="partnership_id")
    rows = rows.rename(columns={c: PARTNER_PREFIX + c for c in partners.columns
                                if c not in ("partnership_id", "org_id")})
    rows["role"] = rows[PARTNER_PREFIX + "role"]
    rows["partner_name"] = rows[PARTNER_PREFIX + "name"]
    wide = _latest_evidence(evidence, periods)
    out = rows.merge(wide, on=KEYS, how="left") if not wide.empty else rows
    return out.sort_values(KEYS).reset_index(drop=True)


def _latest_evidence(evidence: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    joined = evidence.rename(columns={"period_start": "ev_start", "period_end": "ev_end"}).merge(
        periods, on="partnership_id")
    joined = joined[(pd.to_datetime(joined["ev_start"]) <= pd.to_datetime(joined["period_end"]))
                    & (pd.to_datetime(joined["ev_end"]) >= pd.to_datetime(joined["period_start"]))]
    if joined.empty:
        return pd.DataFrame(columns=KEYS)
    latest = (joined.sort_values(["ev_end", "ev_start"])
              .drop_duplicates([*KEYS, "evidence_field"], keep="last"))
    parts = [latest.pivot(index=KEYS, columns="evidence_field", values=column).rename(
        columns=lambda f, p=prefix: f"{p}{f}")
        for column, prefix in (("value", ""), ("unit", "unit:"), ("source_document", "source:"))]
    return pd.concat(parts, axis=1).reset_index()


COMPLIANCE_COLUMNS = [
    "partnership_id", "partner_org_id", "partner_name", "role", "financial_year", "period_start",
    "period_end", "imperative_id", "imperative_title", "principle", "status", "reason",
    "evidence", "rule", "evidence_needed", "imperatives_version", "imperatives_file",
    "imperatives_sha256", "living_wage_file",
]


def evaluate(imperatives: ImperativeSet, frame: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """The compliance table: one row per applicable partner, period and imperative."""
    failed = failing_rows(imperatives.schema(ctx), frame)
    out = []
    for imp in imperatives.imperatives:
        applies = imp.applies(frame)
        for index in frame.index[applies.to_numpy(dtype=bool)]:
            row = frame.loc[index]
            if index in failed.get(f"{imp.id}:evidence", set()):
                status = "no_evidence"
            elif index in failed.get(imp.id, set()):
                status = "not_met"
            else:
                status = "met"
            out.append(_compliance_row(imperatives, imp, row, status, ctx))
    return pd.DataFrame(out, columns=COMPLIANCE_COLUMNS)


def failing_rows(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> dict[str, set]:
    """{check name: row labels failing it}, from one lazy Pandera validation."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        whole = cases[cases["index"].isna()]
        if not whole.empty:
            raise BadImperatives("the evidence table does not fit the imperatives: " + "; ".join(
                sorted({f"{r.column}: {r.check}" for r in whole.itertuples()}))) from err
        grouped: dict[str, set] = {}
        for check, index in zip(cases["check"], cases["index"], strict=True):
            grouped.setdefault(check, set()).add(int(index))
        return grouped
    return {}


def _compliance_row(imperatives: ImperativeSet, imp: Imperative, row: pd.Series, status: str,
                    ctx: Context) -> dict:
    evidence = {f: _evidence_item(row, f) for f in imp.fields}
    reason = f"met: {imp.rule.describe()}" if status == "met" else imp.rule.explain(row, ctx)
    return {
        "partnership_id": row["partnership_id"], "partner_org_id": row["partner_org_id"],
        "partner_name": row["partner_name"], "role": row["role"],
        "financial_year": row["financial_year"], "period_start": row["period_start"],
        "period_end": row["period_end"], "imperative_id": imp.id, "imperative_title": imp.title,
        "principle": imp.principle, "status": status, "reason": reason,
        "evidence": json.dumps(evidence, default=str), "rule": imp.rule.describe(),
        "evidence_needed": imp.evidence_needed,
        "imperatives_version": imperatives.version, "imperatives_file": imperatives.source_file,
        "imperatives_sha256": imperatives.sha256,
        "living_wage_file": ctx.living_wage.source_file,
    }


def _evidence_item(row: pd.Series, field: str) -> dict | None:
    value = row.get(field)
    if value is None or (not isinstance(value, list | dict) and pd.isna(value)):
        return None
    item = {"value": value if isinstance(value, bool) else str(value)}
    for key in ("unit", "source"):
        extra = row.get(f"{key}:{field}")
        if isinstance(extra, str):
            item[key] = extra
    if field.startswith(PARTNER_PREFIX):
        item["source"] = "partner register"
    return item

