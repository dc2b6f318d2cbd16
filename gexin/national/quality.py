"""Quality by product standard: judging lots, recording and importing inspections, and
qualified rates.

Rules:
- A lot is qualified when every limit of its standard is measured and within its bounds
  (both included); not qualified when a measured value lies outside a bound (the failing
  limits are listed); not judged when a limit has no measurement and none fails.
- A qualified rate is qualified lots ÷ judged lots (and qualified tonnes ÷ judged
  tonnes, over the lots whose weight is given), summed over the subtree and period:
  rates are computed from counts, never averaged.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from gexin.core import uploads
from gexin.core.permissions import under
from gexin.national.models import Inspection, Measurement, ProductStandard, QualityResult
from gexin.org.models import Unit
from gexin.plans.choices import PeriodKind
from gexin.plans.periods import period_end, period_label, period_start


def plain(value):
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class Verdict:
    result: str
    failing: list = field(default_factory=list)
    missing: list = field(default_factory=list)


def judge(limits, values):
    """The verdict on a lot: `limits` of its standard, `values` {property code: Decimal}."""
    failing, missing = [], []
    for limit in limits:
        value = values.get(limit.property_code)
        if value is None:
            missing.append(limit.property_code)
        elif not limit.admits(value):
            failing.append(
                {
                    "property": limit.property_code,
                    "value": plain(value),
                    "minimum": None if limit.minimum is None else plain(limit.minimum),
                    "maximum": None if limit.maximum is None else plain(limit.maximum),
                }
            )
    if failing:
        # One bound exceeded fails the lot whatever is still to be measured.
        result = QualityResult.NOT_QUALIFIED
    elif missing:
        result = QualityResult.NOT_JUDGED
    else:
        result = QualityResult.QUALIFIED
    return Verdict(result, failing, missing)


def forget_measurements(inspection):
    """Drop measurements prefetched with the inspection: they are read afresh."""
    getattr(inspection, "_prefetched_objects_cache", {}).pop("measurements", None)


def rejudge(inspection):
    """Judge the stored inspection again from its measurements and save the verdict."""
    forget_measurements(inspection)
    values = {m.property_code: m.value for m in inspection.measurements.all()}
    verdict = judge(list(inspection.standard.limits.all()), values)
    if (inspection.result, inspection.failing, inspection.missing) != (
        verdict.result,
        verdict.failing,
        verdict.missing,
    ):
        inspection.result = verdict.result
        inspection.failing = verdict.failing
        inspection.missing = verdict.missing
        inspection.save()
    return inspection


@transaction.atomic
def record(inspection, values):
    """Save an inspection with its measurements ({property code: Decimal or None}) and
    judge it. Properties given as None lose their measurement; others are kept."""
    inspection.save()
    forget_measurements(inspection)
    stored = {m.property_code: m for m in inspection.measurements.all()}
    for code, value in values.items():
        current = stored.get(code)
        if value is None:
            if current is not None:
                current.delete()
        elif current is None:
            Measurement.objects.create(inspection=inspection, property_code=code, value=value)
        elif current.value != value:
            current.value = value
            current.save()
    return rejudge(inspection)


def drop_unlimited(inspection):
    """After a change of standard: delete the measurements of properties the new standard
    has no limit on, and judge the inspection again."""
    forget_measurements(inspection)
    codes = set(inspection.standard.limits.values_list("property_code", flat=True))
    for measurement in inspection.measurements.all():
        if measurement.property_code not in codes:
            measurement.delete()
    return rejudge(inspection)


def rejudge_standard(standard):
    """Judge again every inspection of a standard whose limits changed."""
    for inspection in standard.inspections.prefetch_related("measurements"):
        rejudge(inspection)


# Qualified rates

BY_CHOICES = (PeriodKind.MONTH, PeriodKind.TEN_DAYS, PeriodKind.DAY)
ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=18, decimal_places=3))


@dataclass
class Rate:
    """Counts of one row of the rates, and the rates computed from them."""

    label: str = ""
    key: object = None
    lots: int = 0
    judged: int = 0
    qualified: int = 0
    judged_tonnes: Decimal = Decimal(0)
    qualified_tonnes: Decimal = Decimal(0)

    @property
    def not_judged(self):
        return self.lots - self.judged

    @property
    def rate(self):
        """Qualified lots ÷ judged lots, in per cent (None when nothing was judged)."""
        return None if not self.judged else Decimal(100) * self.qualified / self.judged

    @property
    def tonnes_rate(self):
        """Qualified tonnes ÷ judged tonnes, in per cent (None without weights)."""
        if not self.judged_tonnes:
            return None
        return Decimal(100) * self.qualified_tonnes / self.judged_tonnes

    def as_dict(self):
        def number(value, places):
            return None if value is None else str(round(value, places))

        return {
            "lots": self.lots,
            "judged": self.judged,
            "not_judged": self.not_judged,
            "qualified": self.qualified,
            "rate": number(self.rate, 2),
            "judged_tonnes": str(self.judged_tonnes),
            "qualified_tonnes": str(self.qualified_tonnes),
            "tonnes_rate": number(self.tonnes_rate, 2),
        }


JUDGED = Q(result__in=[QualityResult.QUALIFIED, QualityResult.NOT_QUALIFIED])
QUALIFIED = Q(result=QualityResult.QUALIFIED)


def _counts(queryset):
    """The sums behind the rates (one aggregate over the given inspections)."""
    return queryset.aggregate(
        lots=Count("pk"),
        judged=Count("pk", filter=JUDGED),
        qualified=Count("pk", filter=QUALIFIED),
        judged_tonnes=Coalesce(Sum("tonnes", filter=JUDGED), ZERO),
        qualified_tonnes=Coalesce(Sum("tonnes", filter=QUALIFIED), ZERO),
    )


def _grouped(queryset, key, keys):
    rows = queryset.values(key).annotate(
        lots=Count("pk"),
        judged=Count("pk", filter=JUDGED),
        qualified=Count("pk", filter=QUALIFIED),
        judged_tonnes=Coalesce(Sum("tonnes", filter=JUDGED), ZERO),
        qualified_tonnes=Coalesce(Sum("tonnes", filter=QUALIFIED), ZERO),
    )
    found = {row.pop(key): row for row in rows}
    return [(k, label, found.get(k, {})) for k, label in keys]


@dataclass
class Rates:
    unit: Unit
    start: datetime.date
    end: datetime.date
    by: str
    total: Rate
    children: list
    standards: list
    periods: list


def rates(queryset, unit, start, end, by=PeriodKind.MONTH):
    """Qualified rates of the inspections in `queryset` (already restricted to the
    user) under `unit` from `start` to `end`: the total, per unit one level down, per
    standard and per period of `by` (month, ten days or day)."""
    inspections = queryset.filter(under("unit__path", unit.path)).filter(
        inspected_on__gte=start, inspected_on__lte=end
    )
    total = Rate(label=unit.display_name, key=unit.code, **_counts(inspections))
    children = []
    for child in Unit.objects.filter(parent=unit).order_by("path"):
        counts = _counts(inspections.filter(under("unit__path", child.path)))
        if counts["lots"]:
            children.append(Rate(label=child.display_name, key=child.code, **counts))
    own = _counts(inspections.filter(unit=unit))
    if own["lots"]:
        children.insert(
            0, Rate(label=_("%(unit)s itself") % {"unit": unit.display_name}, key=unit.code, **own)
        )
    standard_ids = inspections.values_list("standard", flat=True).distinct()
    standards = [
        (s.pk, f"{s.code} · {s.display_name}")
        for s in ProductStandard.objects.filter(pk__in=standard_ids).order_by("code")
    ]
    by_standard = [
        Rate(label=label, key=key, **counts)
        for key, label, counts in _grouped(inspections, "standard", standards)
    ]
    periods = []
    day = period_start(by, start)
    while day <= end:
        last = period_end(by, day)
        counts = _counts(inspections.filter(inspected_on__gte=day, inspected_on__lte=last))
        if counts["lots"]:
            periods.append(Rate(label=period_label(by, day), key=day.isoformat(), **counts))
        day = last + datetime.timedelta(days=1)
    return Rates(unit, start, end, by, total, children, by_standard, periods)


# Import

MAX_ROWS = 20_000
COLUMNS = ("unit", "standard", "lot", "date")
OPTIONAL = ("tonnes", "inspector", "note")


class ImportFailed(Exception):
    """The file has errors; nothing was written. `errors` holds (row, column, reason)."""

    def __init__(self, errors):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0


def read_table(upload, name=""):
    """The rows of a CSV or XLSX file as lists of strings (the first is the header).

    What the file is comes from its content, never its name; a workbook is looked into
    before it is opened, so that a ZIP bomb is refused unopened (core.uploads).
    """
    data = upload.read() if hasattr(upload, "read") else upload
    if data[:4] == b"PK\x03\x04":
        import openpyxl

        if not uploads.is_workbook(data):
            raise ImportFailed([(1, "", _("The file is not a readable XLSX workbook."))])
        try:
            uploads.check_workbook(data)
        except ValidationError as error:
            raise ImportFailed([(1, "", error.messages[0])]) from None
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:
            raise ImportFailed([(1, "", _("The file is not a readable XLSX workbook."))]) from None
        sheet = book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(cell) for cell in row])
        return rows
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed([(1, "", _("The file is not UTF-8 text."))]) from None
    return list(csv.reader(io.StringIO(text)))


def _cell_text(cell):
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def parse(rows, user):
    """Check every row; return [(key, fields, values)] or raise ImportFailed listing
    (row number, column, reason) for each error."""
    errors = []
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ImportFailed([(1, "", _("The file is empty: the first row names the columns."))])
    header = [cell.strip().lower() for cell in rows[0]]
    for column in COLUMNS:
        if column not in header:
            errors.append((1, column, _("The column is missing.")))
    if errors:
        raise ImportFailed(errors)
    if len(rows) > MAX_ROWS + 1:
        raise ImportFailed([(1, "", _("At most %(n)s rows at a time.") % {"n": MAX_ROWS})])
    units = {
        u.code: u
        for u in Unit.objects.where_user_holds(user, "national.add_inspection").only(
            "pk", "code", "path", "name", "name_zh"
        )
    }
    standards = {s.code: s for s in ProductStandard.objects.prefetch_related("limits")}
    parsed, seen = [], {}
    for number, row in enumerate(rows[1:], start=2):
        cells = dict(zip(header, [cell.strip() for cell in row], strict=False))
        if not any(cells.values()):
            continue
        row_errors = []
        unit = units.get(cells.get("unit", ""))
        if unit is None:
            row_errors.append(
                (
                    number,
                    "unit",
                    _("No unit with this code among those whose inspections you keep."),
                )
            )
        standard = standards.get(cells.get("standard", ""))
        if standard is None:
            row_errors.append((number, "standard", _("No product standard with this code.")))
        lot = cells.get("lot", "")
        if not lot:
            row_errors.append((number, "lot", _("Give the lot or heat number.")))
        elif len(lot) > 50:
            row_errors.append((number, "lot", _("At most 50 characters.")))
        try:
            day = datetime.date.fromisoformat(cells.get("date", ""))
        except ValueError:
            day = None
            row_errors.append((number, "date", _("Give the date as YYYY-MM-DD.")))
        tonnes = None
        if cells.get("tonnes"):
            tonnes = _decimal(cells["tonnes"])
            if tonnes is None or tonnes < 0:
                row_errors.append((number, "tonnes", _("Give a number of tonnes, 0 or more.")))
        values = {}
        if standard is not None:
            limit_codes = {limit.property_code for limit in standard.limits.all()}
            for column, text in cells.items():
                if column in COLUMNS or column in OPTIONAL or not text:
                    continue
                if column not in limit_codes:
                    row_errors.append(
                        (
                            number,
                            column,
                            _("The standard %(code)s has no limit on this property.")
                            % {"code": standard.code},
                        )
                    )
                    continue
                value = _decimal(text)
                if value is None:
                    row_errors.append((number, column, _("Not a number.")))
                else:
                    values[column] = value
        if unit is not None and lot and day is not None:
            key = (unit.pk, lot, day)
            if key in seen:
                row_errors.append(
                    (number, "lot", _("The same lot and date as row %(row)s.") % {"row": seen[key]})
                )
            seen[key] = number
        if row_errors:
            errors += row_errors
            continue
        fields = {
            "standard": standard,
            "tonnes": tonnes,
            "inspector": cells.get("inspector", "")[:100],
            "note": cells.get("note", ""),
        }
        parsed.append(((unit, lot, day), fields, values))
    if errors:
        raise ImportFailed(errors)
    return parsed


def _decimal(text):
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() and abs(value) < Decimal("1e8") else None


def import_inspections(upload, user, name=""):
    """Import one inspection per row (columns unit, standard, lot, date, optional tonnes,
    inspector, note, and one column per property code). All or nothing; importing the same
    file again changes nothing: a row is matched on unit + lot + date."""
    parsed = parse(read_table(upload, name), user)
    result = ImportResult()
    with transaction.atomic():
        for (unit, lot, day), fields, values in parsed:
            inspection = Inspection.objects.filter(
                unit=unit, lot_number=lot, inspected_on=day
            ).first()
            if inspection is None:
                inspection = Inspection(unit=unit, lot_number=lot, inspected_on=day, **fields)
                record(inspection, values)
                result.created += 1
                continue
            stored = {m.property_code: m.value for m in inspection.measurements.all()}
            same = all(getattr(inspection, k) == v for k, v in fields.items()) and stored == values
            if same:
                result.unchanged += 1
                continue
            for key, value in fields.items():
                setattr(inspection, key, value)
            # The file gives the whole lot: a property it leaves out loses its value.
            record(inspection, {**dict.fromkeys(stored), **values})
            result.changed += 1
    return result
