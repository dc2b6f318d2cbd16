from django.urls import path  # noqa: F401

app_name = "national"

# Each area keeps its routes in its own section.
urlpatterns = []

# -- board --
from gexin.national.views import board as board_views  # noqa: E402

urlpatterns += [
    path("national/board/", board_views.BoardView.as_view(), name="board"),
    path(
        "national/key-enterprises/",
        board_views.KeyEnterpriseListView.as_view(),
        name="keyenterprise_list",
    ),
    path(
        "national/key-enterprises/add/",
        board_views.KeyEnterpriseEditView.as_view(),
        name="keyenterprise_add",
    ),
    path(
        "national/key-enterprises/<int:pk>/",
        board_views.KeyEnterpriseDetailView.as_view(),
        name="keyenterprise_detail",
    ),
    path(
        "national/key-enterprises/<int:pk>/edit/",
        board_views.KeyEnterpriseEditView.as_view(),
        name="keyenterprise_edit",
    ),
    path(
        "national/key-enterprises/<int:pk>/delete/",
        board_views.KeyEnterpriseDeleteView.as_view(),
        name="keyenterprise_delete",
    ),
    path(
        "national/key-enterprises/<int:pk>/history/",
        board_views.KeyEnterpriseHistoryView.as_view(),
        name="keyenterprise_history",
    ),
]

# -- equipment --
from gexin.national.views import equipment as equipment_views  # noqa: E402

urlpatterns += [
    path("equipment/", equipment_views.EquipmentListView.as_view(), name="equipment_list"),
    path("equipment/add/", equipment_views.EquipmentEditView.as_view(), name="equipment_add"),
    path("equipment/restarts/", equipment_views.RestartsView.as_view(), name="equipment_restarts"),
    path(
        "equipment/utilisation/",
        equipment_views.UtilisationView.as_view(),
        name="equipment_utilisation",
    ),
    path(
        "equipment/<int:pk>/",
        equipment_views.EquipmentDetailView.as_view(),
        name="equipment_detail",
    ),
    path(
        "equipment/<int:pk>/edit/",
        equipment_views.EquipmentEditView.as_view(),
        name="equipment_edit",
    ),
    path(
        "equipment/<int:pk>/delete/",
        equipment_views.EquipmentDeleteView.as_view(),
        name="equipment_delete",
    ),
    path(
        "equipment/<int:pk>/history/",
        equipment_views.EquipmentHistoryView.as_view(),
        name="equipment_history",
    ),
    path(
        "equipment/<int:pk>/status/",
        equipment_views.EquipmentStatusView.as_view(),
        name="equipment_status",
    ),
]

# -- quality --
from gexin.national.views import quality as quality_views  # noqa: E402


def quality_routes(model, plural, name):
    """The list, add, detail, edit, delete and history routes of <name>…View."""

    def view(kind):
        return getattr(quality_views, f"{name}{kind}View").as_view()

    return [
        path(f"{plural}/", view("List"), name=f"{model}_list"),
        path(f"{plural}/add/", view("Edit"), name=f"{model}_add"),
        path(f"{plural}/<int:pk>/", view("Detail"), name=f"{model}_detail"),
        path(f"{plural}/<int:pk>/edit/", view("Edit"), name=f"{model}_edit"),
        path(f"{plural}/<int:pk>/delete/", view("Delete"), name=f"{model}_delete"),
        path(f"{plural}/<int:pk>/history/", view("History"), name=f"{model}_history"),
    ]


urlpatterns += [
    *quality_routes("productstandard", "quality/standards", "ProductStandard"),
    path(
        "quality/inspections/import/",
        quality_views.InspectionImportView.as_view(),
        name="inspection_import",
    ),
    *quality_routes("inspection", "quality/inspections", "Inspection"),
    path("quality/rates/", quality_views.QualityRatesView.as_view(), name="quality_rates"),
]

# -- transfers --
from gexin.national.views import transfers  # noqa: E402

urlpatterns += [
    path("transfer-plans/", transfers.TransferPlanListView.as_view(), name="transferplan_list"),
    path("transfer-plans/add/", transfers.TransferPlanEditView.as_view(), name="transferplan_add"),
    path(
        "transfer-plans/<int:pk>/",
        transfers.TransferPlanDetailView.as_view(),
        name="transferplan_detail",
    ),
    path(
        "transfer-plans/<int:pk>/edit/",
        transfers.TransferPlanEditView.as_view(),
        name="transferplan_edit",
    ),
    path(
        "transfer-plans/<int:pk>/delete/",
        transfers.TransferPlanDeleteView.as_view(),
        name="transferplan_delete",
    ),
    path(
        "transfer-plans/<int:pk>/history/",
        transfers.TransferPlanHistoryView.as_view(),
        name="transferplan_history",
    ),
    path(
        "transfer-plans/<int:pk>/solve/",
        transfers.TransferPlanMoveView.as_view(move="solve"),
        name="transfer_plan_solve",
    ),
    path(
        "transfer-plans/<int:pk>/adopt/",
        transfers.TransferPlanMoveView.as_view(move="adopt"),
        name="transfer_plan_adopt",
    ),
]
for _name, _edit, _delete in (
    ("transfersupply", transfers.TransferSupplyEditView, transfers.TransferSupplyDeleteView),
    ("transferdemand", transfers.TransferDemandEditView, transfers.TransferDemandDeleteView),
    ("transferroute", transfers.TransferRouteEditView, transfers.TransferRouteDeleteView),
):
    _path = {
        "transfersupply": "transfer-supplies",
        "transferdemand": "transfer-demands",
        "transferroute": "transfer-routes",
    }[_name]
    urlpatterns += [
        path(f"{_path}/add/", _edit.as_view(), name=f"{_name}_add"),
        path(f"{_path}/<int:pk>/edit/", _edit.as_view(), name=f"{_name}_edit"),
        path(f"{_path}/<int:pk>/delete/", _delete.as_view(), name=f"{_name}_delete"),
    ]
urlpatterns += [
    path("shipments/", transfers.ShipmentListView.as_view(), name="shipment_list"),
    path("shipments/add/", transfers.ShipmentEditView.as_view(), name="shipment_add"),
    path("shipments/<int:pk>/", transfers.ShipmentDetailView.as_view(), name="shipment_detail"),
    path("shipments/<int:pk>/edit/", transfers.ShipmentEditView.as_view(), name="shipment_edit"),
    path(
        "shipments/<int:pk>/delete/",
        transfers.ShipmentDeleteView.as_view(),
        name="shipment_delete",
    ),
    path(
        "shipments/<int:pk>/history/",
        transfers.ShipmentHistoryView.as_view(),
        name="shipment_history",
    ),
]
