"""Members' dues: what is due each month, what was paid, and what is owed (arrears).

Rules:
- A month is due when the person was a member on at least one of its days (see
  `gexin.people.membership`) and a dues rate is in force for it: their latest rate
  from that month or before. Months before a person's first rate are not due.
- What is due for a month is the rate in force; what is paid is the sum of the month's
  payments; what is owed is the rest, never below nothing. Paying more than is due
  for a month leaves it overpaid: the excess is shown on that month and never pays
  another (a new payment that would overpay is refused).
- The arrears are the sum of what is owed over the months asked for; the months in
  arrears are those with something owed.
- Sums are exact `Decimal` arithmetic in Python over the rows, never SQL sums (SQLite
  turns decimals into floats), and a list of people costs the same few queries
  whatever its length.

The dues sheet (`sheet`, `save_sheet`) records the payments of a unit's members for a
month on one form. It keeps one payment of its own per person and month
(`DuesPayment.is_from_sheet`): sending a sheet sets that payment to the amount given
(none or 0 removes it), so sending the same sheet twice changes nothing. Payments
recorded one by one are kept beside it and count towards the month.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from gexin.core.permissions import under
from gexin.org.models import Person
from gexin.people import membership
from gexin.people.models.members import DuesPayment, DuesRate

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
# A sheet lists at most this many people: choose a smaller unit beyond it.
SHEET_LIMIT = 500
# The arrears report covers at most this many months at a time.
REPORT_MONTHS = 120
# Ids beyond this are no row's (and overflow the database's integers).
MAX_ID = 2**63 - 1
# Digits before the decimal point of a payment (the field's digits less its decimals).
_AMOUNT = DuesPayment._meta.get_field("amount")
AMOUNT_DIGITS = _AMOUNT.max_digits - _AMOUNT.decimal_places
AMOUNT_CEILING = Decimal(10) ** AMOUNT_DIGITS


# Months


def month_start(day):
    """The first day of the month of `day`."""
    return day.replace(day=1)


def next_month(month):
    if month.month == 12:
        return datetime.date(month.year + 1, 1, 1)
    return datetime.date(month.year, month.month + 1, 1)


def month_end(month):
    return next_month(month) - datetime.timedelta(days=1)


def months(first, last):
    """The first days of the months from `first` through `last`, in order."""
    found = []
    month = month_start(first)
    while month <= last:
        found.append(month)
        month = next_month(month)
    return found


def month_count(first, last):
    """How many months from `first` through `last`, both counted (0 if `last` is before)."""
    return max((last.year - first.year) * 12 + last.month - first.month + 1, 0)


def report_months_problem(start, through):
    """Why the arrears report may not cover `start` (or, if None, every month) through
    `through` (or, if None, this month), as (field, message), or None."""
    if start is None:
        # Every month from each person's first rate: bounded by this month on the far
        # side, so a "through" far in the future is refused like a long range.
        if through is not None and month_count(this_month(), through) > REPORT_MONTHS:
            return "through", _("At most ten years at a time.")
        return None
    if month_count(start, through or this_month()) <= REPORT_MONTHS:
        return None
    if through is None:
        return "start", _(
            "At most ten years at a time: without a last month the report runs through this month."
        )
    return "through", _("At most ten years at a time.")


def parse_month(text):
    """A month from "YYYY-MM" (or a full ISO date), as its first day; ValueError else."""
    text = (text or "").strip()
    if len(text) == 7:
        text += "-01"
    day = datetime.date.fromisoformat(text)
    if not 1900 <= day.year <= 2199:
        raise ValueError(text)
    return month_start(day)


def this_month():
    return month_start(datetime.date.today())


def plain(amount):
    """An amount as text with its two decimals: 6000.00."""
    return format(amount.quantize(CENT), "f")


# Figures


@dataclass
class MonthDues:
    """One month of one person: due, paid, owed and overpaid."""

    month: datetime.date
    is_due: bool
    rate: Decimal | None
    due: Decimal
    paid: Decimal
    payments: list = field(default_factory=list)

    @property
    def owed(self):
        return max(self.due - self.paid, ZERO)

    @property
    def overpaid(self):
        return max(self.paid - self.due, ZERO)

    @property
    def in_arrears(self):
        return self.owed > ZERO

    def as_dict(self):
        return {
            "month": self.month.strftime("%Y-%m"),
            "is_due": self.is_due,
            "due": plain(self.due),
            "paid": plain(self.paid),
            "owed": plain(self.owed),
            "overpaid": plain(self.overpaid),
        }


@dataclass
class PersonDues:
    """A person's months through a month, and their totals."""

    person: Person
    months: list

    def __post_init__(self):
        self.by_month = {row.month: row for row in self.months}

    @property
    def due(self):
        return sum((row.due for row in self.months), ZERO)

    @property
    def paid(self):
        return sum((row.paid for row in self.months), ZERO)

    @property
    def arrears(self):
        return sum((row.owed for row in self.months), ZERO)

    @property
    def overpaid(self):
        return sum((row.overpaid for row in self.months), ZERO)

    @property
    def months_in_arrears(self):
        return [row.month for row in self.months if row.in_arrears]

    def as_dict(self):
        return {
            "person": self.person.pk,
            "employee_number": self.person.employee_number,
            "name": self.person.display_name,
            "due": plain(self.due),
            "paid": plain(self.paid),
            "arrears": plain(self.arrears),
            "overpaid": plain(self.overpaid),
            "months_in_arrears": [month.strftime("%Y-%m") for month in self.months_in_arrears],
            "months": [row.as_dict() for row in self.months],
        }


