"""Writing daily records: every row validated, all or nothing, upserted, totals kept.

Three ways in share this module: the entry grid, file imports (UI and command) and
`POST /api/v1/records/`. Each hands over rows of the columns
`unit,day,shift,metric,person,value`; `parse()` turns them into typed rows or a list
of errors (row, column, value, reason), and `load()` writes typed rows in one
transaction:

1. the rows go into a temporary staging table (COPY on PostgreSQL);
2. one set-based query compares them with the stored records, giving per unit,
   metric and day the change in value and the counts of new and changed rows;
3. those changes are added to the daily and monthly totals;
4. the rows are upserted on (unit, day, shift, metric, person); an unchanged value
   is not written again, so loading the same data twice changes nothing.
"""

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from gexin.core import versioning
from gexin.core.permissions import scope_paths
from gexin.org.models import Person, Unit
from gexin.plans.choices import ImportSource, MetricKind
from gexin.plans.models import DailyTotal, ImportBatch, Metric, MonthlyTotal, Record
from gexin.plans.periods import period_start

COLUMNS = ("unit", "day", "shift", "metric", "person", "value")
MAX_ERRORS = 200
MAX_VALUE_MILLI = 10**15
ADD_RECORD = "plans.add_record"


@dataclass(frozen=True)
class RowError:
    """Why one cell of an import was refused."""

    row: int
    column: str
    value: str
    reason: str

    def as_dict(self):
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


class RecordsRejected(Exception):
    """Raised with every bad row; nothing was written."""

    def __init__(self, errors):
        super().__init__(f"{len(errors)} bad row(s)")
        self.errors = errors


@dataclass
class LoadResult:
    batch: ImportBatch
    rows: int
    created: int
    updated: int
    unchanged: int


def to_milli(text):
    """'12.5' -> 12500; None for text that is not a number with up to three decimals."""
    text = text.strip().replace(",", "") if isinstance(text, str) else text
    if isinstance(text, bool) or text is None or text == "":
        return None
    if isinstance(text, int):
        return text * 1000
    if isinstance(text, float):
        text = repr(text)
    if not isinstance(text, str):
        text = str(text)
    negative = text.startswith("-")
    if negative or text.startswith("+"):
        text = text[1:]
    whole, dot, fraction = text.partition(".")
    if not (whole or fraction) or (whole and not whole.isdigit()):
        return None
    if fraction and not fraction.isdigit():
        return None
    fraction = fraction.rstrip("0")
    if len(fraction) > 3:
        return None
    value = int(whole or 0) * 1000 + int((fraction + "000")[:3])
    return -value if negative else value


