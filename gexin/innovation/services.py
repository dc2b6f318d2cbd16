"""Work of the innovation app that spans several models."""

from django.db import transaction

from gexin.innovation.choices import ProblemStatus


def rank(key_issue, problems):
    """Link a key issue to the problems it is ranked from, and mark them ranked.

    A problem no longer linked to any key issue goes back to being just posted.
    """
    with transaction.atomic():
        before = set(key_issue.problems.values_list("pk", flat=True))
        key_issue.problems.set(problems)
        for problem in problems:
            if problem.status == ProblemStatus.POSTED:
                problem.status = ProblemStatus.RANKED
                problem.save()
        dropped = before - {problem.pk for problem in problems}
        from gexin.innovation.models import Problem

        for problem in Problem.objects.filter(pk__in=dropped, status=ProblemStatus.RANKED):
            if not problem.key_issues.exists():
                problem.status = ProblemStatus.POSTED
                problem.save()
