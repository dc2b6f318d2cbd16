"""Routes of the REST API, `/api/v1/`. Each app adds its viewsets here."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from gexin.core.api_views import ObtainTokenView
from gexin.org import api as org_api

router = DefaultRouter()
router.register("units", org_api.UnitViewSet)
router.register("people", org_api.PersonViewSet)
router.register("roles", org_api.RoleAssignmentViewSet)
router.register("work-types", org_api.WorkTypeViewSet)

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api_token"),
    *router.urls,
]
