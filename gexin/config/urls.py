from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from gexin.config.api_urls import urlpatterns as api_urlpatterns
from gexin.core import site_views

urlpatterns = [
    path("", site_views.home, name="home"),
    path("healthz", site_views.healthz, name="healthz"),
    path("accounts/login/", site_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/language/", site_views.set_language, name="set_language"),
    # Before the pages' hundreds of patterns, which an API request need not try first.
    path("api/v1/", include(api_urlpatterns)),
    path("", include("gexin.org.urls")),
    path("", include("gexin.plans.urls")),
    path("", include("gexin.meetings.urls")),
    path("", include("gexin.innovation.urls")),
    path("", include("gexin.competitions.urls")),
    path("", include("gexin.exchange.urls")),
    path("", include("gexin.national.urls")),
    path("", include("gexin.people.urls")),
    path("", include("gexin.core.notification_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    # The split view serves Swagger UI's start-up script as a file (?script): no inline script.
    path(
        "api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"
    ),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api_schema"), name="api_redoc"),
]

handler403 = "gexin.core.site_views.error_403"
handler404 = "gexin.core.site_views.error_404"
handler500 = "gexin.core.site_views.error_500"
