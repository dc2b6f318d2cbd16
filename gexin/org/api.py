"""REST API for units, people, roles and work types (`/api/v1/`)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, ProtectedError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.exceptions import APIException

from gexin.core.api import ScopedViewSet
from gexin.org import filtersets, services
from gexin.org.forms import DEACTIVATION_REFUSED
from gexin.org.models import Person, RoleAssignment, Unit, WorkType


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state of the record.")
    default_code = "conflict"


def as_drf_error(error):
    if hasattr(error, "message_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError(error.messages)


class ScopedSlugField(serializers.SlugRelatedField):
    """A related object by its code, limited on write to where the caller holds `perm`."""

    def __init__(self, perm_for_create, perm_for_change=None, **kwargs):
        self.perm_for_create = perm_for_create
        self.perm_for_change = perm_for_change or perm_for_create
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        model = self.queryset.model
        if request is None:
            return model.objects.none()
        instance = getattr(self.root, "instance", None)
        perm = self.perm_for_change if instance is not None else self.perm_for_create
        return model.objects.where_user_holds(request.user, perm)


class WorkTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkType
        fields = ["id", "code", "name", "name_zh", "created", "last_updated"]


_MISSING = object()
_TIMESTAMP = serializers.DateTimeField()


class UnitSerializer(serializers.ModelSerializer):
    parent = ScopedSlugField(
        "org.add_unit",
        slug_field="code",
        queryset=Unit.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Code of the parent unit; changing it moves the unit with its subtree."),
    )
    parent_id = serializers.IntegerField(read_only=True, allow_null=True)
    work_type = serializers.SlugRelatedField(
        slug_field="code", queryset=WorkType.objects.all(), required=False, allow_null=True
    )
    depth = serializers.IntegerField(read_only=True)
    child_count = serializers.IntegerField(source="numchild", read_only=True)
    display = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name",
            "name_zh",
            "display",
            "kind",
            "work_type",
            "parent",
            "parent_id",
            "depth",
            "child_count",
            "description",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]

    def to_representation(self, unit):
        """The same fields DRF would produce, built directly: lists serialise 50 units a page.

        Reads `parent_code` and `work_type_code` when the queryset annotates them, so a
        list needs no related objects. A test holds this equal to DRF's own output.
        """
        parent_code = getattr(unit, "parent_code", _MISSING)
        if parent_code is _MISSING:
            parent_code = unit.parent.code if unit.parent_id else None
        work_type_code = getattr(unit, "work_type_code", _MISSING)
        if work_type_code is _MISSING:
            work_type_code = unit.work_type.code if unit.work_type_id else None
        return {
            "id": unit.pk,
            "code": unit.code,
            "name": unit.name,
            "name_zh": unit.name_zh,
            "display": unit.display_name,
            "kind": unit.kind,
            "work_type": work_type_code,
            "parent": parent_code,
            "parent_id": unit.parent_id,
            "depth": unit.depth,
            "child_count": unit.numchild,
            "description": unit.description,
            "is_illustrative": unit.is_illustrative,
            "source": unit.source,
            "created": _TIMESTAMP.to_representation(unit.created),
            "last_updated": _TIMESTAMP.to_representation(unit.last_updated),
        }

    def validate(self, attrs):
        kind = attrs.get("kind", getattr(self.instance, "kind", None))
        parent = attrs["parent"] if "parent" in attrs else getattr(self.instance, "parent", None)
        request = self.context["request"]
        makes_root = self.instance is None or self.instance.parent_id is not None
        if parent is None and not request.user.is_superuser and makes_root:
            raise serializers.ValidationError(
                {"parent": _("Only a superuser may create or move a root unit.")}
            )
        try:
            services.check_placement(kind, parent, self.instance)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return attrs

    def create(self, validated_data):
        parent = validated_data.pop("parent", None)
        try:
            return services.create_unit(parent, **validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None

    def update(self, instance, validated_data):
        parent = validated_data.pop("parent", instance.parent)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        try:
            instance.full_clean(exclude=["path", "depth", "numchild", "parent"])
            return services.save_unit(instance, parent)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None


class PersonSerializer(serializers.ModelSerializer):
    unit = ScopedSlugField(
        "org.add_person",
        "org.change_person",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the person's home unit."),
    )
    unit_id = serializers.IntegerField(read_only=True)
    display = serializers.CharField(source="display_name", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True, allow_null=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "employee_number",
            "name",
            "name_latin",
            "display",
            "unit",
            "unit_id",
            "skill_grade",
            "date_joined",
            "is_union_member",
            "is_active",
            "username",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]

    def validate_is_active(self, is_active):
        person = self.instance
        deactivating = person is not None and person.is_active and not is_active
        if deactivating and services.holds_roles_beyond(self.context["request"].user, person):
            raise serializers.ValidationError(DEACTIVATION_REFUSED)
        return is_active


class RoleAssignmentSerializer(serializers.ModelSerializer):
    person = ScopedSlugField(
        "org.view_person",
        slug_field="employee_number",
        queryset=Person.objects.all(),
        help_text=_("Employee number of the person."),
    )
    unit = ScopedSlugField(
        "org.add_roleassignment",
        "org.change_roleassignment",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the unit the role is held on."),
    )
    person_id = serializers.IntegerField(read_only=True)
    unit_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = RoleAssignment
        fields = [
            "id",
            "person",
            "person_id",
            "unit",
            "unit_id",
            "role",
            "since",
            "created",
            "last_updated",
        ]
        validators = []

    def validate(self, attrs):
        person = attrs.get("person", getattr(self.instance, "person", None))
        unit = attrs.get("unit", getattr(self.instance, "unit", None))
        role = attrs.get("role", getattr(self.instance, "role", None))
        clash = RoleAssignment.objects.filter(person=person, unit=unit, role=role)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(
                _("This person already holds this role on this unit.")
            )
        return attrs


class GexinViewSet(ScopedViewSet):
    def perform_destroy(self, instance):
        try:
            super().perform_destroy(instance)
        except ProtectedError:
            raise Conflict(_("Other records refer to this one; it cannot be deleted.")) from None


unit_lookup = OpenApiParameter(
    "id", OpenApiTypes.STR, OpenApiParameter.PATH, description=_("Numeric id or the unit's code.")
)


@extend_schema_view(
    retrieve=extend_schema(parameters=[unit_lookup]),
    update=extend_schema(parameters=[unit_lookup]),
    partial_update=extend_schema(parameters=[unit_lookup]),
    destroy=extend_schema(parameters=[unit_lookup]),
)
class UnitViewSet(GexinViewSet):
    """Units of the tree; `{id}` may be the numeric id or the unit's code."""

    queryset = Unit.objects.annotate(
        parent_code=F("parent__code"), work_type_code=F("work_type__code")
    )
    serializer_class = UnitSerializer
    filterset_class = filtersets.UnitFilterSet
    ordering_fields = ["name", "code", "path", "kind"]
    ordering = ["path"]
    lookup_value_regex = "[^/]+"

    def get_object(self):
        value = self.kwargs["pk"]
        lookup = {"pk": int(value)} if filtersets.is_number(value) else {"code": value}
        obj = self.get_queryset().filter(**lookup).first()
        if obj is None:
            raise Http404
        self.check_object_permissions(self.request, obj)
        return obj

    def perform_destroy(self, instance):
        if instance.numchild:
            raise Conflict(_("The unit has sub-units; move or delete them first."))
        super().perform_destroy(instance)


class PersonViewSet(GexinViewSet):
    queryset = Person.objects.select_related("unit", "user")
    serializer_class = PersonSerializer
    filterset_class = filtersets.PersonFilterSet
    ordering_fields = ["name", "employee_number", "date_joined", "skill_grade"]
    ordering = ["id"]


class RoleAssignmentViewSet(GexinViewSet):
    queryset = RoleAssignment.objects.select_related("person", "unit")
    serializer_class = RoleAssignmentSerializer
    filterset_class = filtersets.RoleAssignmentFilterSet
    ordering_fields = ["role", "since"]
    ordering = ["id"]


class WorkTypeViewSet(GexinViewSet):
    queryset = WorkType.objects.all()
    serializer_class = WorkTypeSerializer
    filterset_class = filtersets.WorkTypeFilterSet
    ordering_fields = ["name", "code"]
    ordering = ["name"]
