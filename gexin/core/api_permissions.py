"""API permission and pagination classes, named in REST_FRAMEWORK settings.

Kept apart from `gexin.core.api` because DRF imports its settings' classes while
its own views module loads; importing viewsets from here would be circular.
"""

from rest_framework import pagination, permissions

from gexin.core.permissions import has_action_anywhere

METHOD_ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class Pagination(pagination.PageNumberPagination):
    """Pages of 50 by default; `page_size` up to 1000."""

    page_size_query_param = "page_size"
    max_page_size = 1000


class ScopedPermission(permissions.BasePermission):
    """Signed in, and holding the method's action somewhere (and on the object, if any)."""

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        queryset = getattr(view, "queryset", None)
        if queryset is None:
            return True
        if view.kwargs.get(
            getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk")
        ):
            # A single object: found in view scope or 404, then checked for the action (403).
            return True
        action = METHOD_ACTIONS.get(request.method)
        if action is None:
            return False
        return has_action_anywhere(request.user, queryset.model, action)

    def has_object_permission(self, request, view, obj):
        action = METHOD_ACTIONS.get(request.method)
        if action is None:
            return False
        if action == "view":
            return True  # the object was found through the view-restricted queryset
        return view.get_queryset_for(action).filter(pk=obj.pk).exists()
