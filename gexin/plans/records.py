"""Writing daily records: every row validated, all or nothing, upserted, totals kept.

Three ways in share this module: the entry grid, file imports (UI and command) and
`POST /api/v1/records/`. Each hands over rows of the columns
`unit,day,shift,metric,person,value`; `parse()` turns them into typed rows or a list
of errors (row, column, value, reason), and `load()` writes typed rows in one
transaction:

- rows whose keys are not stored yet (a new day, a first load) are inserted as they
  are, by COPY on PostgreSQL and a staged INSERT … SELECT on SQLite, and their sums
  per unit, metric and day are added to the daily and monthly totals;
- otherwise the rows go into a temporary staging table and one set-based query
  looks up each row's stored value (one index lookup per row), keeping the new and
  changed rows; their differences are added to the totals and they are upserted on
  (unit, day, shift, metric, person). An unchanged value is not written again, so
  loading the same data twice changes nothing.
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
EARLIEST_DAY = datetime.date(1900, 1, 1)
MAX_VALUE_MILLI = 10**15
SHIFT_NUMBERS = frozenset((0, 1, 2, 3))
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


def _digits(text):
    """ASCII digits only: str.isdigit() also accepts '²', which int() refuses."""
    return text.isascii() and text.isdigit()


def to_milli(text):
    """'12.5' -> 12500; None for text that is not a number with up to three decimals."""
    text = text.strip().replace(",", "") if isinstance(text, str) else text
    if isinstance(text, bool) or text is None or text == "":
        return None
    if isinstance(text, int):
        return text * 1000
    if isinstance(text, float):
        # A spreadsheet's 12.299999999999999 is 12.3; real extra decimals stay refused.
        rounded = round(text, 3)
        text = repr(rounded if abs(text - rounded) < 1e-9 else text)
    if not isinstance(text, str):
        text = str(text)
    negative = text.startswith("-")
    if negative or text.startswith("+"):
        text = text[1:]
    whole, dot, fraction = text.partition(".")
    if not (whole or fraction) or (whole and not _digits(whole)):
        return None
    if fraction and not _digits(fraction):
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
        elif day < EARLIEST_DAY:
            refuse("day", _("The day is before 1900; check the year."))

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
        rows = rows if isinstance(rows, list) else list(rows)
        self.prefetch_units({row[0] for row in rows})
        allowed = {
            unit_id
            for unit_id, path in self.unit_paths.items()
            if path is not None and self.in_scope(path)
        }
        quantity = self.quantity_ids
        today = self.today
        errors = []
        seen = set()
        add = seen.add
        for number, (unit_id, day, shift, metric_id, person_id, value) in enumerate(rows, 1):
            size = len(seen)
            add((unit_id, day, shift, metric_id, person_id))
            if (
                person_id is None
                and unit_id in allowed
                and metric_id in quantity
                and shift in SHIFT_NUMBERS
                and day <= today
                and 0 <= value < MAX_VALUE_MILLI
                and len(seen) > size
            ):
                continue
            self._typed_row_errors(
                number, unit_id, day, shift, metric_id, person_id, value, len(seen) == size, errors
            )
            if len(errors) >= MAX_ERRORS:
                break
        if errors:
            raise RecordsRejected(errors)

    def prefetch_units(self, unit_ids):
        """Look up the paths of these units at once (in bulk, for large imports)."""
        missing = [unit_id for unit_id in unit_ids if unit_id not in self.unit_paths]
        for start in range(0, len(missing), 1000):
            part = missing[start : start + 1000]
            found = dict(Unit.objects.filter(pk__in=part).values_list("pk", "path"))
            for unit_id in part:
                self.unit_paths[unit_id] = found.get(unit_id)

    def _typed_row_errors(
        self, number, unit_id, day, shift, metric_id, person_id, value, duplicate, errors
    ):
        path = self.unit_path_of(unit_id)
        if path is None or not self.in_scope(path):
            errors.append(RowError(number, "unit", str(unit_id), _("Unit out of scope.")))
        if metric_id not in self.quantity_ids:
            errors.append(RowError(number, "metric", str(metric_id), _("Not a quantity.")))
        if shift not in SHIFT_NUMBERS:
            errors.append(RowError(number, "shift", str(shift), _("Not a shift.")))
        if day > self.today or day < EARLIEST_DAY:
            errors.append(RowError(number, "day", str(day), _("The day is out of range.")))
        if not 0 <= value < MAX_VALUE_MILLI:
            errors.append(RowError(number, "value", str(value), _("Out of range.")))
        if person_id is not None:
            person_path = self.person_path_of(person_id)
            if person_path is None or not person_path.startswith(path or "\0"):
                errors.append(
                    RowError(number, "person", str(person_id), _("Person not in the unit."))
                )
        if duplicate:
            errors.append(RowError(number, "", "", _("Duplicate row.")))


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
        versioning.bump(models=[Record, DailyTotal, MonthlyTotal, ImportBatch])
    return LoadResult(batch, len(rows), created, updated, len(rows) - created - updated)


def _write(rows, batch_id):
    """Write the rows and add what they change to the totals; returns (created, updated).

    When none of the rows' keys is stored yet (a first load, a new day, a new unit)
    every row is new: the records are inserted as they are and the totals summed
    from the rows. Otherwise each row is compared with the stored record of its key,
    one index lookup per row, and only new and changed rows are written.
    """
    if not rows:
        return 0, 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return _write_postgresql(cursor, rows, batch_id)
        return _write_sqlite(cursor, rows, batch_id)


def _write_postgresql(cursor, rows, batch_id):
    from psycopg.errors import UniqueViolation

    unit_id, day, shift, metric_id, person_id, _value = rows[0]
    cursor.execute(FIRST_STORED_SQL, [unit_id, day, shift, metric_id, person_id or 0])
    if not cursor.fetchone()[0]:
        # Probably all new: COPY them straight in. A key that is stored after all makes
        # the unique index refuse the COPY, which is then undone to its savepoint.
        try:
            with transaction.atomic():
                daily = _copy_new_records(cursor, rows, batch_id)
        except UniqueViolation:
            daily = None
        if daily is not None:
            _add_new_totals(cursor, daily)
            return len(rows), 0
    _stage(cursor, rows, postgres=True)
    # Compiling the row-by-row comparison would cost more than running it.
    cursor.execute("SET LOCAL jit = off")
    counts = _apply_changes(cursor, batch_id, postgres=True)
    cursor.execute("DROP TABLE plans_stage")
    return counts


def _copy_new_records(cursor, rows, batch_id):
    """COPY the rows into plans_record; returns their sums per (unit, metric, day).

    The sums are taken while the rows stream to the server, so that the client's work
    overlaps the server's.
    """
    daily = {}
    get = daily.get
    names = ", ".join(name for name, _type in RECORD_COLUMNS)
    with cursor.cursor.copy(f"COPY plans_record ({names}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types([kind for _name, kind in RECORD_COLUMNS])
        write_row = copy.write_row
        for unit_id, day, shift, metric_id, person_id, value in rows:
            write_row((unit_id, day, shift, metric_id, person_id, value, batch_id))
            key = (unit_id, metric_id, day)
            daily[key] = get(key, 0) + value
    return daily


def _add_new_totals(cursor, daily):
    """Add the sums of new records to the daily and monthly totals."""
    from psycopg.errors import UniqueViolation

    daily_rows = [(*key, value) for key, value in daily.items()]
    try:
        with transaction.atomic():
            _copy(cursor, "plans_dailytotal", DAILY_COLUMNS, daily_rows)
    except UniqueViolation:  # some of these days already have totals
        cursor.executemany(DAILY_UPSERT_SQL, daily_rows)
    monthly = {}
    first_of = {}
    for (unit_id, metric_id, day), value in daily.items():
        month = first_of.get(day)
        if month is None:
            month = first_of[day] = day.replace(day=1)
        key = (unit_id, metric_id, month)
        monthly[key] = monthly.get(key, 0) + value
    cursor.executemany(MONTHLY_UPSERT_SQL, [(*key, value) for key, value in monthly.items()])


def _write_sqlite(cursor, rows, batch_id):
    # SQLite runs inside this process: staging the rows and letting SQL sum them is
    # quicker than summing them in Python.
    _stage(cursor, rows, postgres=False)
    cursor.execute(SQLITE_DAY_SQL)
    cursor.execute(SQLITE_STORED_SQL)
    records_stored, totals_stored = cursor.fetchone()
    if records_stored:
        created, updated = _apply_changes(cursor, batch_id, postgres=False)
    else:
        cursor.execute(
            "INSERT INTO plans_record (unit_id, day, shift, metric_id, person_id, value_milli, "
            "batch_id) SELECT unit_id, day, shift, metric_id, person_id, value_milli, %s "
            "FROM plans_stage",
            [batch_id],
        )
        add = UPSERT_ADD.format(table="plans_dailytotal", key="day") if totals_stored else ""
        cursor.execute(SQLITE_DAILY_SQL + add)
        cursor.execute(
            SQLITE_MONTHLY_SQL + UPSERT_ADD.format(table="plans_monthlytotal", key="month")
        )
        created, updated = len(rows), 0
    cursor.execute("DROP TABLE plans_day")
    cursor.execute("DROP TABLE plans_stage")
    return created, updated


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


def _copy(cursor, table, columns, rows):
    """COPY rows into a PostgreSQL table in the binary format."""
    names = ", ".join(name for name, _type in columns)
    with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types([kind for _name, kind in columns])
        for row in rows:
            copy.write_row(row)


def _stage(cursor, rows, postgres):
    """Put the rows into the temporary table plans_stage."""
    cursor.execute(
        "CREATE TEMPORARY TABLE plans_stage ("
        "unit_id bigint NOT NULL, day date NOT NULL, shift smallint NOT NULL, "
        "metric_id bigint NOT NULL, person_id bigint, value_milli bigint NOT NULL)"
    )
    if postgres:
        _copy(cursor, "plans_stage", STAGE_COLUMNS, rows)
    else:
        connection.connection.executemany(
            "INSERT INTO plans_stage (unit_id, day, shift, metric_id, person_id, value_milli) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (unit_id, day.isoformat(), shift, metric_id, person_id, value)
                for unit_id, day, shift, metric_id, person_id, value in rows
            ],
        )


def _apply_changes(cursor, batch_id, postgres):
    """Compare the staged rows with the stored records and write what is new or changed."""
    cursor.execute(CHANGE_SQL)
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
    return int(changed) - int(updated), int(updated)


FIRST_STORED_SQL = """
SELECT EXISTS (
    SELECT 1 FROM plans_record WHERE unit_id = %s AND day = %s AND shift = %s AND metric_id = %s
    AND COALESCE(person_id, 0) = %s)
