"""Routes of the REST API, `/api/v1/`. Each app adds its viewsets here."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from gexin.core.api_views import ObtainTokenView
from gexin.meetings import api as meetings_api
from gexin.org import api as org_api
from gexin.plans import api as plans_api

router = DefaultRouter()
router.register("units", org_api.UnitViewSet)
router.register("people", org_api.PersonViewSet)
router.register("roles", org_api.RoleAssignmentViewSet)
router.register("work-types", org_api.WorkTypeViewSet)
router.register("metrics", plans_api.MetricViewSet)
router.register("plans", plans_api.PlanViewSet)
router.register("pledges", plans_api.PledgeViewSet)
router.register("records", plans_api.RecordViewSet)
router.register("meetings", meetings_api.MeetingViewSet)
router.register("agenda-items", meetings_api.AgendaItemViewSet)
router.register("attendance", meetings_api.AttendanceViewSet)
router.register("minute-entries", meetings_api.MinuteEntryViewSet)
router.register("action-items", meetings_api.ActionItemViewSet)
router.register("proposals", meetings_api.ProposalViewSet)
router.register("proposal-deadlines", meetings_api.ProposalDeadlineViewSet)

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api_token"),
    path("fulfilment/", plans_api.FulfilmentView.as_view(), name="api_fulfilment"),
    *router.urls,
]
