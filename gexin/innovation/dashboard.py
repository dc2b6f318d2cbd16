"""A campaign's figures: what was found, ranked, solved and verified, and when.

Seed 001 sums a campaign up the way this module does: "in a few days 433 problems
were found and 185 key issues ranked; by the end of March 106 were solved, and 17
conservative rules were revised". Everything is counted from the database, by the
dates stored on the rows (a problem's `posted_on`, a key issue's `ranked_on`,
`solved_on` and `verified_on`, a revision's `approved_on`), never from `created`,
so a campaign entered afterwards still shows the days on which things happened.

A key issue's status is the one it has now: a key issue solved and since reopened is
not counted as solved, even as of a day before it was reopened.
"""

import datetime

from django.db.models import Count, Q

from gexin.innovation.choices import AttackMethod, KeyIssueStatus, ProblemStatus, VersionStatus
from gexin.innovation.models import KeyIssue, Problem, RegulationVersion, ResearchTeam
from gexin.org.models import Unit

SOLVED = (KeyIssueStatus.SOLVED, KeyIssueStatus.VERIFIED)
# A version that was approved and has since been replaced still counts as a revision.
APPROVED = (VersionStatus.APPROVED, VersionStatus.SUPERSEDED)


def _restricted(queryset, user):
    return queryset if user is None else queryset.restrict(user, "view")


def problems_of(campaign, user=None):
    """The campaign's problems, a merged duplicate not counted apart from its original."""
    return _restricted(
        Problem.objects.filter(campaign=campaign).exclude(status=ProblemStatus.MERGED), user
    )


def key_issues_of(campaign, user=None):
    return _restricted(KeyIssue.objects.filter(campaign=campaign), user)


def solved_q(as_of=None):
    """Key issues solved (or verified), by `as_of` when given."""
    q = Q(status__in=SOLVED)
    return q & Q(solved_on__lte=as_of) if as_of else q


def verified_q(as_of=None):
    q = Q(status=KeyIssueStatus.VERIFIED)
    return q & Q(verified_on__lte=as_of) if as_of else q


def revisions_of(campaign, as_of=None, user=None):
    """The approved revisions (version 2 or later) that cite the campaign."""
    versions = RegulationVersion.objects.filter(
        campaign=campaign, status__in=APPROVED, number__gt=1
    )
    if as_of:
        versions = versions.filter(approved_on__lte=as_of)
    return _restricted(versions, user)


def summary(campaign, as_of=None, user=None, today=None):
    """The campaign's counts, as a dict ready for the dashboard and the API.

    {"problems", "key_issues", "solved", "verified", "rules_revised",
     "by_method": {method: {"key_issues", "solved"}} (all five methods),
     "by_team": {team name: {"key_issues", "solved"}},
     "by_unit": {unit code: {"name", "problems", "key_issues", "solved"}},
     "overdue": n}

    With `as_of`, only what had happened by that day is counted, and overdue means
    overdue on that day; otherwise overdue means overdue `today`. `by_unit` rolls
    each row up to the unit directly below the campaign's unit that contains it. With
    `user`, only the rows that user may see are counted.
    """
    problems = problems_of(campaign, user)
    issues = key_issues_of(campaign, user)
    if as_of:
        problems = problems.filter(posted_on__lte=as_of)
        issues = issues.filter(ranked_on__lte=as_of)
    solved = solved_q(as_of)
    day = as_of or today or datetime.date.today()

    totals = issues.aggregate(
        key_issues=Count("pk"),
        solved=Count("pk", filter=solved),
        verified=Count("pk", filter=verified_q(as_of)),
        overdue=Count("pk", filter=Q(due_on__lt=day) & ~solved),
    )
    by_method = {method: {"key_issues": 0, "solved": 0} for method in AttackMethod.values}
    for row in (
        issues.order_by()
        .values("method")
        .annotate(n=Count("pk"), n_solved=Count("pk", filter=solved))
    ):
        by_method[row["method"]] = {"key_issues": row["n"], "solved": row["n_solved"]}

    return {
        "problems": problems.count(),
        "key_issues": totals["key_issues"],
        "solved": totals["solved"],
        "verified": totals["verified"],
        "rules_revised": revisions_of(campaign, as_of, user)
        .order_by()
        .values("regulation")
        .distinct()
        .count(),
        "by_method": by_method,
        "by_team": _by_team(campaign, issues, solved, user),
        "by_unit": _by_unit(campaign, problems, issues, solved),
        "overdue": totals["overdue"],
    }


