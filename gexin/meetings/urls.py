from django.urls import path

from gexin.meetings import views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/add/", views.MeetingEditView.as_view(), name="meeting_add"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path("meetings/<int:pk>/delete/", views.MeetingDeleteView.as_view(), name="meeting_delete"),
    path("meetings/<int:pk>/history/", views.MeetingHistoryView.as_view(), name="meeting_history"),
    path("meetings/<int:pk>/publish/", views.MeetingPublishView.as_view(), name="meeting_publish"),
    path("meetings/<int:pk>/held/", views.MeetingHeldView.as_view(), name="meeting_held"),
    path(
        "meetings/<int:pk>/sign-off/", views.MeetingSignOffView.as_view(), name="meeting_sign_off"
    ),
    path("meetings/<int:pk>/cancel/", views.MeetingCancelView.as_view(), name="meeting_cancel"),
    path("meetings/<int:pk>/minutes/", views.MinutesView.as_view(), name="meeting_minutes"),
    path("meetings/<int:pk>/minutes.pdf", views.MeetingPdfView.as_view(), name="meeting_pdf"),
    path("agenda-items/add/", views.AgendaItemEditView.as_view(), name="agendaitem_add"),
    path("agenda-items/<int:pk>/edit/", views.AgendaItemEditView.as_view(), name="agendaitem_edit"),
    path(
        "agenda-items/<int:pk>/delete/",
        views.AgendaItemDeleteView.as_view(),
        name="agendaitem_delete",
    ),
    path("minute-entries/add/", views.MinuteEntryEditView.as_view(), name="minuteentry_add"),
    path(
        "minute-entries/<int:pk>/edit/",
        views.MinuteEntryEditView.as_view(),
        name="minuteentry_edit",
    ),
    path(
        "minute-entries/<int:pk>/delete/",
        views.MinuteEntryDeleteView.as_view(),
        name="minuteentry_delete",
    ),
    path(
        "attendance/<int:pk>/delete/",
        views.AttendanceDeleteView.as_view(),
        name="attendance_delete",
    ),
    path("action-items/", views.ActionItemListView.as_view(), name="actionitem_list"),
    path("action-items/add/", views.ActionItemEditView.as_view(), name="actionitem_add"),
    path("action-items/<int:pk>/", views.ActionItemDetailView.as_view(), name="actionitem_detail"),
    path("action-items/<int:pk>/edit/", views.ActionItemEditView.as_view(), name="actionitem_edit"),
    path(
        "action-items/<int:pk>/delete/",
        views.ActionItemDeleteView.as_view(),
        name="actionitem_delete",
    ),
    path(
        "action-items/<int:pk>/history/",
        views.ActionItemHistoryView.as_view(),
        name="actionitem_history",
    ),
    path("proposals/", views.ProposalListView.as_view(), name="proposal_list"),
    path("proposals/add/", views.ProposalEditView.as_view(), name="proposal_add"),
    path("proposals/figures/", views.ProposalFiguresView.as_view(), name="proposal_figures"),
    path("proposals/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal_detail"),
    path("proposals/<int:pk>/edit/", views.ProposalEditView.as_view(), name="proposal_edit"),
    path("proposals/<int:pk>/delete/", views.ProposalDeleteView.as_view(), name="proposal_delete"),
    path(
        "proposals/<int:pk>/history/",
        views.ProposalHistoryView.as_view(),
        name="proposal_history",
    ),
    path(
        "proposals/<int:pk>/dispose/",
        views.ProposalDisposeView.as_view(),
        name="proposal_dispose",
    ),
    path(
        "proposals/<int:pk>/implement/",
        views.ProposalImplementView.as_view(),
        name="proposal_implement",
    ),
    path(
        "proposals/<int:pk>/measure/",
        views.ProposalMeasureView.as_view(),
        name="proposal_measure",
    ),
    path("proposals/<int:pk>/award/", views.ProposalAwardView.as_view(), name="proposal_award"),
    path(
        "proposal-deadlines/",
        views.ProposalDeadlineListView.as_view(),
        name="proposaldeadline_list",
    ),
    path(
        "proposal-deadlines/add/",
        views.ProposalDeadlineEditView.as_view(),
        name="proposaldeadline_add",
    ),
    path(
        "proposal-deadlines/<int:pk>/",
        views.ProposalDeadlineDetailView.as_view(),
        name="proposaldeadline_detail",
    ),
    path(
        "proposal-deadlines/<int:pk>/edit/",
        views.ProposalDeadlineEditView.as_view(),
        name="proposaldeadline_edit",
    ),
    path(
        "proposal-deadlines/<int:pk>/delete/",
        views.ProposalDeadlineDeleteView.as_view(),
        name="proposaldeadline_delete",
    ),
    path(
        "proposal-deadlines/<int:pk>/history/",
        views.ProposalDeadlineHistoryView.as_view(),
        name="proposaldeadline_history",
    ),
    path("units/<int:pk>/meetings/panel/", views.UnitPanelView.as_view(), name="unit_panel"),
    path("units/<int:pk>/blackboard/", views.BlackboardView.as_view(), name="unit_blackboard"),
    path(
        "units/<int:pk>/blackboard.pdf",
        views.BlackboardView.as_view(),
        {"pdf": True},
        name="unit_blackboard_pdf",
    ),
]