class Validator:
    """Checks rows against the catalogue and the user's scope, caching every lookup.

    `user=None` is the command line run by the operator: every unit is in scope.
    """

    def __init__(self, user=None, today=None):
        self.user = user
        self.today = today or datetime.date.today()
        self.paths = None if user is None else scope_paths(user, ADD_RECORD)
        self.units = {}  # code -> (id, path) or None
        self.unit_paths = {}  # id -> path, for typed rows
        self.people = {}  # employee number -> (id, unit_path) or None
        self.person_paths = {}
        self.metrics = {
            metric.code: (metric.pk, metric.kind) for metric in Metric.objects.only("code", "kind")
        }
        self.quantity_ids = {
            pk for pk, kind in self.metrics.values() if kind == MetricKind.QUANTITY
        }
        self.days = {}

    # Lookups

    def in_scope(self, path):
        return self.paths is None or any(path.startswith(p) for p in self.paths)

    def unit(self, code):
        if code not in self.units:
            found = Unit.objects.filter(code=code).values_list("pk", "path").first()
            self.units[code] = found
            if found:
                self.unit_paths[found[0]] = found[1]
        return self.units[code]

    def unit_path_of(self, unit_id):
        if unit_id not in self.unit_paths:
            self.unit_paths[unit_id] = (
                Unit.objects.filter(pk=unit_id).values_list("path", flat=True).first()
            )
        return self.unit_paths[unit_id]

    def person(self, number):
        if number not in self.people:
            found = Person.objects.filter(employee_number=number).values_list("pk", "unit_path")
            self.people[number] = found.first()
            if self.people[number]:
                self.person_paths[self.people[number][0]] = self.people[number][1]
        return self.people[number]

    def person_path_of(self, person_id):
        if person_id not in self.person_paths:
            self.person_paths[person_id] = (
                Person.objects.filter(pk=person_id).values_list("unit_path", flat=True).first()
            )
        return self.person_paths[person_id]

    def day(self, text):
        try:
            return self.days[text]
        except (KeyError, TypeError):
            pass
        if isinstance(text, datetime.datetime):
            day = text.date()
        elif isinstance(text, datetime.date):
            day = text
        else:
            try:
                day = datetime.date.fromisoformat(str(text).strip())
            except ValueError:
                day = None
            if day is not None and len(str(text).strip()) != 10:
                day = None
        if isinstance(text, str | datetime.date):
            self.days[text] = day
        return day

    # Rows of text

    def parse(self, numbered_rows):
        """Typed rows from (row number, mapping of column -> text); raises RecordsRejected."""
        errors = []
        typed = []
        seen = {}
        for number, row in numbered_rows:
            record = self.parse_row(number, row, errors)
            if record is None:
                if len(errors) >= MAX_ERRORS:
                    break
                continue
            key = record[:5]
            if key in seen:
                errors.append(
                    RowError(
                        number,
                        "",
                        "",
                        _("Same unit, day, shift, metric and person as row %(row)s.")
                        % {"row": seen[key]},
                    )
                )
                continue
            seen[key] = number
            typed.append(record)
        if errors:
            raise RecordsRejected(errors[:MAX_ERRORS])
        return typed

    def parse_row(self, number, row, errors):
        def refuse(column, reason):
            value = row.get(column)
            errors.append(RowError(number, column, "" if value is None else str(value), reason))

        before = len(errors)
        code = _text(row.get("unit"))
        unit = self.unit(code) if code else None
        if not code:
            refuse("unit", _("A unit code is required."))
        elif unit is None:
            refuse("unit", _("No unit has this code."))
        elif not self.in_scope(unit[1]):
            refuse("unit", _("You may not enter records for this unit."))

        day = self.day(row.get("day")) if row.get("day") not in (None, "") else None
        if row.get("day") in (None, ""):
            refuse("day", _("A day is required."))
        elif day is None:
            refuse("day", _("Write the day as YYYY-MM-DD."))
        elif day > self.today:
            refuse("day", _("The day is in the future."))

        shift = _shift(row.get("shift"))
        if shift is None:
            refuse("shift", _("The shift is 1, 2 or 3, or empty for the whole day."))

        metric_code = _text(row.get("metric"))
        metric = self.metrics.get(metric_code)
        if not metric_code:
            refuse("metric", _("A metric code is required."))
        elif metric is None:
            refuse("metric", _("No metric has this code."))
        elif metric[1] != MetricKind.QUANTITY:
            refuse("metric", _("A ratio is computed from its quantities; record those instead."))

        person_id = None
        number_text = _text(row.get("person"))
        if number_text:
            person = self.person(number_text)
            if person is None:
                refuse("person", _("No person has this employee number."))
            else:
                person_id = person[0]
                if unit is not None and not person[1].startswith(unit[1]):
                    refuse("person", _("This person does not work in the unit or below it."))

        raw_value = row.get("value")
        value = to_milli(raw_value)
        if raw_value in (None, ""):
            refuse("value", _("A value is required."))
        elif value is None:
            refuse("value", _("Write a number with at most three decimals."))
        elif value < 0:
            refuse("value", _("The value must not be negative."))
        elif value >= MAX_VALUE_MILLI:
            refuse("value", _("The value is too large."))

        if len(errors) > before:
            return None
        return (unit[0], day, shift, metric[0], person_id, value)

    # Typed rows (the benchmark and internal callers)

    def check_typed(self, rows):
        """Refuse typed rows the user may not write, or that break the catalogue's rules."""
        errors = []
        seen = set()
        quantity = self.quantity_ids
        for number, (unit_id, day, shift, metric_id, person_id, value) in enumerate(rows, 1):
            path = self.unit_path_of(unit_id)
            if path is None or not self.in_scope(path):
                errors.append(RowError(number, "unit", str(unit_id), _("Unit out of scope.")))
            if metric_id not in quantity:
                errors.append(RowError(number, "metric", str(metric_id), _("Not a quantity.")))
            if shift not in (0, 1, 2, 3):
                errors.append(RowError(number, "shift", str(shift), _("Not a shift.")))
            if day > self.today:
                errors.append(RowError(number, "day", str(day), _("The day is in the future.")))
            if not 0 <= value < MAX_VALUE_MILLI:
                errors.append(RowError(number, "value", str(value), _("Out of range.")))
            if person_id is not None:
                person_path = self.person_path_of(person_id)
                if person_path is None or not person_path.startswith(path or "\0"):
                    errors.append(
                        RowError(number, "person", str(person_id), _("Person not in the unit."))
                    )
            key = (unit_id, day, shift, metric_id, person_id)
            if key in seen:
                errors.append(RowError(number, "", "", _("Duplicate row.")))
            seen.add(key)
            if len(errors) >= MAX_ERRORS:
                break
        if errors:
            raise RecordsRejected(errors)