def _by_team(campaign, issues, solved, user):
    """Key issues and solved per team: the campaign's teams and any team owning one."""
    counts = {
        row["owner_team"]: row
        for row in issues.filter(owner_team__isnull=False)
        .order_by()
        .values("owner_team")
        .annotate(n=Count("pk"), n_solved=Count("pk", filter=solved))
    }
    teams = _restricted(
        ResearchTeam.objects.filter(Q(campaign=campaign) | Q(pk__in=counts)), user
    ).select_related("unit")
    teams = sorted(teams, key=lambda team: (team.name, team.pk))
    names = [team.name for team in teams]
    result = {}
    for team in teams:
        # Two teams of one name (in different units) stay apart.
        name = team.name if names.count(team.name) == 1 else f"{team.name} ({team.unit})"
        row = counts.get(team.pk, {})
        result[name] = {"key_issues": row.get("n", 0), "solved": row.get("n_solved", 0)}
    return result


def _by_unit(campaign, problems, issues, solved):
    """Problems, key issues and solved per unit directly below the campaign's unit."""
    top = campaign.unit.path
    width = len(top) + Unit.steplen

    def branch(path):
        return path[:width] if len(path) > len(top) else top

    counts = {}

    def add(path, key, number):
        row = counts.setdefault(branch(path), {"problems": 0, "key_issues": 0, "solved": 0})
        row[key] += number

    for row in problems.order_by().values("unit__path").annotate(n=Count("pk")):
        add(row["unit__path"], "problems", row["n"])
    for row in (
        issues.order_by()
        .values("unit__path")
        .annotate(n=Count("pk"), n_solved=Count("pk", filter=solved))
    ):
        add(row["unit__path"], "key_issues", row["n"])
        add(row["unit__path"], "solved", row["n_solved"])
    units = Unit.objects.filter(path__in=counts).order_by("path")
    return {unit.code: {"name": unit.display_name, **counts[unit.path]} for unit in units}


def burnup(campaign, today=None, user=None):
    """Day-by-day running totals from the campaign's start to its end (or to today).

    {"days": [date…], "problems": […], "key_issues": […], "solved": […],
     "verified": […]}; each list holds one cumulative count per day. Rows dated
    before the start count from the first day; rows after the last day shown are
    left out. Empty before the campaign starts.
    """
    today = today or datetime.date.today()
    last = min(campaign.ends_on, today)
    if last < campaign.starts_on:
        return {"days": [], "problems": [], "key_issues": [], "solved": [], "verified": []}
    days = [
        campaign.starts_on + datetime.timedelta(days=n)
        for n in range((last - campaign.starts_on).days + 1)
    ]
    issues = key_issues_of(campaign, user)
    series = {
        "problems": _per_day(problems_of(campaign, user), "posted_on"),
        "key_issues": _per_day(issues, "ranked_on"),
        "solved": _per_day(issues.filter(status__in=SOLVED), "solved_on"),
        "verified": _per_day(issues.filter(status=KeyIssueStatus.VERIFIED), "verified_on"),
    }
    result = {"days": days}
    for name, per_day in series.items():
        running = sum(n for day, n in per_day.items() if day < campaign.starts_on)
        cumulative = []
        for day in days:
            running += per_day.get(day, 0)
            cumulative.append(running)
        result[name] = cumulative
    return result


def _per_day(queryset, date_field):
    """{date: rows on that date}; rows without a date are left out."""
    rows = (
        queryset.filter(**{f"{date_field}__isnull": False})
        .order_by()
        .values(date_field)
        .annotate(n=Count("pk"))
    )
    return {row[date_field]: row["n"] for row in rows}
