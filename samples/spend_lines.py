"""A council's spend lines, month by month, before any council's format dresses them: partner
payments, ordinary payees (tables/payees.csv) and the planted faults (tables/spend_faults.csv)."""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from samples.dates import working_days
from samples.money import vat_on
from samples.partnerships import PARTNERSHIP_BY_COUNCIL, Partner, delivery_partners
from samples.table_files import document, flag, rows


@dataclass(frozen=True)
class Payee:
    """Who a spend line pays, as the council would print it."""

    name: str
    kind: str  # key into SPEND_VOCAB, or "partner"
    charity_number: str = ""
    company_number: str = ""


def _by_council(table: str, item: Callable[[dict[str, str]], object]) -> dict[str, tuple]:
    """A table's rows grouped by their `council` cell, in file order."""
    grouped: dict[str, tuple] = {}
    for row in rows(table):
        council = row.pop("council")
        grouped[council] = (*grouped.get(council, ()), item(row))
    return grouped


def _fault_plan(row: dict[str, str]) -> tuple[str, str, object]:
    """(month, kind, argument): the redaction or bad text, (what is split, lines), or None."""
    if row["split_of"]:
        return row["month"], row["kind"], (row["split_of"], int(row["split_lines"]))
    return row["month"], row["kind"], row["text"] or None


# kind -> (service, expense type, purpose) choices; councils relabel services as departments.
SPEND_VOCAB = {
    kind: tuple(tuple(line) for line in lines)
    for kind, lines in document("spend_vocabulary.yaml").items()
}
# Bands in pence; the draw is skewed towards the low end, as real spend files are.
AMOUNT_BANDS = {
    row["kind"]: (int(row["low_pence"]), int(row["high_pence"]))
    for row in rows("amount_bands.csv")
}
VAT_RATED = tuple(row["kind"] for row in rows("amount_bands.csv") if flag(row["vat_rated"]))
COMPANY_KINDS = VAT_RATED
# Ordinary payees per council: invented companies and VCSEs, placeholder public bodies.
OTHER_PAYEES: dict[str, tuple[Payee, ...]] = _by_council("payees.csv", lambda row: Payee(**row))
# How often each broad kind of ordinary payee turns up.
PAYEE_WEIGHTS = {row["broad_kind"]: int(row["weight"]) for row in rows("payee_weights.csv")}

# The planted faults, month by month (a month is "YYYY-MM"). Row positions are drawn at random;
# the ledger records where each one landed.
#   redacted          a redacted beneficiary (argument: the exact redaction text); valid
#   credit_note       a negative amount; valid
#   split             one transaction on 2-3 lines with different amounts and expense types;
#                     argument (what is split, lines): a partner's monthly payment or a company's
#   duplicate         one clean line repeated immediately after itself (a true duplicate)
#   bad_amount, bad_date, blank_supplier, zero_amount   the council's one genuinely bad row
#   future_date       a payment dated years after the file's month
#   date_outside_period  a payment dated in the month before the file's month
FAULT_PLANS = _by_council("spend_faults.csv", _fault_plan)
# Kinds whose rows are genuinely wrong and should be excluded from trusted totals.
BAD_KINDS = (
    "bad_amount", "bad_date", "blank_supplier", "zero_amount", "future_date",
    "date_outside_period",
)


@dataclass
class Fault:
    """A planted fault on one line. ``field`` is logical; each format names the column."""

    kind: str
    field: str  # supplier, amount, date or txn

    @property
    def bad(self) -> bool:
        return self.kind in BAD_KINDS


@dataclass
class Line:
    """One line of a spend file before it is dressed in a council's format."""

    paid: dt.date  # the real payment date; also the sort key
    payee: Payee
    service: str
    expense: str
    purpose: str
    net: int | None  # pence; None when the written amount is not a number
    vat: int
    group: int  # lines of one group share a transaction number
    faults: list[Fault] = field(default_factory=list)
    date_text: str | None = None  # written instead of the formatted date
    amount_text: str | None = None  # written instead of the formatted amount
    commas: bool = False  # Oldham: write the amount with thousands separators
    serial_date: bool = False  # Croydon: write the date as a bare Excel serial number
    duplicated: bool = False  # repeat this line immediately after itself