def rate_in_force(rates, month):
    """The rate of the latest of `rates` (sorted by month) from `month` or before."""
    found = None
    for rate in rates:
        if rate.from_month <= month:
            found = rate
        else:
            break
    return found


def person_months(person, events, rates, payments, through_month, since_month=None):
    """The person's months from their first rate (or `since_month`, if later) through
    `through_month`: every month due, and every month with a payment."""
    rates = sorted(rates, key=lambda rate: rate.from_month)
    spans = membership.periods(person, events)
    paid = {}
    for payment in payments:
        paid.setdefault(payment.month, []).append(payment)
    wanted = set()
    if rates:
        for month in months(rates[0].from_month, through_month):
            if any(span.covers_month(month, month_end(month)) for span in spans):
                wanted.add(month)
    wanted.update(month for month in paid if month <= through_month)
    if since_month is not None:
        wanted = {month for month in wanted if month >= since_month}
    found = []
    for month in sorted(wanted):
        rate = rate_in_force(rates, month)
        member = any(span.covers_month(month, month_end(month)) for span in spans)
        is_due = member and rate is not None
        month_payments = sorted(paid.get(month, []), key=lambda p: (p.paid_on, p.pk or 0))
        found.append(
            MonthDues(
                month=month,
                is_due=is_due,
                rate=rate.amount if rate is not None else None,
                due=rate.amount if is_due else ZERO,
                paid=sum((p.amount for p in month_payments), ZERO),
                payments=month_payments,
            )
        )
    return found


def _rows_by_person(model, ids, **filters):
    found = {pk: [] for pk in ids}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        for row in model.objects.filter(person_id__in=chunk, **filters).order_by("pk"):
            found[row.person_id].append(row)
    return found


def arrears(people, through_month, since_month=None, exclude_payment=None):
    """{person id: PersonDues} for each of `people` (persons or a queryset of them),
    in their order, over the months through `through_month` (and from `since_month`).

    Three queries whatever the number of people (up to 900 a query), plus one for a
    queryset of people.
    """
    people = list(people)
    through_month = month_start(through_month)
    ids = [person.pk for person in people]
    events = membership.events_by_person(ids)
    rates = _rows_by_person(DuesRate, ids)
    payments = _rows_by_person(DuesPayment, ids, month__lte=through_month)
    if exclude_payment is not None:
        payments = {
            pk: [p for p in rows if p.pk != exclude_payment] for pk, rows in payments.items()
        }
    return {
        person.pk: PersonDues(
            person,
            person_months(
                person,
                events[person.pk],
                rates[person.pk],
                payments[person.pk],
                through_month,
                since_month and month_start(since_month),
            ),
        )
        for person in people
    }


# Payments


def payment_problem(payment):
    """Why a payment may not be recorded, as (field, message), or None.

    Refused: a month the person was not a member, a month without a rate in force, and
    more than is still owed for the month.
    """
    person = payment.person
    month = month_start(payment.month)
    found = arrears([person], month, since_month=month, exclude_payment=payment.pk)
    row = found[person.pk].by_month.get(month)
    events = membership.events_by_person([person.pk])[person.pk]
    spans = membership.periods(person, events)
    label = month.strftime("%Y-%m")
    if not any(span.covers_month(month, month_end(month)) for span in spans):
        return "month", _("%(person)s was not a union member in %(month)s: no dues are due.") % {
            "person": person,
            "month": label,
        }
    if row is None or row.rate is None:
        return "month", _(
            "%(person)s has no dues rate in force in %(month)s: set a rate first."
        ) % {"person": person, "month": label}
    if payment.amount > row.owed:
        return "amount", _(
            "For %(month)s %(due)s is due and %(paid)s already paid: at most %(left)s more "
            "(an overpayment would not pay another month)."
        ) % {
            "month": label,
            "due": plain(row.due),
            "paid": plain(row.paid),
            "left": plain(row.owed),
        }
    return None


