"""API base classes: scoped viewsets, permissions and pagination.

The API follows the UI's rules: lists hold only what the caller may view, an object
outside the caller's scope is 404, a missing right 403, no credentials 401; writes
are re-checked after saving, inside the transaction, so nothing lands out of scope.
"""

import contextlib

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.response import Response

from gexin.core import concurrency


class PreconditionFailed(APIException):
    """412: If-Match does not name the object's current version."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = concurrency.STALE_ETAG
    default_code = "precondition_failed"

    def __init__(self, current_etag):
        super().__init__({"detail": concurrency.STALE_ETAG, "current_etag": current_etag or ""})
        self.current_etag = current_etag


class PreconditionFailedSerializer(serializers.Serializer):
    """The body of a 412 answer."""

    detail = serializers.CharField()
    current_etag = serializers.CharField(help_text=_("The ETag of the stored version."))


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=_(
        "The ETag of the version your change is based on. When the stored object has "
        "changed since, nothing is saved and the answer is 412. Without it the change "
        "applies to whatever is stored."
    ),
)


class ScopedViewSet(viewsets.ModelViewSet):
    """A model viewset whose every query is restricted to the caller's scope.

    An object answer carries an ETag of the stored version; GET honours If-None-Match
    (304) and PUT, PATCH and DELETE honour If-Match (412), checked with the row locked
    in the transaction that saves, so two writes based on one version cannot both pass.
    """

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
        from rest_framework.response import Response

        from gexin.core import versioning

        if not settings.GEXIN_FRAGMENT_CACHE:
            return super().list(request, *args, **kwargs)
        data = versioning.cached_value(
            request,
            f"api-list:{self.queryset.model._meta.label_lower}",
            (request.build_absolute_uri("/"), sorted(request.query_params.lists())),
            lambda: super(ScopedViewSet, self).list(request, *args, **kwargs).data,
        )
        return Response(data)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        etag = concurrency.etag_of(instance)
        data = None
        if etag is None:  # a model without last_updated: the tag is of its representation
            data = self.get_serializer(instance).data
            etag = concurrency.etag_of(instance, data)
        if self.none_match(etag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        if data is None:
            data = self.get_serializer(instance).data
        return Response(data, headers={"ETag": etag})

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        with self.conditional_write():
            instance = self.get_object_to_write()
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            self.perform_update(serializer)
        if getattr(instance, "_prefetched_objects_cache", None):
            instance._prefetched_objects_cache = {}
        data = serializer.data
        etag = concurrency.etag_of(serializer.instance, data)
        return Response(data, headers={"ETag": etag} if etag else None)

    def destroy(self, request, *args, **kwargs):
        with self.conditional_write():
            self.perform_destroy(self.get_object_to_write())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def conditional_write(self):
        """The transaction a write with If-Match runs in, from the check to the save."""
        if "If-Match" in self.request.headers:
            return transaction.atomic()
        return contextlib.nullcontext()

    def get_object_to_write(self):
        """The object of the URL; with If-Match, locked and refused (412) when stale.

        Call inside `conditional_write()`.
        """
        instance = self.get_object()
        header = self.request.headers.get("If-Match")
        if header is None:
            return instance
        concurrency.lock(instance)
        self.check_if_match(instance, header)
        return instance

    def check_if_match(self, instance, header):
        """Refuse (412) unless `header` names the current version of the stored `instance`."""
        etag = concurrency.etag_of(instance)
        if etag is None:
            etag = concurrency.etag_of(instance, self.get_serializer(instance).data)
        if not concurrency.if_match_passes(header, etag):
            raise PreconditionFailed(etag)

    def none_match(self, etag):
        """Whether If-None-Match names `etag`: the client's copy is current (304)."""
        header = self.request.headers.get("If-None-Match")
        return header is not None and concurrency.if_none_match_hits(header, etag)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, PreconditionFailed) and exc.current_etag:
            response["ETag"] = exc.current_etag
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            200 <= response.status_code < 300
            and not response.has_header("ETag")
            and request.method != "DELETE"
        ):
            etag = self.etag_of_answer(getattr(response, "data", None))
            if etag:
                response["ETag"] = etag
        return response

    def etag_of_answer(self, data):
        """The ETag of an object answered by create or a workflow action, or None.

        Only an answer that is the object of the URL (or the one just created) and shows
        its own `last_updated` gets one, so the tag never claims a version the body
        does not show.
        """
        model = self.queryset.model
        if not isinstance(data, dict) or "id" not in data:
            return None
        if self.action == "create":
            created = getattr(self, "created_object", None)
            if created is not None and created.pk == data["id"]:
                return concurrency.etag_of(created, data)
        else:
            lookup = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
            if not getattr(self, "detail", False) or str(data["id"]) != str(lookup):
                return None
        return concurrency.etag_from_representation(model, data)

    def perform_create(self, serializer):
        with transaction.atomic():
            obj = self.save_new(serializer)
            self.check_still_in_scope(obj, "add")
        self.created_object = obj

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


def declare_conditional_requests(result, generator, **kwargs):
    """Schema hook: the If-Match header and the 412 answer of every PUT, PATCH and
    DELETE of a scoped viewset, and the ETag header of its object answers."""
    etag_header = {
        "schema": {"type": "string"},
        "description": str(_("The version of the object, for If-Match and If-None-Match.")),
    }
    if_match = {
        "in": "header",
        "name": IF_MATCH.name,
        "schema": {"type": "string"},
        "description": str(IF_MATCH.description),
    }
    body = {"schema": {"$ref": "#/components/schemas/PreconditionFailed"}}
    answer = {
        "content": {"application/json": body},
        "description": str(_("The object changed since the version named in If-Match.")),
    }
    written = False
    for path, _regex, method, callback in generator.endpoints:
        cls = getattr(callback, "cls", None)
        action = (getattr(callback, "actions", None) or {}).get(method.lower())
        if cls is None or not issubclass(cls, ScopedViewSet) or action is None:
            continue
        coerced = generator.coerce_path(path, method, generator.create_view(callback, method))
        operation = result["paths"].get(coerced, {}).get(method.lower())
        if operation is None:
            continue
        if action in ("update", "partial_update", "destroy"):
            parameters = operation.setdefault("parameters", [])
            if not any(p.get("name", "").lower() == "if-match" for p in parameters):
                parameters.append(dict(if_match))
            operation["responses"].setdefault("412", answer)
            written = True
        if action in ("retrieve", "update", "partial_update", "create"):
            for code in ("200", "201"):
                if code in operation["responses"]:
                    operation["responses"][code].setdefault("headers", {})["ETag"] = etag_header
    if written:
        result.setdefault("components", {}).setdefault("schemas", {}).setdefault(
            "PreconditionFailed",
            {
                "type": "object",
                "properties": {
                    "detail": {"type": "string"},
                    "current_etag": {
                        "type": "string",
                        "description": str(_("The ETag of the stored version.")),
                    },
                },
                "required": ["detail", "current_etag"],
            },
        )
    return result
