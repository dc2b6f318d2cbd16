"""Filling a trial with observations: typed in, imported from CSV, or taken from records.

An observation is *the same* as a stored one when its variable, side, value, day and
note are all equal (`Observation.identity`). Imports and records add only what the
trial does not hold yet, counting repeats: a file that holds a row twice makes sure
the trial holds it twice, and loading the same file again adds nothing. Values typed
into the entry grid are new measurements and are always added.

Every way in checks everything first and writes all or nothing.
"""

import csv
import datetime
import io
from collections import Counter
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from gexin.core import spreadsheets
from gexin.innovation.choices import TrialArm
from gexin.innovation.models import FIGURE_STEP, Observation
from gexin.plans.models import from_milli
from gexin.plans.records import RecordsRejected, RowError

COLUMNS = ("variable", "side", "value", "date", "note")
REQUIRED = {"variable", "side", "value"}
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_ERRORS = 200
# The largest magnitude the value column holds (18 digits, 4 of them decimals).
LIMIT = Decimal(10) ** 14
NOTE_LENGTH = Observation._meta.get_field("note").max_length
SEPARATORS = str.maketrans({",": " ", "，": " ", "、": " ", ";": " ", "；": " "})


class ObservationsRejected(RecordsRejected):
    """Raised with every bad row or value; nothing was written."""


def parse_value(text):
    """A Decimal from '12.5' (up to four decimals), or None."""
    text = str(text).strip().replace("\u2212", "-")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value) >= LIMIT:
        return None
    if value != value.quantize(FIGURE_STEP):
        return None
    return value


def parse_values(text):
    """([Decimal], [(position, token)]) from numbers separated by spaces, commas or lines."""
    values, bad = [], []
    for position, token in enumerate(str(text or "").translate(SEPARATORS).split(), 1):
        value = parse_value(token)
        if value is None:
            bad.append((position, token))
        else:
            values.append(value)
    return values, bad


def add_observations(variable, arm, values, *, observed_on=None, note=""):
    """Add measured values of one side as new observations (the entry grid)."""
    with transaction.atomic():
        return [
            Observation.objects.create(
                variable=variable, arm=arm, value=value, observed_on=observed_on, note=note
            )
            for value in values
        ]


def add_missing(rows):
    """Create the observations of `rows` the trial does not hold yet; return how many.

    `rows` are (variable, arm, value, day, note). Repeats count: the trial ends up
    holding each distinct observation at least as often as `rows` does.
    """
    wanted = Counter(
        Observation.identity(variable.pk, arm, value, day, note)
        for variable, arm, value, day, note in rows
    )
    if not wanted:
        return 0
    variables = {variable.pk: variable for variable, *_rest in rows}
    held = Counter(
        obs.key()
        for obs in Observation.objects.filter(variable_id__in=list(variables)).only(
            "variable_id", "arm", "value", "observed_on", "note"
        )
    )
    created = 0
    with transaction.atomic():
        for key, count in wanted.items():
            variable_id, arm, value, day, note = key
            for _repeat in range(count - held.get(key, 0)):
                Observation.objects.create(
                    variable=variables[variable_id],
                    arm=arm,
                    value=value,
                    observed_on=day,
                    note=note,
                )
                created += 1
    return created


# CSV import


def side_names(trial):
    """{lower-case name: arm} for the ways a file may name a side."""
    names = {}
    for arm in (TrialArm.BASELINE, TrialArm.CHANGED):
        for name in (arm.value, str(arm.label), trial.side_label(arm)):
            names.setdefault(name.strip().lower(), arm)
    names.setdefault("baseline", TrialArm.BASELINE)
    names.setdefault("changed", TrialArm.CHANGED)
    return names


