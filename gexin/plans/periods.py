"""Plan periods: a year, quarter, month, ten days (上中下旬), ISO week or day.

A period is named by its kind and its first day; its last day follows from them.
"""

import calendar
from datetime import date, timedelta

from django.utils.translation import gettext as _

from gexin.plans.choices import PeriodKind


def month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day, months):
    """The first day of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_start(kind, day):
    """The first day of the period of `kind` that contains `day`."""
    if kind == PeriodKind.YEAR:
        return date(day.year, 1, 1)
    if kind == PeriodKind.QUARTER:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if kind == PeriodKind.MONTH:
        return day.replace(day=1)
    if kind == PeriodKind.TEN_DAYS:
        return day.replace(day=min(21, 1 + 10 * ((day.day - 1) // 10)))
    if kind == PeriodKind.WEEK:
        return day - timedelta(days=day.weekday())
    return day


def period_end(kind, start):
    """The last day of the period of `kind` that starts on `start`."""
    if kind == PeriodKind.YEAR:
        return date(start.year, 12, 31)
    if kind == PeriodKind.QUARTER:
        return add_months(start, 3) - timedelta(days=1)
    if kind == PeriodKind.MONTH:
        return month_end(start)
    if kind == PeriodKind.TEN_DAYS:
        return month_end(start) if start.day == 21 else start + timedelta(days=9)
    if kind == PeriodKind.WEEK:
        return start + timedelta(days=6)
    return start


def is_aligned(kind, start):
    return period_start(kind, start) == start


def days_between(start, end):
    """Days from `start` to `end`, both included."""
    return (end - start).days + 1


def period_label(kind, start):
    """A short name such as 1959, 1959 Q1, 1959-03, 1959-03 first ten days, 1959 week 10."""
    if kind == PeriodKind.YEAR:
        return str(start.year)
    if kind == PeriodKind.QUARTER:
        return _("%(year)s Q%(quarter)s") % {"year": start.year, "quarter": (start.month + 2) // 3}
    if kind == PeriodKind.MONTH:
        return f"{start.year}-{start.month:02d}"
    if kind == PeriodKind.TEN_DAYS:
        part = {1: _("first ten days"), 11: _("middle ten days"), 21: _("last ten days")}
        return f"{start.year}-{start.month:02d} {part[start.day]}"
    if kind == PeriodKind.WEEK:
        year, week, _day = start.isocalendar()
        return _("%(year)s week %(week)s") % {"year": year, "week": week}
    return start.isoformat()


def whole_months(start, end):
    """True when the range runs from the first of a month to the last of a month."""
    return start.day == 1 and end == month_end(end)


def shifted(start, end, months):
    """The range moved by `months` (whole months stay whole months)."""
    if whole_months(start, end):
        span = (end.year * 12 + end.month) - (start.year * 12 + start.month)
        new_start = add_months(start, months)
        return new_start, month_end(add_months(new_start, span))
    new_start = _same_day_in(add_months(start, months), start.day)
    return new_start, new_start + (end - start)


def previous_range(start, end):
    """The range just before: the previous month(s) for whole months, else as many days."""
    if whole_months(start, end):
        span = (end.year * 12 + end.month) - (start.year * 12 + start.month) + 1
        return shifted(start, end, -span)
    length = end - start + timedelta(days=1)
    return start - length, end - length


def _same_day_in(first_of_month, day):
    return first_of_month.replace(day=min(day, month_end(first_of_month).day))