@transaction.atomic
def record_payment(payment):
    """Check and save a payment, with the person's row locked so that two payments of
    the same month cannot together pay more than is due. Raises ValidationError."""
    payment.person = Person.objects.select_for_update().get(pk=payment.person_id)
    payment.month = month_start(payment.month) if payment.month else payment.month
    payment.full_clean(validate_constraints=False)
    payment.save()
    return payment


# Rates


@transaction.atomic
def set_unit_rate(people, from_month, amount, note=""):
    """Set `amount` as the monthly rate from `from_month` of each of `people` (those
    who are members in that month); an existing rate from that month is replaced.
    Returns (created, changed)."""
    from_month = month_start(from_month)
    people = list(people)
    events = membership.events_by_person([person.pk for person in people])
    existing = {
        rate.person_id: rate
        for rate in DuesRate.objects.filter(
            person__in=[p.pk for p in people], from_month=from_month
        ).select_for_update()
    }
    created = changed = 0
    for person in people:
        spans = membership.periods(person, events[person.pk])
        if not any(span.covers_month(from_month, month_end(from_month)) for span in spans):
            continue
        rate = existing.get(person.pk)
        if rate is None:
            rate = DuesRate(person=person, from_month=from_month, amount=amount, note=note)
            rate.full_clean(validate_constraints=False)
            rate.save()
            created += 1
        elif rate.amount != amount or (note and rate.note != note):
            rate.amount = amount
            if note:
                rate.note = note
            rate.full_clean(validate_constraints=False)
            rate.save()
            changed += 1
    return created, changed


# The dues sheet


@dataclass
class SheetRow:
    """One person on a unit's dues sheet for a month."""

    number: int
    person: Person
    month: MonthDues | None
    sheet_payment: DuesPayment | None
    total: PersonDues

    @property
    def is_due(self):
        return self.month is not None and self.month.is_due

    @property
    def due(self):
        return self.month.due if self.month else ZERO

    @property
    def paid(self):
        return self.month.paid if self.month else ZERO

    @property
    def owed(self):
        return self.month.owed if self.month else ZERO

    @property
    def paid_otherwise(self):
        """Paid this month by payments recorded one by one (not on the sheet)."""
        sheet = self.sheet_payment.amount if self.sheet_payment else ZERO
        return self.paid - sheet

    @property
    def sheet_amount(self):
        return self.sheet_payment.amount if self.sheet_payment else None

    @property
    def arrears(self):
        return self.total.arrears

    @property
    def has_rate(self):
        return self.month is not None and self.month.rate is not None


@dataclass
class Sheet:
    unit: object
    month: datetime.date
    rows: list
    is_cut: bool = False

    @property
    def due(self):
        return sum((row.due for row in self.rows), ZERO)

    @property
    def paid(self):
        return sum((row.paid for row in self.rows), ZERO)

    @property
    def owed(self):
        return sum((row.owed for row in self.rows), ZERO)

    @property
    def arrears(self):
        return sum((row.arrears for row in self.rows), ZERO)

    @property
    def rows_in_arrears(self):
        return [row for row in self.rows if row.arrears > ZERO]

    def row_for(self, person_id):
        for row in self.rows:
            if row.person.pk == person_id:
                return row
        return None


def sheet_people(unit, people):
    """The people of `people` (a queryset) in the unit's subtree, in sheet order."""
    return (
        people.filter(under("unit_path", unit.path))
        .select_related("unit")
        .order_by("unit_path", "employee_number", "pk")
    )