def read_rows(data):
    """[(row number, {column: text})] from a CSV file's bytes; the header is row 1."""
    if len(data) > MAX_BYTES:
        raise ObservationsRejected(
            [RowError(0, "", "", _("The file is larger than 5 MB; split it."))]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise ObservationsRejected(
                [RowError(0, "", "", _("The file is not text in UTF-8 or GB18030."))]
            ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ObservationsRejected([RowError(1, "", "", _("The file is empty."))]) from None
    except csv.Error:
        raise ObservationsRejected(
            [RowError(1, "", "", _("The file cannot be read from this row on."))]
        ) from None
    names = [cell.strip().lower() for cell in header]
    errors = [
        RowError(
            1,
            name,
            name,
            _("Unknown column; the columns are %(columns)s.") % {"columns": ", ".join(COLUMNS)},
        )
        for name in names
        if name and name not in COLUMNS
    ]
    errors += [
        RowError(1, name, "", _("This column is missing."))
        for name in sorted(REQUIRED - set(names))
    ]
    named = [name for name in names if name]
    if len(set(named)) != len(named):
        errors.append(RowError(1, "", ",".join(names), _("A column is named twice.")))
    if errors:
        raise ObservationsRejected(errors)
    rows = []
    number = 1
    try:
        for number, cells in enumerate(reader, 2):
            if not any(cell.strip() for cell in cells):
                continue  # blank lines are skipped, not errors
            rows.append(
                (number, {name: cell for name, cell in zip(names, cells, strict=False) if name})
            )
            if len(rows) > MAX_ROWS:
                raise ObservationsRejected(
                    [
                        RowError(
                            number,
                            "",
                            "",
                            _("A file holds at most %(rows)s observations; split it.")
                            % {"rows": MAX_ROWS},
                        )
                    ]
                )
    except csv.Error:
        raise ObservationsRejected(
            [RowError(number + 1, "", "", _("The file cannot be read from this row on."))]
        ) from None
    return rows


def parse_day(text):
    try:
        day = datetime.date.fromisoformat(text.strip())
    except ValueError:
        return None
    return day if 1900 <= day.year <= 2199 else None


def check_rows(trial, numbered_rows):
    """Typed rows (variable, arm, value, day, note) or ObservationsRejected with every error."""
    variables = {variable.name.strip().lower(): variable for variable in trial.variables.all()}
    sides = side_names(trial)
    errors, typed = [], []
    for number, row in numbered_rows:
        before = len(errors)

        def refuse(column, reason, number=number, row=row):
            errors.append(RowError(number, column, str(row.get(column) or ""), reason))

        name = (row.get("variable") or "").strip()
        # The import template writes a name that starts like a formula as '=…
        variable = variables.get(name.lower()) or variables.get(
            spreadsheets.original(name).strip().lower()
        )
        if not name:
            refuse("variable", _("A variable is required."))
        elif variable is None:
            refuse("variable", _("The trial measures no variable of this name; add it first."))
        side = (row.get("side") or "").strip()
        arm = sides.get(side.lower())
        if not side:
            refuse("side", _("A side is required: a or b, or the side's name."))
        elif arm is None:
            refuse(
                "side",
                _("Write a or b, or %(baseline)s or %(changed)s.")
                % {
                    "baseline": trial.side_label(TrialArm.BASELINE),
                    "changed": trial.side_label(TrialArm.CHANGED),
                },
            )
        raw = (row.get("value") or "").strip()
        value = parse_value(raw)
        if not raw:
            refuse("value", _("A value is required."))
        elif value is None:
            refuse("value", _("Write a number with at most four decimals."))
        day_text = (row.get("date") or "").strip()
        day = parse_day(day_text) if day_text else None
        if day_text and day is None:
            refuse("date", _("Write the date as YYYY-MM-DD, between 1900 and 2199."))
        note = (row.get("note") or "").strip()
        if len(note) > NOTE_LENGTH:
            refuse(
                "note",
                _("A note holds at most %(length)s characters.") % {"length": NOTE_LENGTH},
            )
        if len(errors) == before:
            typed.append((variable, arm, value, day, note))
        elif len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise ObservationsRejected(errors[:MAX_ERRORS])
    return typed


def import_csv(trial, data):
    """Import a CSV file of observations into the trial; return how many were new.

    Columns: variable (its name), side (a or b, or the side's name), value, and
    optionally date (YYYY-MM-DD) and note. One bad row refuses the whole file.
    """
    rows = check_rows(trial, read_rows(data))
    return add_missing(rows), len(rows)


def template_csv(trial):
    """A CSV with the header and example rows for this trial, for the import page."""
    variable = trial.variables.first()
    name = variable.name if variable else "output per shift"
    return spreadsheets.csv_text(
        [
            COLUMNS,
            [name, "a", Decimal("12.5"), datetime.date(1958, 3, 3), ""],
            [name, "b", Decimal("13.1"), datetime.date(1958, 3, 10), ""],
        ]
    )


# Production records


def record_values(variable, unit, start, end):
    """[(day, Decimal)]: the daily totals of the variable's metric for the unit's subtree.

    Records are kept in thousandths of the metric's unit (gexin.plans.records) and
    summed per day over the unit and all units under it. A ratio metric (coal per
    tonne) is its numerator's daily total over its denominator's, times its factor,
    on the days both were recorded. Days without records give no observation: a day
    nothing was recorded is not a day of zero output.
    """
    from gexin.plans import fulfilment

    metric = variable.metric
    if metric.is_ratio:
        ids = [metric.numerator_id, metric.denominator_id]
        by_day = {}
        for day, metric_id, milli in fulfilment.series(unit.path, start, end, ids):
            by_day.setdefault(day, {})[metric_id] = milli
        values = []
        for day in sorted(by_day):
            top, bottom = by_day[day].get(ids[0]), by_day[day].get(ids[1])
            if top is None or not bottom:
                continue
            ratio = Decimal(top) / Decimal(bottom) * metric.factor
            values.append((day, ratio.quantize(FIGURE_STEP)))
        return values
    return [
        (day, from_milli(milli))
        for day, _metric_id, milli in fulfilment.series(unit.path, start, end, [metric.pk])
    ]


# The note of an observation taken from the records names the unit. It is part of what
# makes the observation the same (see the module docstring), so it is written in no
# particular language: the page shows it translated (`records_unit`).
RECORDS_NOTE = "records:"


def records_note(unit):
    return f"{RECORDS_NOTE}{unit.code}"


def records_unit(note):
    """The unit code of an observation taken from the records, else None."""
    return note[len(RECORDS_NOTE) :] if note.startswith(RECORDS_NOTE) else None


def take_from_records(variable, unit, baseline_range, changed_range):
    """Add the unit's daily totals over two date ranges as the two sides.

    Returns (new observations, baseline days found, changed days found). Each day
    becomes one observation dated that day with the note "records:<unit code>", so
    taking the same days again adds nothing.
    """
    note = records_note(unit)[:NOTE_LENGTH]
    rows = []
    found = []
    for arm, (start, end) in (
        (TrialArm.BASELINE, baseline_range),
        (TrialArm.CHANGED, changed_range),
    ):
        days = record_values(variable, unit, start, end)
        found.append(len(days))
        rows += [(variable, arm, value, day, note) for day, value in days]
    return add_missing(rows), found[0], found[1]