def _text(value):
    return "" if value is None else str(value).strip()


def _shift(value):
    if value is None:
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text in ("", "0"):
        return 0
    if text in ("1", "2", "3"):
        return int(text)
    return None


# Writing


def import_rows(numbered_rows, *, user=None, source, file_name="", today=None):
    """Validate rows of text and write them; RecordsRejected lists every bad row."""
    validator = Validator(user, today=today)
    typed = validator.parse(numbered_rows)
    return load(typed, user=user, source=source, file_name=file_name)


def load(typed_rows, *, user=None, source=ImportSource.COMMAND, file_name="", batch=None):
    """Write typed rows (unit_id, day, shift, metric_id, person_id, value_milli) at once.

    The caller has validated them (Validator.parse or check_typed). Returns the counts.
    """
    rows = typed_rows if isinstance(typed_rows, list) else list(typed_rows)
    with transaction.atomic():
        if batch is None:
            batch = ImportBatch.objects.create(
                user=user if user is not None and user.is_authenticated else None,
                source=source,
                file_name=file_name[:255],
            )
        created, updated = _write(rows, batch.pk)
        batch.rows += len(rows)
        batch.created_count += created
        batch.updated_count += updated
        batch.unchanged_count += len(rows) - created - updated
        ImportBatch.objects.filter(pk=batch.pk).update(
            rows=batch.rows,
            created_count=batch.created_count,
            updated_count=batch.updated_count,
            unchanged_count=batch.unchanged_count,
        )
        versioning.bump()
    return LoadResult(batch, len(rows), created, updated, len(rows) - created - updated)


def _write(rows, batch_id):
    """Write the rows and add what they change to the totals; returns (created, updated).

    When no stored record of the rows' units and metrics falls within the days the
    rows cover (a new day, a new unit, a first load), every row is new: the records
    are copied straight into the table and the totals are summed from the rows. Else
    the rows are staged and compared with the stored records, one index lookup each.
    """
    if not rows:
        return 0, 0
    postgres = connection.vendor == "postgresql"
    daily = {}
    for unit_id, day, _shift, metric_id, _person_id, value in rows:
        key = (unit_id, metric_id, day)
        daily[key] = daily.get(key, 0) + value
    spans = {}
    for unit_id, metric_id, day in daily:
        span = spans.get((unit_id, metric_id))
        if span is None:
            spans[(unit_id, metric_id)] = [day, day]
        elif day < span[0]:
            span[0] = day
        elif day > span[1]:
            span[1] = day
    with connection.cursor() as cursor:
        if _any_stored(cursor, "plans_record", spans, postgres):
            return _write_compared(cursor, rows, batch_id, postgres)
        totals_stored = _any_stored(cursor, "plans_dailytotal", spans, postgres)
        tail = (batch_id,)
        _insert(cursor, "plans_record", RECORD_COLUMNS, (row + tail for row in rows), postgres)
        daily_rows = [(*key, value) for key, value in daily.items()]
        if totals_stored:
            cursor.executemany(DAILY_UPSERT_SQL, daily_rows)
        else:
            _insert(cursor, "plans_dailytotal", DAILY_COLUMNS, daily_rows, postgres)
        monthly = {}
        first_of = {}
        for (unit_id, metric_id, day), value in daily.items():
            month = first_of.get(day)
            if month is None:
                month = first_of[day] = day.replace(day=1)
            key = (unit_id, metric_id, month)
            monthly[key] = monthly.get(key, 0) + value
        cursor.executemany(MONTHLY_UPSERT_SQL, [(*key, value) for key, value in monthly.items()])
    return len(rows), 0