"""

SQLITE_DAY_SQL = """
CREATE TEMPORARY TABLE plans_day AS
SELECT unit_id, metric_id, day, SUM(value_milli) AS value_milli FROM plans_stage
GROUP BY unit_id, metric_id, day
"""

# Whether any record, and any daily total, lies in the days each unit and metric covers.
SQLITE_STORED_SQL = """
WITH span AS (
    SELECT unit_id, metric_id, MIN(day) AS first_day, MAX(day) AS last_day FROM plans_day
    GROUP BY unit_id, metric_id
)
SELECT
    EXISTS (SELECT 1 FROM span k WHERE EXISTS (
        SELECT 1 FROM plans_record t WHERE t.unit_id = k.unit_id AND t.metric_id = k.metric_id
        AND t.day >= k.first_day AND t.day <= k.last_day)),
    EXISTS (SELECT 1 FROM span k WHERE EXISTS (
        SELECT 1 FROM plans_dailytotal t WHERE t.unit_id = k.unit_id
        AND t.metric_id = k.metric_id AND t.day >= k.first_day AND t.day <= k.last_day))
"""

SQLITE_DAILY_SQL = """
INSERT INTO plans_dailytotal (unit_id, metric_id, day, value_milli)
SELECT unit_id, metric_id, day, value_milli FROM plans_day WHERE true
"""

SQLITE_MONTHLY_SQL = """
INSERT INTO plans_monthlytotal (unit_id, metric_id, month, value_milli)
SELECT unit_id, metric_id, substr(day, 1, 8) || '01', SUM(value_milli) FROM plans_day WHERE true
GROUP BY unit_id, metric_id, substr(day, 1, 8) || '01'
"""

UPSERT_ADD = """
ON CONFLICT (unit_id, metric_id, {key})
DO UPDATE SET value_milli = {table}.value_milli + excluded.value_milli
"""

# The staged rows that are new (old_milli is null) or change a stored value. A scalar
# subquery per row is one lookup in plans_record_key however large the table grows,
# where a join may be planned as a scan of the whole table; MATERIALIZED keeps the
# planner from repeating the lookup for each use of old_milli.
CHANGE_SQL = """
CREATE TEMPORARY TABLE plans_change AS
WITH compared AS MATERIALIZED (
    SELECT s.unit_id, s.day, s.shift, s.metric_id, s.person_id, s.value_milli, (
        SELECT r.value_milli FROM plans_record r
        WHERE r.unit_id = s.unit_id AND r.day = s.day AND r.shift = s.shift
          AND r.metric_id = s.metric_id AND COALESCE(r.person_id, 0) = COALESCE(s.person_id, 0)
    ) AS old_milli
    FROM plans_stage s
)
SELECT unit_id, day, shift, metric_id, person_id, value_milli, old_milli FROM compared
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


def delete_records(records, *, user=None, source=ImportSource.GRID):
    """Delete records and take their values off the totals; returns the batch."""
    records = list(records)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            user=user if user is not None and user.is_authenticated else None,
            source=source,
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
