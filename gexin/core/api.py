"""API base classes: scoped viewsets, permissions and pagination.

The API follows the UI's rules: lists hold only what the caller may view, an object
outside the caller's scope is 404, a missing right 403, no credentials 401; writes
are re-checked after saving, inside the transaction, so nothing lands out of scope.
"""

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied


class ScopedViewSet(viewsets.ModelViewSet):
    """A model viewset whose every query is restricted to the caller's scope."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # The middleware opened the audit context before DRF read the token: name the
        # token's user now, so the history records who made an API change.
        from gexin.core.audit import current_context

        context = current_context()
        if context.actor is None and request.user.is_authenticated:
            context._actor = request.user
        # A token is read only now, after the middleware chose the language: apply the
        # account's own choice here too.
        language = getattr(request.user, "language", "")
        if language:
            translation.activate(language)
            request._request.LANGUAGE_CODE = translation.get_language()

    def get_queryset_for(self, action):
        return self.queryset.restrict(self.request.user, action)

    def get_queryset(self):
        return self.get_queryset_for("view")

    def list(self, request, *args, **kwargs):
        """The list, kept per scope, language, query and data version (core.versioning)."""
        from django.conf import settings
        from django.core.cache import cache
        from rest_framework.response import Response

        from gexin.core import versioning

        if not settings.GEXIN_FRAGMENT_CACHE:
            return super().list(request, *args, **kwargs)
        key = versioning.fragment_key(
            request,
            f"api-list:{self.queryset.model._meta.label_lower}",
            request.build_absolute_uri("/"),
            sorted(request.query_params.lists()),
        )
        data = cache.get(key)
        if data is None:
            data = super().list(request, *args, **kwargs).data
            cache.set(key, data, versioning.FRAGMENT_SECONDS)
        return Response(data)

    def perform_create(self, serializer):
        with transaction.atomic():
            obj = self.save_new(serializer)
            self.check_still_in_scope(obj, "add")

    def perform_update(self, serializer):
        with transaction.atomic():
            obj = self.save_existing(serializer)
            self.check_still_in_scope(obj, "change")

    def perform_destroy(self, instance):
        with transaction.atomic():
            instance.delete()

    def save_new(self, serializer):
        return serializer.save()

    def save_existing(self, serializer):
        return serializer.save()

    def check_still_in_scope(self, obj, action):
        if not self.get_queryset_for(action).filter(pk=obj.pk).exists():
            raise PermissionDenied(
                _("The result would lie outside the units you are responsible for.")
            )