def sheet(unit, month, people):
    """The dues sheet of `unit` for `month`: each person of `people` (a queryset, e.g.
    those the user may see) in the unit's subtree who was a member in the month or paid
    for it, with due, paid and owed this month and the arrears through it."""
    month = month_start(month)
    # Those who were never members are dropped below; far more candidates than a sheet
    # holds means the unit is too large for one sheet.
    candidates = list(sheet_people(unit, people)[: SHEET_LIMIT * 4 + 1])
    too_many = len(candidates) > SHEET_LIMIT * 4
    found = arrears(candidates, month)
    events = membership.events_by_person([person.pk for person in candidates])
    sheet_payments = {}
    for start in range(0, len(candidates), 900):
        chunk = [p.pk for p in candidates[start : start + 900]]
        for payment in DuesPayment.objects.filter(
            person_id__in=chunk, month=month, is_from_sheet=True
        ):
            sheet_payments[payment.person_id] = payment
    rows = []
    for person in candidates:
        figures = found[person.pk]
        this = figures.by_month.get(month)
        spans = membership.periods(person, events[person.pk])
        member = any(span.covers_month(month, month_end(month)) for span in spans)
        if not member and this is None:
            continue
        rows.append(SheetRow(len(rows) + 1, person, this, sheet_payments.get(person.pk), figures))
    is_cut = too_many or len(rows) > SHEET_LIMIT
    return Sheet(unit, month, rows[:SHEET_LIMIT], is_cut)


class SheetRefused(Exception):
    """A sheet with errors: nothing was saved. `errors` holds (row, person, reason)."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


@dataclass
class SheetResult:
    created: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0


def save_sheet(unit, month, amounts, paid_on, collected_by, people, note=""):
    """Record a sheet: `amounts` is {person id: Decimal or None}, the amount paid for
    the month on this sheet by each person. All rows or none: the first problem of each
    row is named in SheetRefused. Returns a SheetResult."""
    month = month_start(month)
    with transaction.atomic():
        # An id beyond the database's integers is no one's: its row is refused below.
        ids = [pk for pk in amounts if 0 < pk <= MAX_ID]
        listed = sheet_people(unit, people).filter(pk__in=ids)
        locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=listed)}
        current = sheet(unit, month, people.filter(pk__in=list(locked)))
        errors = []
        plans = []
        for person_id, amount in amounts.items():
            row = current.row_for(person_id)
            if row is None:
                person = locked.get(person_id)
                errors.append(
                    (
                        None,
                        person,
                        _("This person is not on the sheet of %(unit)s for %(month)s.")
                        % {"unit": unit.display_name, "month": month.strftime("%Y-%m")},
                    )
                )
                continue
            if amount is not None and amount < 0:
                errors.append((row.number, row.person, _("An amount is not below nothing.")))
                continue
            if amount is not None and amount >= AMOUNT_CEILING:
                errors.append(
                    (
                        row.number,
                        row.person,
                        _("At most %(digits)s digits before the decimal point.")
                        % {"digits": AMOUNT_DIGITS},
                    )
                )
                continue
            if amount is not None and amount != amount.quantize(CENT):
                errors.append((row.number, row.person, _("At most two decimals.")))
                continue
            amount = None if amount is None or amount == 0 else amount
            existing = row.sheet_payment
            if amount is None:
                if existing is not None:
                    plans.append(("remove", existing, None))
                continue
            if existing is not None and existing.amount == amount:
                plans.append(("keep", existing, None))
                continue
            if not row.has_rate or not row.is_due:
                problem = payment_problem(
                    DuesPayment(person=row.person, month=month, amount=amount, paid_on=paid_on)
                )
                errors.append((row.number, row.person, problem[1] if problem else ""))
                continue
            left = row.due - row.paid_otherwise
            if amount > left:
                errors.append(
                    (
                        row.number,
                        row.person,
                        _(
                            "%(due)s is due and %(paid)s paid otherwise: at most %(left)s on "
                            "the sheet (an overpayment would not pay another month)."
                        )
                        % {
                            "due": plain(row.due),
                            "paid": plain(row.paid_otherwise),
                            "left": plain(max(left, ZERO)),
                        },
                    )
                )
                continue
            plans.append(("set", existing, (row.person, amount)))
        if errors:
            raise SheetRefused(errors)
        result = SheetResult()
        for action, existing, values in plans:
            if action == "keep":
                result.unchanged += 1
            elif action == "remove":
                existing.delete()
                result.removed += 1
            elif existing is not None:
                existing.amount = values[1]
                existing.paid_on = paid_on
                existing.collected_by = collected_by
                existing.save()
                result.changed += 1
            else:
                DuesPayment.objects.create(
                    person=values[0],
                    month=month,
                    amount=values[1],
                    paid_on=paid_on,
                    collected_by=collected_by,
                    note=note,
                    is_from_sheet=True,
                )
                result.created += 1
        return result


def unit_members_in(unit, month, people):
    """The people of `people` in the unit's subtree who were members in `month`."""
    month = month_start(month)
    candidates = list(sheet_people(unit, people))
    events = membership.events_by_person([person.pk for person in candidates])
    return [
        person
        for person in candidates
        if any(
            span.covers_month(month, month_end(month))
            for span in membership.periods(person, events[person.pk])
        )
    ]
