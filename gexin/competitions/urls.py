from django.urls import path  # noqa: F401

app_name = "competitions"

# Each area keeps its routes in its own section.
urlpatterns = []

# -- competitions, participants, conditions --
from gexin.competitions.views import competitions  # noqa: E402

urlpatterns += [
    path("competitions/", competitions.CompetitionListView.as_view(), name="competition_list"),
    path("competitions/add/", competitions.CompetitionEditView.as_view(), name="competition_add"),
    path(
        "competitions/<int:pk>/",
        competitions.CompetitionDetailView.as_view(),
        name="competition_detail",
    ),
    path(
        "competitions/<int:pk>/edit/",
        competitions.CompetitionEditView.as_view(),
        name="competition_edit",
    ),
    path(
        "competitions/<int:pk>/delete/",
        competitions.CompetitionDeleteView.as_view(),
        name="competition_delete",
    ),
    path(
        "competitions/<int:pk>/history/",
        competitions.CompetitionHistoryView.as_view(),
        name="competition_history",
    ),
    path("participants/add/", competitions.ParticipantEditView.as_view(), name="participant_add"),
    path(
        "participants/<int:pk>/edit/",
        competitions.ParticipantEditView.as_view(),
        name="participant_edit",
    ),
    path(
        "participants/<int:pk>/delete/",
        competitions.ParticipantDeleteView.as_view(),
        name="participant_delete",
    ),
    path(
        "competition-conditions/add/",
        competitions.CriterionEditView.as_view(),
        name="criterion_add",
    ),
    path(
        "competition-conditions/<int:pk>/edit/",
        competitions.CriterionEditView.as_view(),
        name="criterion_edit",
    ),
    path(
        "competition-conditions/<int:pk>/delete/",
        competitions.CriterionDeleteView.as_view(),
        name="criterion_delete",
    ),
    path(
        "eligibility-conditions/add/",
        competitions.EligibilityGateEditView.as_view(),
        name="eligibilitygate_add",
    ),
    path(
        "eligibility-conditions/<int:pk>/edit/",
        competitions.EligibilityGateEditView.as_view(),
        name="eligibilitygate_edit",
    ),
    path(
        "eligibility-conditions/<int:pk>/delete/",
        competitions.EligibilityGateDeleteView.as_view(),
        name="eligibilitygate_delete",
    ),
]

# -- evaluations, standings, banner --
from gexin.competitions.views import evaluations  # noqa: E402

urlpatterns += [
    path("evaluations/", evaluations.EvaluationListView.as_view(), name="evaluation_list"),
    path("evaluations/add/", evaluations.EvaluationComputeView.as_view(), name="evaluation_add"),
    path(
        "evaluations/<int:pk>/",
        evaluations.EvaluationDetailView.as_view(),
        name="evaluation_detail",
    ),
    path(
        "evaluations/<int:pk>/edit/",
        evaluations.EvaluationEditView.as_view(),
        name="evaluation_edit",
    ),
    path(
        "evaluations/<int:pk>/delete/",
        evaluations.EvaluationDeleteView.as_view(),
        name="evaluation_delete",
    ),
    path(
        "evaluations/<int:pk>/history/",
        evaluations.EvaluationHistoryView.as_view(),
        name="evaluation_history",
    ),
    path(
        "evaluations/<int:pk>/recompute/",
        evaluations.EvaluationRecomputeView.as_view(),
        name="evaluation_recompute",
    ),
    path(
        "evaluations/<int:pk>/publish/",
        evaluations.EvaluationPublishView.as_view(),
        name="evaluation_publish",
    ),
    path("scores/<int:pk>/adjust/", evaluations.ScoreAdjustView.as_view(), name="score_adjust"),
    path("scores/<int:pk>/history/", evaluations.ScoreHistoryView.as_view(), name="score_history"),
    path(
        "participants/<int:pk>/",
        evaluations.ParticipantDetailView.as_view(),
        name="participant_detail",
    ),
]

# -- awards, laggards, producers, handovers --
from gexin.competitions.views import help as help_views  # noqa: E402


def help_crud(model, plural, name):
    """The list, add, detail, edit, delete and history routes of <name>…View in help."""

    def view(kind):
        return getattr(help_views, f"{name}{kind}View").as_view()

    return [
        path(f"{plural}/", view("List"), name=f"{model}_list"),
        path(f"{plural}/add/", view("Edit"), name=f"{model}_add"),
        path(f"{plural}/<int:pk>/", view("Detail"), name=f"{model}_detail"),
        path(f"{plural}/<int:pk>/edit/", view("Edit"), name=f"{model}_edit"),
        path(f"{plural}/<int:pk>/delete/", view("Delete"), name=f"{model}_delete"),
        path(f"{plural}/<int:pk>/history/", view("History"), name=f"{model}_history"),
    ]


urlpatterns += [
    *help_crud("award", "awards", "Award"),
    path("awards/<int:pk>/approve/", help_views.AwardApproveView.as_view(), name="award_approve"),
    path("awards/<int:pk>/reject/", help_views.AwardRejectView.as_view(), name="award_reject"),
    *help_crud("pairing", "pairings", "Pairing"),
    path(
        "help-cases/missing-quota/",
        help_views.QuotaMissView.as_view(),
        name="helpcase_candidates",
    ),
    *help_crud("helpcase", "help-cases", "HelpCase"),
    path(
        "help-cases/<int:pk>/review/",
        help_views.HelpCaseReviewView.as_view(),
        name="helpcase_review",
    ),
    path(
        "meetings/<int:pk>/help-cases/panel/",
        help_views.MeetingHelpPanelView.as_view(),
        name="meeting_help_panel",
    ),
    path(
        "advanced-producers/candidates/",
        help_views.ProducerCandidatesView.as_view(),
        name="advancedproducer_candidates",
    ),
    *help_crud("advancedproducer", "advanced-producers", "AdvancedProducer"),
    path(
        "advanced-producers/<int:pk>/confirm/",
        help_views.ProducerConfirmView.as_view(),
        name="advancedproducer_confirm",
    ),
    path(
        "advanced-producers/<int:pk>/decline/",
        help_views.ProducerDeclineView.as_view(),
        name="advancedproducer_decline",
    ),
    *help_crud("handover", "handovers", "Handover"),
]
