"""The group leader's people board: on one page, for a union group (or any unit, then
everyone in its subtree) on a day, who is paired with whom, the young and new workers,
who misses the quota and why, what help is under way, and short notes on the mutual-aid
groups, dues in arrears and open welfare cases.

Seed 000 asks the group to help two kinds of people in particular: the young and new
workers, and those who often cannot fulfil their task or quota (find the cause, work out
a remedy, help them overcome it), with masters teaching apprentices and the skilled
helping the less skilled. The board gathers what gexin records of this.

Every section reads its rows through `restrict(user, "view")` (or the people on whom the
user holds the section's view right), so each shows only what the user may see; a
section of a model the user may view nowhere is left out (None). Notes of help cases
whose cause is health stay private (gexin.org.privacy). The number of queries does not
grow with the number of people or rows.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from gexin.competitions import laggards
from gexin.competitions.choices import HelpReason
from gexin.competitions.models import HelpCase, Pairing
from gexin.core.permissions import has_action_anywhere, is_path_in_scope, under
from gexin.org.models import Person

# People who joined within this many months are the group's new workers.
NEW_WORKER_MONTHS = 12


class BoardError(Exception):
    """The board asked for cannot be shown (no unit, or one the user may not open)."""


def may_view_board(user, unit):
    """Whoever may view the people of the unit sees its board."""
    return is_path_in_scope(user, Person, "view", unit.path)


def months_before(day, months):
    """The same day `months` earlier (the month's last day when it is shorter)."""
    import calendar

    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class Pair:
    """Who helps whom: a master and an apprentice, or a one-helps-one pairing."""

    kind: str  # "apprenticeship" or "pairing"
    helper: object  # a Person, or a Participant of a competition
    helped: object
    since: datetime.date
    goal: str
    url: str
    helped_person_id: int | None

    @property
    def kind_label(self):
        if self.kind == "apprenticeship":
            return _("master and apprentice")
        return _("one-helps-one")

    @property
    def helper_name(self):
        return getattr(self.helper, "display_name", None) or str(self.helper)

    @property
    def helped_name(self):
        return getattr(self.helped, "display_name", None) or str(self.helped)


@dataclass
class YoungWorker:
    """An apprentice, a worker who joined within the last twelve months, or one helped
    as a young or new worker; with their master or partner and their open help case."""

    person: object
    is_apprentice: bool = False
    is_new: bool = False
    is_young: bool = False
    helpers: list = field(default_factory=list)  # Pairs helping the person
    open_case: HelpCase | None = None


@dataclass
class CaseRow:
    """An open help case with its last review and whether it is due for review."""

    case: HelpCase
    state: object  # laggards.ReviewState


@dataclass
class GroupRow:
    group: object
    member_count: int


@dataclass
class Arrears:
    through_month: datetime.date
    people: list  # PersonDues in arrears

    @property
    def total(self):
        return sum((row.arrears for row in self.people), 0)


@dataclass
class Board:
    unit: object
    as_of: datetime.date
    pairs: list
    young: list
    misses: list | None  # laggards.QuotaMiss rows; None: the user sees no help cases
    under_way: list | None  # CaseRow
    awaiting_help: list | None  # open cases with no help arranged yet
    groups: list | None = None
    arrears: Arrears | None = None
    welfare_open: int | None = None

    @property
    def due_count(self):
        return sum(1 for row in self.under_way or () if row.state.is_due)


def choose_unit(user, code=None):
    """The unit whose board is asked for: by code or id among the units the user may
    view, else the user's own unit. Raises BoardError when there is none."""
    from gexin.org.backends import own_person
    from gexin.org.filtersets import find_unit
    from gexin.org.models import Unit

    if code:
        unit = find_unit(code, Unit.objects.restrict(user, "view"))
        if unit is None:
            raise BoardError(code)
        unit = Unit.objects.get(pk=unit.pk)
    else:
        person = own_person(user)
        if person is None:
            raise BoardError("")
        unit = person.unit
    if not may_view_board(user, unit):
        raise BoardError(unit.code)
    return unit


def build(user, unit, as_of):
    """The board of `unit` on the day `as_of`, as `user` may see it."""
    path = unit.path
    people_seen = Person.objects.restrict(user, "view").filter(under("unit_path", path))
    pairs = apprenticeship_pairs(user, path, as_of) + pairing_pairs(user, path, as_of)
    helpers_of = {}
    for pair in pairs:
        if pair.helped_person_id is not None:
            helpers_of.setdefault(pair.helped_person_id, []).append(pair)

    sees_cases = has_action_anywhere(user, HelpCase, "view")
    open_cases = []
    if sees_cases:
        open_cases = list(
            HelpCase.objects.restrict(user, "view")
            .filter(under("person__unit_path", path))
            .open_on(as_of)
            .with_privacy(user)
            .select_related("person__unit", "competition")
            .order_by("person__unit_path", "person__name", "-opened_on", "pk")
        )
    case_of = {}
    for case in sorted(open_cases, key=lambda case: (case.opened_on, case.pk)):
        case_of[case.person_id] = case  # the latest opened

    young = young_workers(people_seen, pairs, helpers_of, case_of, open_cases, as_of)

    misses = under_way = awaiting = None
    if sees_cases:
        misses = quota_misses(user, path, as_of, case_of)
        states = laggards.review_states(open_cases, as_of=as_of)
        # A case whose notes are hidden from the user counts as under way whatever its
        # help arranged holds: whether that is empty is private too.
        under_way = [CaseRow(case, states[case.pk]) for case in open_cases if has_help(case)]
        awaiting = [case for case in open_cases if not has_help(case)]
    return Board(
        unit=unit,
        as_of=as_of,
        pairs=pairs,
        young=young,
        misses=misses,
        under_way=under_way,
        awaiting_help=awaiting,
        groups=mutual_aid_groups(user, path, as_of),
        arrears=dues_in_arrears(user, path, as_of),
        welfare_open=open_welfare_cases(user, path, as_of),
    )


def has_help(case):
    """True when the case shows as under way: its help arranged is written, or hidden."""
    return case.notes_hidden or bool(case.help_arranged.strip())


def counts(user, unit, as_of):
    """{name: number} for the unit page's card: pairs under way, open help cases and
    those due for review (None where the user sees none of the kind)."""
    from gexin.people.models import Apprenticeship

    path = unit.path
    found = {"apprenticeships": None, "pairings": None, "open_cases": None, "due": None}
    if has_action_anywhere(user, Apprenticeship, "view"):
        found["apprenticeships"] = (
            Apprenticeship.objects.restrict(user, "view")
            .filter(under("unit__path", path), started_on__lte=as_of)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=as_of))
            .count()
        )
    if has_action_anywhere(user, Pairing, "view"):
        found["pairings"] = (
            Pairing.objects.restrict(user, "view")
            .filter(under("laggard__unit_path", path), since__lte=as_of)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=as_of))
            .count()
        )
    if has_action_anywhere(user, HelpCase, "view"):
        cases = list(
            HelpCase.objects.restrict(user, "view")
            .filter(under("person__unit_path", path))
            .open_on(as_of)
            .select_related("person")
        )
        states = laggards.review_states(cases, as_of=as_of)
        found["open_cases"] = len(cases)
        found["due"] = sum(1 for state in states.values() if state.is_due)
    return found


