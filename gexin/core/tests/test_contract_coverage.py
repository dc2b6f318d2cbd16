"""Every model that users reach through pages has a test class built on a shared contract."""

import importlib
import pkgutil

from django.apps import apps

import gexin
from gexin.core.testing import APIContract, CatalogueViewContract, ViewContract

# Models that have no pages of their own.
WITHOUT_PAGES = {
    "core.user",
    "core.changerecord",
    "core.dataversion",
    # Sign-in sessions and queued background work: no pages of their own
    # (core/tests/test_sessions.py, test_tasks.py).
    "core.session",
    "core.backgroundtask",
    # Edited on their plan's or pledge's pages (plans/tests/test_views.py).
    "plans.plantarget",
    "plans.pledgetarget",
    "plans.condition",
    # Written only through the records loader: the entry grid, imports and the API
    # (plans/tests/test_record_pages.py); the totals are internal.
    "plans.record",
    "plans.importbatch",
    "plans.dailytotal",
    "plans.monthlytotal",
    # A user's own notifications (core/tests/test_notifications.py).
    "core.notification",
    # Parts of a meeting, edited on its pages (meetings/tests/test_workflows.py);
    # dispositions are written only by the proposal workflow.
    "meetings.agendaitem",
    "meetings.attendance",
    "meetings.minuteentry",
    "meetings.disposition",
    # Posted on a problem's or a fortress's page, or recorded by a merge
    # (innovation/tests/test_campaigns_workflow.py).
    "innovation.problemcomment",
    "innovation.problemmerge",
    "innovation.attachment",
    "innovation.proposedsolution",
    # Parts of a trial or of a regulation version, edited on its page
    # (innovation/tests/test_trials_pages.py, test_trials_regulations.py).
    "innovation.trialvariable",
    "innovation.observation",
    "innovation.clause",
    # Stations are edited on their line's page, log entries on their field's page
    # (innovation/tests/test_lines_views.py); bottleneck records are written only by
    # station changes (innovation/tests/test_lines_history.py).
    "innovation.station",
    "innovation.fieldlogentry",
    "innovation.bottleneckrecord",
    # A competition's participants, conditions and gates are edited on its page
    # (competitions/tests/test_competitions_pages.py).
    "competitions.participant",
    "competitions.criterion",
    "competitions.eligibilitygate",
    # Scores are shown and adjusted on their evaluation's page, banner holdings on the
    # evaluation's and the participant's; both are written only by the evaluation
    # workflow (competitions/tests/test_evaluations_pages.py).
    "competitions.score",
    "competitions.bannerholding",
    # A help case's reviews are recorded on its page and the weekly meeting's, never
    # edited (competitions/tests/test_help_reviews.py, test_help_privacy.py).
    "competitions.helpreview",
    # An experience's pictures are posted and removed on its page
    # (exchange/tests/test_experiences_attachments.py); item evaluations are written on
    # the conference's evaluation sheet, subscriptions on a list of their own
    # (test_contracts_pages.py, test_express_pages.py); cooperation items on their
    # cooperation's page (test_cooperation_pages.py). The search index is internal.
    "exchange.experienceattachment",
    "exchange.itemevaluation",
    "exchange.subscription",
    "exchange.cooperationitem",
    "exchange.searchdocument",
    "exchange.searchterm",
    # A product standard's limits are edited on its page, an inspection's measurements
    # on its page (national/tests/test_quality_pages.py); status changes are written only
    # by the equipment's status action (test_equipment_workflow.py); a transfer plan's
    # supplies, demands and routes are edited on the plan's page and its flows written
    # only by solving it (test_transfers_pages.py).
    "national.standardlimit",
    "national.measurement",
    "national.statuschange",
    "national.transfersupply",
    "national.transferdemand",
    "national.transferroute",
    "national.transferflow",
    # people: each area lists its models without pages of their own below its marker,
    # with the reason and the test that covers them.
    # people: skills
    # people: mentoring
    # Goals and progress checks are added, edited and deleted on their apprenticeship's
    # page (people/tests/test_mentoring_pages.py).
    "people.apprenticeshipgoal",
    "people.progresscheck",
    # people: groups
    # Memberships and sessions (with their attendance) are added, changed and ended on
    # their group's page (people/tests/test_groups_pages.py).
    "people.studygroupmember",
    "people.studysession",
    # people: members
    # Help given is recorded on its welfare case's page (people/tests/
    # test_members_welfare.py); attendance on its activity's attendance page
    # (test_members_pages.py).
    "people.welfarehelp",
    "people.activityattendance",
}


def import_all_tests():
    for module in pkgutil.walk_packages(gexin.__path__, "gexin."):
        if ".tests.test_" in module.name:
            importlib.import_module(module.name)


def subclasses(base):
    found = set()
    stack = [base]
    while stack:
        for sub in stack.pop().__subclasses__():
            found.add(sub)
            stack.append(sub)
    return found


def test_every_model_has_page_tests():
    import_all_tests()
    covered = {
        f"{cls.app}.{cls.model_name}"
        for cls in subclasses(ViewContract) | subclasses(CatalogueViewContract)
    }
    models = {
        model._meta.label_lower
        for model in apps.get_models()
        if model.__module__.startswith("gexin.")
    }
    missing = sorted(models - covered - WITHOUT_PAGES)
    assert not missing, f"models without a ViewContract test: {missing}"


def test_every_api_endpoint_has_api_tests():
    from gexin.config.api_urls import router

    import_all_tests()
    covered = {cls.endpoint for cls in subclasses(APIContract)}
    endpoints = {prefix for prefix, _viewset, _basename in router.registry}
    # Work types are a catalogue; their API is tested in org/tests/test_api.py.
    # Metrics too; records take lists of rows, not patches (plans/tests/test_api.py).
    # Experience pictures are multipart uploads, not patches
    # (exchange/tests/test_experiences_api.py). Product standards and their limits are a
    # catalogue like metrics; equipment status changes and transfer flows are read-only;
    # quality rates are figures, not objects (national/tests/test_quality_api.py,
    # test_quality_rates.py, test_equipment_api.py, test_transfers_api.py).
    missing = sorted(
        endpoints
        - covered
        - {
            "work-types",
            "metrics",
            "records",
            "experience-attachments",
            "product-standards",
            "standard-limits",
            "equipment-status-changes",
            "transfer-flows",
            "quality-rates",
            # Help case reviews are posted once and never patched
            # (competitions/tests/test_help_reviews.py).
            "help-reviews",
            # people: endpoints without patches, each with the test that covers it.
            # people: board
            # people: skills
            # people: mentoring
            # people: groups
            # people: members
        }
    )
    assert not missing, f"API endpoints without an APIContract test: {missing}"
