from django.urls import path

from gexin.org import views

app_name = "org"

urlpatterns = [
    path("units/", views.UnitTreeView.as_view(), name="unit_tree"),
    path("units/list/", views.UnitListView.as_view(), name="unit_list"),
    path("units/lookup/", views.UnitLookupView.as_view(), name="unit_lookup"),
    path("units/add/", views.UnitEditView.as_view(), name="unit_add"),
    path("units/code/<slug:code>/", views.unit_by_code, name="unit_by_code"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("units/<int:pk>/children/", views.UnitChildrenView.as_view(), name="unit_children"),
    path("units/<int:pk>/edit/", views.UnitEditView.as_view(), name="unit_edit"),
    path("units/<int:pk>/delete/", views.UnitDeleteView.as_view(), name="unit_delete"),
    path("units/<int:pk>/history/", views.UnitHistoryView.as_view(), name="unit_history"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/lookup/", views.PersonLookupView.as_view(), name="person_lookup"),
    path("people/add/", views.PersonEditView.as_view(), name="person_add"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("people/<int:pk>/edit/", views.PersonEditView.as_view(), name="person_edit"),
    path("people/<int:pk>/delete/", views.PersonDeleteView.as_view(), name="person_delete"),
    path("people/<int:pk>/account/", views.PersonAccountView.as_view(), name="person_account"),
    path("people/<int:pk>/history/", views.PersonHistoryView.as_view(), name="person_history"),
    path("roles/", views.RoleAssignmentListView.as_view(), name="roleassignment_list"),
    path("roles/add/", views.RoleAssignmentEditView.as_view(), name="roleassignment_add"),
    path("roles/<int:pk>/", views.RoleAssignmentDetailView.as_view(), name="roleassignment_detail"),
    path(
        "roles/<int:pk>/edit/", views.RoleAssignmentEditView.as_view(), name="roleassignment_edit"
    ),
    path(
        "roles/<int:pk>/delete/",
        views.RoleAssignmentDeleteView.as_view(),
        name="roleassignment_delete",
    ),
    path(
        "roles/<int:pk>/history/",
        views.RoleAssignmentHistoryView.as_view(),
        name="roleassignment_history",
    ),
    path("work-types/", views.WorkTypeListView.as_view(), name="worktype_list"),
    path("work-types/add/", views.WorkTypeEditView.as_view(), name="worktype_add"),
    path("work-types/<int:pk>/", views.WorkTypeDetailView.as_view(), name="worktype_detail"),
    path("work-types/<int:pk>/edit/", views.WorkTypeEditView.as_view(), name="worktype_edit"),
    path("work-types/<int:pk>/delete/", views.WorkTypeDeleteView.as_view(), name="worktype_delete"),
    path(
        "work-types/<int:pk>/history/", views.WorkTypeHistoryView.as_view(), name="worktype_history"
    ),
]