def apprenticeship_pairs(user, path, as_of):
    """Masters and apprentices of the unit's subtree under way on `as_of`."""
    from gexin.people.models import Apprenticeship

    if not has_action_anywhere(user, Apprenticeship, "view"):
        return []
    found = (
        Apprenticeship.objects.restrict(user, "view")
        .filter(under("unit__path", path), started_on__lte=as_of)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=as_of))
        .select_related("master__unit", "apprentice__unit")
        .order_by("apprentice__unit_path", "apprentice__name", "pk")
    )
    return [
        Pair(
            kind="apprenticeship",
            helper=row.master,
            helped=row.apprentice,
            since=row.started_on,
            goal=row.goal,
            url=row.get_absolute_url(),
            helped_person_id=row.apprentice_id,
        )
        for row in found
    ]


def pairing_pairs(user, path, as_of):
    """One-helps-one pairings of competitions whose helped partner is in the subtree,
    open on `as_of`."""
    if not has_action_anywhere(user, Pairing, "view"):
        return []
    found = (
        Pairing.objects.restrict(user, "view")
        .filter(under("laggard__unit_path", path), since__lte=as_of)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=as_of))
        .select_related(
            "competition",
            "advanced__person",
            "advanced__unit",
            "advanced__competition",
            "laggard__person",
            "laggard__unit",
            "laggard__competition",
        )
        .order_by("laggard__unit_path", "since", "pk")
    )
    return [
        Pair(
            kind="pairing",
            helper=row.advanced.person or row.advanced,
            helped=row.laggard.person or row.laggard,
            since=row.since,
            goal=row.goal,
            url=row.get_absolute_url(),
            helped_person_id=row.laggard.person_id,
        )
        for row in found
    ]