@dataclass
class Row:
    """A line as written, with its transaction number; ``copy`` marks a true duplicate."""

    line: Line
    txn: str
    copy: bool = False


class SpendBook:
    """Builds a council's spend lines month by month, with its plan of planted faults."""

    def __init__(self, rng: random.Random, council: str) -> None:
        self.rng = rng
        self.council = council
        self.partnership = PARTNERSHIP_BY_COUNCIL[council]
        self.partners = delivery_partners(self.partnership)
        self.others = OTHER_PAYEES[council]
        self.next_group = 0

    # --- payees and amounts

    def partner_payee(self, partner: Partner) -> Payee:
        org = partner.org
        return Payee(org.name, "partner", org.charity_number, org.company_number)

    def pick_other(self, broad: str | None = None) -> Payee:
        """An ordinary payee; ``broad`` is company, vcse, nhs, public or hmrc."""
        if broad is None:
            kinds = list(PAYEE_WEIGHTS)
            broad = self.rng.choices(kinds, weights=[PAYEE_WEIGHTS[k] for k in kinds])[0]
        if broad == "company":
            pool = [p for p in self.others if p.kind in COMPANY_KINDS]
        else:
            pool = [p for p in self.others if p.kind == broad]
        return self.rng.choice(pool)

    def amount(self, kind: str) -> int:
        low, high = AMOUNT_BANDS[kind]
        return low + int((high - low) * self.rng.random() ** 2.2)

    def new_group(self) -> int:
        self.next_group += 1
        return self.next_group

    def line(self, paid: dt.date, payee: Payee, net: int, vocab: tuple[str, str, str]) -> Line:
        service, expense, purpose = vocab
        vat = vat_on(net) if payee.kind in VAT_RATED else 0
        return Line(
            paid=paid, payee=payee, service=service, expense=expense, purpose=purpose,
            net=net, vat=vat, group=self.new_group(),
            commas=abs(net) >= 100_000 and self.rng.random() < 0.4,
        )

    def ordinary_line(self, year: int, month: int, payee: Payee | None = None) -> Line:
        payee = payee or self.pick_other()
        day = self.rng.choice(working_days(year, month))
        vocab = self.rng.choice(SPEND_VOCAB[payee.kind])
        return self.line(day, payee, self.amount(payee.kind), vocab)

    # --- a month

    def partner_pay_day(self, year: int, month: int) -> dt.date:
        """Partners are paid on the first working day on or after the 10th."""
        return next(d for d in working_days(year, month) if d.day >= 10)

    def month(self, year: int, month: int) -> list[Line]:
        """All lines for one month: partner payments, planted faults, then ordinary spend."""
        key = f"{year}-{month:02d}"
        plan = [(kind, arg) for m, kind, arg in FAULT_PLANS[self.council] if m == key]
        target = self.rng.randint(34, 56)
        split_partner = next(
            (arg[1] for kind, arg in plan if kind == "split" and arg[0] == "partner"), 0
        )
        lines = self.partner_lines(year, month, split_partner)
        for kind, arg in plan:
            lines.extend(self.planted(kind, arg, year, month))
        duplicates = sum(1 for kind, _ in plan if kind == "duplicate")
        while len(lines) + duplicates < target:
            lines.append(self.ordinary_line(year, month))
        if duplicates:
            self.mark_duplicate(lines)
        return lines

    def partner_lines(self, year: int, month: int, split_lines: int) -> list[Line]:
        """The regular monthly payment to each delivery partner; one may be split."""
        day = self.partner_pay_day(year, month)
        regular = self.partnership.spend_vocab[0]
        lines = []
        split_target = self.rng.randrange(len(self.partners)) if split_lines else -1
        for index, partner in enumerate(self.partners):
            payee = self.partner_payee(partner)
            if index == split_target:
                lines.extend(
                    self.split_lines(day, payee, partner.monthly_pence, split_lines,
                                     list(self.partnership.spend_vocab))
                )
            else:
                lines.append(self.line(day, payee, partner.monthly_pence, regular))
        return lines

    def split_lines(
        self, day: dt.date, payee: Payee, total: int, count: int,
        vocab: list[tuple[str, str, str]],
    ) -> list[Line]:
        """One payment over ``count`` lines with distinct amounts and expense types."""
        while True:
            weights = [self.rng.randint(25, 60) for _ in range(count)]
            amounts = [total * w // sum(weights) for w in weights[:-1]]
            amounts.append(total - sum(amounts))
            if len(set(amounts)) == count:
                break
        choices = [vocab[0], *self.rng.sample(vocab[1:], count - 1)]
        group = self.new_group()
        lines = []
        for amount, choice in zip(amounts, choices, strict=True):
            line = self.line(day, payee, amount, choice)
            line.group = group
            line.faults.append(Fault("split_payment", "txn"))
            lines.append(line)
        return lines

    def planted(self, kind: str, arg, year: int, month: int) -> list[Line]:
        """Lines carrying one planted fault from the plan."""
        days = working_days(year, month)
        if kind == "redacted":
            vocab_kind = "commercial" if "COMMERCIAL" in arg else "person"
            payee = Payee(arg, vocab_kind)
            line = self.ordinary_line(year, month, payee)
            line.faults.append(Fault("redacted", "supplier"))
            return [line]
        if kind == "credit_note":
            line = self.ordinary_line(year, month, self.pick_other("company"))
            line.net = -self.rng.randint(25_000, 250_000)
            line.vat = vat_on(line.net)
            line.commas = abs(line.net) >= 100_000 and self.rng.random() < 0.5
            line.faults.append(Fault("credit_note", "amount"))
            return [line]
        if kind == "split":
            what, count = arg
            if what == "partner":
                return []  # handled in partner_lines
            payee = self.pick_other("company")
            amount = sum(self.amount(payee.kind) + 60_000 for _ in range(count))
            return self.split_lines(
                self.rng.choice(days), payee, amount, count, list(SPEND_VOCAB[payee.kind])
            )
        if kind == "duplicate":
            return []  # marked once the month's ordinary lines exist
        line = self.ordinary_line(year, month, self.pick_other("company"))
        if kind == "bad_amount":
            line.net, line.amount_text = None, arg
            line.faults.append(Fault(kind, "amount"))
        elif kind == "bad_date":
            line.date_text = arg
            line.faults.append(Fault(kind, "date"))
        elif kind == "blank_supplier":
            line.payee = Payee("", line.payee.kind)
            line.faults.append(Fault(kind, "supplier"))
        elif kind == "zero_amount":
            line.net, line.vat = 0, 0
            line.faults.append(Fault(kind, "amount"))
        elif kind == "future_date":
            line.date_text = arg
            line.faults.append(Fault(kind, "date"))
        elif kind == "date_outside_period":
            previous = days[0] - dt.timedelta(days=1)
            line.paid = self.rng.choice(working_days(previous.year, previous.month)[-8:])
            line.faults.append(Fault(kind, "date"))
        else:
            raise ValueError(f"unknown planted fault {kind!r}")
        return [line]

    def mark_duplicate(self, lines: list[Line]) -> None:
        """Choose one clean company line to be repeated verbatim."""
        clean = [
            line for line in lines
            if not line.faults and line.payee.kind in COMPANY_KINDS
        ]
        self.rng.choice(clean).duplicated = True


def arrange(lines: list[Line], next_txn: Callable[[], str]) -> list[Row]:
    """Sort lines by date, give each group a transaction number, expand duplicates."""
    written: list[Row] = []
    numbers: dict[int, str] = {}
    for line in sorted(lines, key=lambda item: (item.paid, item.group)):
        if line.group not in numbers:
            numbers[line.group] = next_txn()
        written.append(Row(line, numbers[line.group]))
        if line.duplicated:
            written.append(Row(line, numbers[line.group], copy=True))
    return written
