from django.urls import path  # noqa: F401

app_name = "innovation"

# Each area keeps its routes in its own section.
urlpatterns = []

# -- campaigns, problems, key issues, fortresses, teams, dashboard --
from gexin.innovation.views import campaigns  # noqa: E402


def crud(model, plural, name):
    """The list, add, detail, edit, delete and history routes of a model whose views in
    `campaigns` are called <name>ListView, <name>EditView and so on."""

    def view(kind):
        return getattr(campaigns, f"{name}{kind}View").as_view()

    return [
        path(f"{plural}/", view("List"), name=f"{model}_list"),
        path(f"{plural}/add/", view("Edit"), name=f"{model}_add"),
        path(f"{plural}/<int:pk>/", view("Detail"), name=f"{model}_detail"),
        path(f"{plural}/<int:pk>/edit/", view("Edit"), name=f"{model}_edit"),
        path(f"{plural}/<int:pk>/delete/", view("Delete"), name=f"{model}_delete"),
        path(f"{plural}/<int:pk>/history/", view("History"), name=f"{model}_history"),
    ]


urlpatterns += [
    *crud("campaign", "campaigns", "Campaign"),
    *crud("problem", "problems", "Problem"),
    path(
        "problems/<int:pk>/support/", campaigns.ProblemSupportView.as_view(), name="problem_support"
    ),
    path(
        "problems/<int:pk>/comment/", campaigns.ProblemCommentView.as_view(), name="problem_comment"
    ),
    path("problems/<int:pk>/attach/", campaigns.ProblemAttachView.as_view(), name="problem_attach"),
    path("problems/<int:pk>/merge/", campaigns.ProblemMergeView.as_view(), name="problem_merge"),
    *crud("keyissue", "key-issues", "KeyIssue"),
    path(
        "key-issues/<int:pk>/attack/",
        campaigns.KeyIssueAttackView.as_view(),
        name="keyissue_attack",
    ),
    path(
        "key-issues/<int:pk>/solve/", campaigns.KeyIssueSolveView.as_view(), name="keyissue_solve"
    ),
    path(
        "key-issues/<int:pk>/verify/",
        campaigns.KeyIssueVerifyView.as_view(),
        name="keyissue_verify",
    ),
    path(
        "key-issues/<int:pk>/attach/",
        campaigns.KeyIssueAttachView.as_view(),
        name="keyissue_attach",
    ),
    path(
        "key-issues/<int:pk>/solutions/",
        campaigns.ProposedSolutionAddView.as_view(),
        name="keyissue_propose",
    ),
    path(
        "key-issues/<int:pk>/poster.pdf",
        campaigns.FortressPosterView.as_view(),
        name="keyissue_poster",
    ),
    path("fortresses/", campaigns.FortressBoardView.as_view(), name="fortress_board"),
    path(
        "attachments/<int:pk>/",
        campaigns.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path(
        "attachments/<int:pk>/delete/",
        campaigns.AttachmentDeleteView.as_view(),
        name="attachment_delete",
    ),
    *crud("researchteam", "research-teams", "ResearchTeam"),
]

# -- trials and regulations --
from gexin.innovation.views import trials as trial_views  # noqa: E402


def trial_crud(model, plural, name):
    """The list, add, detail, edit, delete and history routes of <name>…View in trials."""

    def view(kind):
        return getattr(trial_views, f"{name}{kind}View").as_view()

    return [
        path(f"{plural}/", view("List"), name=f"{model}_list"),
        path(f"{plural}/add/", view("Edit"), name=f"{model}_add"),
        path(f"{plural}/<int:pk>/", view("Detail"), name=f"{model}_detail"),
        path(f"{plural}/<int:pk>/edit/", view("Edit"), name=f"{model}_edit"),
        path(f"{plural}/<int:pk>/delete/", view("Delete"), name=f"{model}_delete"),
        path(f"{plural}/<int:pk>/history/", view("History"), name=f"{model}_history"),
    ]


urlpatterns += [
    *trial_crud("trial", "trials", "Trial"),
    path("trials/<int:pk>/import/", trial_views.TrialImportView.as_view(), name="trial_import"),
    path(
        "trial-variables/add/",
        trial_views.TrialVariableEditView.as_view(),
        name="trialvariable_add",
    ),
    path(
        "trial-variables/<int:pk>/edit/",
        trial_views.TrialVariableEditView.as_view(),
        name="trialvariable_edit",
    ),
    path(
        "trial-variables/<int:pk>/delete/",
        trial_views.TrialVariableDeleteView.as_view(),
        name="trialvariable_delete",
    ),
    path(
        "trial-variables/<int:pk>/observations/",
        trial_views.ObservationEntryView.as_view(),
        name="trialvariable_enter",
    ),
    path(
        "trial-variables/<int:pk>/from-records/",
        trial_views.ObservationsFromRecordsView.as_view(),
        name="trialvariable_records",
    ),
    path(
        "observations/<int:pk>/delete/",
        trial_views.ObservationDeleteView.as_view(),
        name="observation_delete",
    ),
    *trial_crud("regulation", "regulations", "Regulation"),
    *trial_crud("regulationversion", "regulation-versions", "RegulationVersion"),
    path(
        "regulation-versions/<int:pk>/submit/",
        trial_views.RegulationVersionSubmitView.as_view(),
        name="regulationversion_submit",
    ),
    path(
        "regulation-versions/<int:pk>/approve/",
        trial_views.RegulationVersionApproveView.as_view(),
        name="regulationversion_approve",
    ),
    path(
        "regulation-versions/<int:pk>/reject/",
        trial_views.RegulationVersionRejectView.as_view(),
        name="regulationversion_reject",
    ),
    path("clauses/add/", trial_views.ClauseEditView.as_view(), name="clause_add"),
    path("clauses/<int:pk>/edit/", trial_views.ClauseEditView.as_view(), name="clause_edit"),
    path("clauses/<int:pk>/delete/", trial_views.ClauseDeleteView.as_view(), name="clause_delete"),
]

# -- production lines and experimental fields --
from gexin.innovation.views import lines as lines_views  # noqa: E402

urlpatterns += [
    path(
        "production-lines/",
        lines_views.ProductionLineListView.as_view(),
        name="productionline_list",
    ),
    path(
        "production-lines/add/",
        lines_views.ProductionLineEditView.as_view(),
        name="productionline_add",
    ),
    path(
        "production-lines/<int:pk>/",
        lines_views.ProductionLineDetailView.as_view(),
        name="productionline_detail",
    ),
    path(
        "production-lines/<int:pk>/edit/",
        lines_views.ProductionLineEditView.as_view(),
        name="productionline_edit",
    ),
    path(
        "production-lines/<int:pk>/delete/",
        lines_views.ProductionLineDeleteView.as_view(),
        name="productionline_delete",
    ),
    path(
        "production-lines/<int:pk>/history/",
        lines_views.ProductionLineHistoryView.as_view(),
        name="productionline_history",
    ),
    path(
        "production-lines/<int:pk>/recalculate/",
        lines_views.ProductionLineRecalculateView.as_view(),
        name="productionline_recalculate",
    ),
    path("stations/add/", lines_views.StationEditView.as_view(), name="station_add"),
    path("stations/<int:pk>/edit/", lines_views.StationEditView.as_view(), name="station_edit"),
    path(
        "stations/<int:pk>/delete/",
        lines_views.StationDeleteView.as_view(),
        name="station_delete",
    ),
    path("stations/<int:pk>/move/", lines_views.StationMoveView.as_view(), name="station_move"),
    path(
        "stations/<int:pk>/history/",
        lines_views.StationHistoryView.as_view(),
        name="station_history",
    ),
    path(
        "experimental-fields/",
        lines_views.ExperimentalFieldListView.as_view(),
        name="experimentalfield_list",
    ),
    path(
        "experimental-fields/add/",
        lines_views.ExperimentalFieldEditView.as_view(),
        name="experimentalfield_add",
    ),
    path(
        "experimental-fields/<int:pk>/",
        lines_views.ExperimentalFieldDetailView.as_view(),
        name="experimentalfield_detail",
    ),
    path(
        "experimental-fields/<int:pk>/edit/",
        lines_views.ExperimentalFieldEditView.as_view(),
        name="experimentalfield_edit",
    ),
    path(
        "experimental-fields/<int:pk>/delete/",
        lines_views.ExperimentalFieldDeleteView.as_view(),
        name="experimentalfield_delete",
    ),
    path(
        "experimental-fields/<int:pk>/history/",
        lines_views.ExperimentalFieldHistoryView.as_view(),
        name="experimentalfield_history",
    ),
    path(
        "field-log-entries/add/",
        lines_views.FieldLogEntryEditView.as_view(),
        name="fieldlogentry_add",
    ),
    path(
        "field-log-entries/<int:pk>/edit/",
        lines_views.FieldLogEntryEditView.as_view(),
        name="fieldlogentry_edit",
    ),
    path(
        "field-log-entries/<int:pk>/delete/",
        lines_views.FieldLogEntryDeleteView.as_view(),
        name="fieldlogentry_delete",
    ),
    path(
        "field-log-entries/<int:pk>/history/",
        lines_views.FieldLogEntryHistoryView.as_view(),
        name="fieldlogentry_history",
    ),
]