def young_workers(people_seen, pairs, helpers_of, case_of, open_cases, as_of):
    """The apprentices, those who joined in the last twelve months and those helped as
    young or new workers, by unit and name."""
    since = months_before(as_of, NEW_WORKER_MONTHS)
    rows = {}

    def row_for(person):
        if person.pk not in rows:
            rows[person.pk] = YoungWorker(
                person, helpers=helpers_of.get(person.pk, []), open_case=case_of.get(person.pk)
            )
        return rows[person.pk]

    for pair in pairs:
        if pair.kind == "apprenticeship":
            row_for(pair.helped).is_apprentice = True
    for person in people_seen.filter(
        is_active=True, date_joined__gt=since, date_joined__lte=as_of
    ).select_related("unit"):
        row_for(person).is_new = True
    for case in open_cases:
        if case.reason in (HelpReason.YOUNG_WORKER, HelpReason.NEW_WORKER):
            row = row_for(case.person)
            row.is_young = case.reason == HelpReason.YOUNG_WORKER or row.is_young
            row.is_new = row.is_new or case.reason == HelpReason.NEW_WORKER
    return sorted(rows.values(), key=lambda row: (row.person.unit_path, row.person.name))


def quota_misses(user, path, as_of, case_of):
    """The workers of the subtree who missed their pledge in two of their last three
    periods ended by `as_of`, each with the case open on that day (its notes revealed as
    the user may read them)."""
    people = Person.objects.where_user_holds(user, "competitions.view_helpcase").filter(
        under("unit_path", path)
    )
    rows = laggards.quota_misses(people.select_related("unit"), as_of=as_of, cases_open_on=as_of)
    for row in rows:
        # The case with its privacy marked (from the open cases above), when seen.
        if row.open_case is not None:
            row.open_case = case_of.get(row.person.pk, row.open_case)
            row.open_case.person = row.person
            if not hasattr(row.open_case, "private_shown"):
                row.open_case.reveal_for(user)
    return rows


def mutual_aid_groups(user, path, as_of):
    """The technical mutual-aid groups of the subtree on `as_of`, with their members then;
    None when the user may view no study groups."""
    from gexin.people.models import StudyGroup, StudyGroupKind

    if not has_action_anywhere(user, StudyGroup, "view"):
        return None
    member_on = Q(memberships__joined_on__lte=as_of) & (
        Q(memberships__left_on__isnull=True) | Q(memberships__left_on__gt=as_of)
    )
    groups = (
        StudyGroup.objects.restrict(user, "view")
        .active(on=as_of)
        .filter(under("unit__path", path), kind=StudyGroupKind.MUTUAL_AID)
        .select_related("leader", "unit")
        .annotate(member_count=Count("memberships", filter=member_on, distinct=True))
        .order_by("unit__path", "name", "pk")
    )
    return [GroupRow(group, group.member_count) for group in groups]


def dues_in_arrears(user, path, as_of):
    """The members of the subtree in arrears with their dues through the month before
    `as_of`'s (the month under way is not owed yet); None when the user may view no dues."""
    from gexin.people import dues
    from gexin.people.models import DuesPayment

    if not has_action_anywhere(user, DuesPayment, "view"):
        return None
    through = dues.month_start(dues.month_start(as_of) - datetime.timedelta(days=1))
    people = list(
        Person.objects.where_user_holds(user, "people.view_duespayment")
        .filter(under("unit_path", path), is_active=True)
        .select_related("unit")
        .order_by("unit_path", "name", "pk")
    )
    found = dues.arrears(people, through)
    owing = [row for row in found.values() if row.arrears > 0]
    return Arrears(through, owing)


def open_welfare_cases(user, path, as_of):
    """How many welfare cases of the subtree are open on `as_of` (a count only: their
    details are on the welfare pages); None when the user may view no welfare cases."""
    from gexin.people.models import WelfareCase

    if not has_action_anywhere(user, WelfareCase, "view"):
        return None
    return (
        WelfareCase.objects.restrict(user, "view")
        .filter(under("person__unit_path", path))
        .open_on(as_of)
        .count()
    )
