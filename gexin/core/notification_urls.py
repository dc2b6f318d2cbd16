from django.urls import path

from gexin.core import notification_views

urlpatterns = [
    path("notifications/", notification_views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/", notification_views.notification_open, name="notification_open"),
    path(
        "notifications/read-all/",
        notification_views.notification_read_all,
        name="notification_read_all",
    ),
]