RECORD_COLUMNS = (
    ("unit_id", "int8"),
    ("day", "date"),
    ("shift", "int2"),
    ("metric_id", "int8"),
    ("person_id", "int8"),
    ("value_milli", "int8"),
    ("batch_id", "int8"),
)
STAGE_COLUMNS = RECORD_COLUMNS[:6]
DAILY_COLUMNS = (
    ("unit_id", "int8"),
    ("metric_id", "int8"),
    ("day", "date"),
    ("value_milli", "int8"),
)
SPANS_PER_QUERY = 1000


def _insert(cursor, table, columns, rows, postgres):
    """Insert rows into a table: binary COPY on PostgreSQL, executemany on SQLite."""
    names = ", ".join(name for name, _type in columns)
    if postgres:
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types([kind for _name, kind in columns])
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join("?" * len(columns))
        connection.connection.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _any_stored(cursor, table, spans, postgres):
    """True when `table` holds a row of a (unit, metric) of `spans` within its [first, last]."""
    items = [
        (unit_id, metric_id, first, last) for (unit_id, metric_id), (first, last) in spans.items()
    ]
    for start in range(0, len(items), SPANS_PER_QUERY):
        part = items[start : start + SPANS_PER_QUERY]
        if postgres:
            # LATERAL … LIMIT 1 keeps one index probe per span; a join could scan the table.
            cursor.execute(
                "SELECT 1 FROM unnest(%s::bigint[], %s::bigint[], %s::date[], %s::date[]) "
                "AS k(unit_id, metric_id, first_day, last_day) CROSS JOIN LATERAL ("
                f"SELECT 1 FROM {table} t WHERE t.unit_id = k.unit_id "
                "AND t.metric_id = k.metric_id AND t.day >= k.first_day AND t.day <= k.last_day "
                "LIMIT 1) AS found LIMIT 1",
                [list(column) for column in zip(*part, strict=True)],
            )
        else:
            values = ", ".join(["(%s, %s, %s, %s)"] * len(part))
            cursor.execute(
                f"SELECT 1 FROM (VALUES {values}) AS k WHERE EXISTS ("
                f"SELECT 1 FROM {table} t WHERE t.unit_id = k.column1 "
                "AND t.metric_id = k.column2 AND t.day >= k.column3 AND t.day <= k.column4) LIMIT 1",
                [value for item in part for value in item],
            )
        if cursor.fetchone():
            return True
    return False


def _write_compared(cursor, rows, batch_id, postgres):
    """Stage the rows, keep those new or changed, and apply their differences."""
    names = ", ".join(name for name, _type in STAGE_COLUMNS)
    cursor.execute(
        "CREATE TEMPORARY TABLE plans_stage ("
        "unit_id bigint NOT NULL, day date NOT NULL, shift smallint NOT NULL, "
        "metric_id bigint NOT NULL, person_id bigint, value_milli bigint NOT NULL)"
    )
    _insert(cursor, "plans_stage", STAGE_COLUMNS, rows, postgres)
    cursor.execute(CHANGE_SQL.format(names=names))
    cursor.execute("SELECT COUNT(*), COUNT(old_milli) FROM plans_change")
    changed, updated = cursor.fetchone()
    if changed:
        month = (
            "CAST(date_trunc('month', day) AS date)" if postgres else "substr(day, 1, 8) || '01'"
        )
        cursor.execute(DAILY_SQL)
        cursor.execute(MONTHLY_SQL.format(month=month))
        cursor.execute(RECORD_SQL, [batch_id])
    cursor.execute("DROP TABLE plans_change")
    cursor.execute("DROP TABLE plans_stage")
    return int(changed) - int(updated), int(updated)


# The staged rows that are new (old_milli is null) or change a stored value: a scalar
# subquery per row is one lookup in plans_record_key, however large the table grows.
CHANGE_SQL = """
CREATE TEMPORARY TABLE plans_change AS
SELECT {names}, old_milli FROM (
    SELECT s.*, (
        SELECT r.value_milli FROM plans_record r
        WHERE r.unit_id = s.unit_id AND r.day = s.day AND r.shift = s.shift
          AND r.metric_id = s.metric_id AND COALESCE(r.person_id, 0) = COALESCE(s.person_id, 0)
    ) AS old_milli
    FROM plans_stage s
) AS compared
WHERE old_milli IS NULL OR old_milli <> value_milli
"""

