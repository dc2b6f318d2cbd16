from django.urls import path

from gexin.plans import fulfilment_views, views

app_name = "plans"

urlpatterns = [
    path("metrics/", views.MetricListView.as_view(), name="metric_list"),
    path("metrics/add/", views.MetricEditView.as_view(), name="metric_add"),
    path("metrics/<int:pk>/", views.MetricDetailView.as_view(), name="metric_detail"),
    path("metrics/<int:pk>/edit/", views.MetricEditView.as_view(), name="metric_edit"),
    path("metrics/<int:pk>/delete/", views.MetricDeleteView.as_view(), name="metric_delete"),
    path("metrics/<int:pk>/history/", views.MetricHistoryView.as_view(), name="metric_history"),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/add/", views.PlanEditView.as_view(), name="plan_add"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", views.PlanEditView.as_view(), name="plan_edit"),
    path("plans/<int:pk>/delete/", views.PlanDeleteView.as_view(), name="plan_delete"),
    path("plans/<int:pk>/history/", views.PlanHistoryView.as_view(), name="plan_history"),
    path("plans/<int:pk>/targets/", views.PlanTargetsView.as_view(), name="plan_targets"),
    path("plans/<int:pk>/adopt/", views.PlanAdoptView.as_view(), name="plan_adopt"),
    path("plans/<int:pk>/assemble/", views.PlanAssembleView.as_view(), name="plan_assemble"),
    path("plans/<int:pk>/breakdown/", views.PlanBreakdownView.as_view(), name="plan_breakdown"),
    path("pledges/", views.PledgeListView.as_view(), name="pledge_list"),
    path("pledges/add/", views.PledgeEditView.as_view(), name="pledge_add"),
    path("pledges/<int:pk>/", views.PledgeDetailView.as_view(), name="pledge_detail"),
    path("pledges/<int:pk>/edit/", views.PledgeEditView.as_view(), name="pledge_edit"),
    path("pledges/<int:pk>/delete/", views.PledgeDeleteView.as_view(), name="pledge_delete"),
    path("pledges/<int:pk>/history/", views.PledgeHistoryView.as_view(), name="pledge_history"),
    path("conditions/add/", views.ConditionEditView.as_view(), name="condition_add"),
    path("conditions/<int:pk>/edit/", views.ConditionEditView.as_view(), name="condition_edit"),
    path(
        "conditions/<int:pk>/delete/",
        views.ConditionDeleteView.as_view(),
        name="condition_delete",
    ),
    path("records/", views.RecordListView.as_view(), name="record_list"),
    path("records/entry/", views.RecordGridView.as_view(), name="record_grid"),
    path("records/import/", views.RecordImportView.as_view(), name="record_import"),
    path("records/<int:pk>/delete/", views.RecordDeleteView.as_view(), name="record_delete"),
    path("records/batches/", views.ImportBatchListView.as_view(), name="importbatch_list"),
    path(
        "records/batches/<int:pk>/",
        views.ImportBatchDetailView.as_view(),
        name="importbatch_detail",
    ),
    path(
        "units/<int:pk>/fulfilment/",
        fulfilment_views.UnitFulfilmentView.as_view(),
        name="unit_fulfilment",
    ),
    path(
        "units/<int:pk>/fulfilment/panel/",
        fulfilment_views.UnitFulfilmentPanelView.as_view(),
        name="unit_fulfilment_panel",
    ),
]