DAILY_SQL = """
INSERT INTO plans_dailytotal (unit_id, metric_id, day, value_milli)
SELECT unit_id, metric_id, day, SUM(value_milli - COALESCE(old_milli, 0)) FROM plans_change
WHERE true
GROUP BY unit_id, metric_id, day
HAVING SUM(value_milli - COALESCE(old_milli, 0)) <> 0 OR COUNT(*) > COUNT(old_milli)
ON CONFLICT (unit_id, metric_id, day)
DO UPDATE SET value_milli = plans_dailytotal.value_milli + excluded.value_milli
"""

MONTHLY_SQL = """
INSERT INTO plans_monthlytotal (unit_id, metric_id, month, value_milli)
SELECT unit_id, metric_id, {month}, SUM(value_milli - COALESCE(old_milli, 0)) FROM plans_change
WHERE true
GROUP BY unit_id, metric_id, {month}
HAVING SUM(value_milli - COALESCE(old_milli, 0)) <> 0 OR COUNT(*) > COUNT(old_milli)
ON CONFLICT (unit_id, metric_id, month)
DO UPDATE SET value_milli = plans_monthlytotal.value_milli + excluded.value_milli
"""

RECORD_SQL = """
INSERT INTO plans_record (unit_id, day, shift, metric_id, person_id, value_milli, batch_id)
SELECT unit_id, day, shift, metric_id, person_id, value_milli, %s FROM plans_change WHERE true
ON CONFLICT (unit_id, day, shift, metric_id, COALESCE(person_id, 0))
DO UPDATE SET value_milli = excluded.value_milli, batch_id = excluded.batch_id
WHERE plans_record.value_milli <> excluded.value_milli
"""

DAILY_UPSERT_SQL = """
INSERT INTO plans_dailytotal (unit_id, metric_id, day, value_milli) VALUES (%s, %s, %s, %s)
ON CONFLICT (unit_id, metric_id, day)
DO UPDATE SET value_milli = plans_dailytotal.value_milli + excluded.value_milli
"""

MONTHLY_UPSERT_SQL = """
INSERT INTO plans_monthlytotal (unit_id, metric_id, month, value_milli) VALUES (%s, %s, %s, %s)
ON CONFLICT (unit_id, metric_id, month)
DO UPDATE SET value_milli = plans_monthlytotal.value_milli + excluded.value_milli
"""


def delete_records(records, *, user=None):
    """Delete records and take their values off the totals; returns the batch."""
    records = list(records)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            user=user if user is not None and user.is_authenticated else None,
            source=ImportSource.GRID,
            rows=len(records),
            deleted_count=len(records),
        )
        for record in records:
            DailyTotal.objects.filter(
                unit_id=record.unit_id, metric_id=record.metric_id, day=record.day
            ).update(value_milli=F("value_milli") - record.value_milli)
            MonthlyTotal.objects.filter(
                unit_id=record.unit_id,
                metric_id=record.metric_id,
                month=period_start("month", record.day),
            ).update(value_milli=F("value_milli") - record.value_milli)
        Record.objects.filter(pk__in=[record.pk for record in records]).delete()
        versioning.bump()
    return batch


def recompute_totals():
    """Rebuild the daily and monthly totals from the records (repair and tests)."""
    postgres = connection.vendor == "postgresql"
    month = "CAST(date_trunc('month', day) AS date)" if postgres else "substr(day, 1, 8) || '01'"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM plans_dailytotal")
        cursor.execute("DELETE FROM plans_monthlytotal")
        cursor.execute(
            "INSERT INTO plans_dailytotal (unit_id, metric_id, day, value_milli) "
            "SELECT unit_id, metric_id, day, SUM(value_milli) FROM plans_record "
            "GROUP BY unit_id, metric_id, day"
        )
        cursor.execute(
            "INSERT INTO plans_monthlytotal (unit_id, metric_id, month, value_milli) "
            f"SELECT unit_id, metric_id, {month}, SUM(value_milli) FROM plans_record "
            f"GROUP BY unit_id, metric_id, {month}"
        )
        versioning.bump()
