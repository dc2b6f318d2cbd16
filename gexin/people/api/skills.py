"""REST API of the skills area.

`/api/v1/skills/`: operations and machines of a unit's matrix (`unit` by code; `?unit=`
lists those a unit's matrix shows, `?within=` those of a subtree).
`/api/v1/skill-levels/`: a person's level (1-4) in a skill (`person` by employee number,
`skill` by id); person and skill are fixed once saved.
`/api/v1/grade-changes/`: skill-grade history; the person's grade follows the newest.
`/api/v1/assessments/`: grade exams and skill assessments; a passed exam gives its grade
change (read-only `grade_change`), a passed assessment raises the level.
`GET /api/v1/skill-matrix/?unit=<code>`: people × skills with their levels.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from gexin.core.permissions import has_action_anywhere
from gexin.org.api import Conflict, GexinViewSet, ScopedSlugField, as_drf_error
from gexin.org.models import Person, Unit
from gexin.people import skills
from gexin.people.filtersets.skills import (
    AssessmentFilterSet,
    GradeChangeFilterSet,
    SkillFilterSet,
    SkillLevelFilterSet,
)
from gexin.people.models import (
    Assessment,
    GradeChange,
    Skill,
    SkillKind,
    SkillLevel,
    SkillLevelValue,
)


class VisibleSkillField(serializers.PrimaryKeyRelatedField):
    """A skill by id, among those the caller sees."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Skill.objects.none()
        return Skill.objects.restrict(request.user, "view").select_related("unit")


def person_field(perm_model):
    return ScopedSlugField(
        f"people.add_{perm_model}",
        f"people.change_{perm_model}",
        slug_field="employee_number",
        queryset=Person.objects.all(),
        help_text=_("Employee number of the person (one whose records you keep)."),
    )


class FixedPersonMixin:
    """The person (and other fields in `fixed`) of a stored record cannot change."""

    fixed = ("person",)

    def check_fixed(self, attrs):
        if self.instance is None:
            return
        for name in self.fixed:
            if name in attrs and attrs[name] != getattr(self.instance, name):
                raise serializers.ValidationError(
                    {name: _("Fixed once saved: delete the record and create a new one.")}
                )

    def run_clean(self, instance):
        try:
            instance.clean()
        except DjangoValidationError as error:
            raise as_drf_error(error) from None


class SkillSerializer(FixedPersonMixin, serializers.ModelSerializer):
    fixed = ()
    unit = ScopedSlugField(
        "people.add_skill",
        "people.change_skill",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the unit whose matrix lists the skill."),
    )
    display = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = Skill
        fields = [
            "id",
            "unit",
            "code",
            "name",
            "name_zh",
            "display",
            "kind",
            "position",
            "description",
            "is_active",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["is_illustrative", "source", "created", "last_updated"]
        validators = []  # the code once per unit is checked in validate()

    def validate(self, attrs):
        skill = Skill(**{**self.current(), **attrs})
        if self.instance is not None:
            skill.pk = self.instance.pk
        self.run_clean(skill)
        return attrs

    def current(self):
        if self.instance is None:
            return {}
        return {"unit": self.instance.unit, "code": self.instance.code}


class SkillLevelSerializer(FixedPersonMixin, serializers.ModelSerializer):
    fixed = ("person", "skill")
    person = person_field("skilllevel")
    skill = VisibleSkillField(help_text=_("Id of the skill."))
    skill_code = serializers.CharField(source="skill.code", read_only=True)
    level_label = serializers.CharField(read_only=True)
    assessed_by = ScopedSlugField(
        "org.view_person",
        slug_field="employee_number",
        queryset=Person.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Employee number of the assessor."),
    )

    class Meta:
        model = SkillLevel
        fields = [
            "id",
            "person",
            "skill",
            "skill_code",
            "level",
            "level_label",
            "assessed_on",
            "assessed_by",
            "note",
            "is_illustrative",
            "created",
            "last_updated",
        ]
        read_only_fields = ["is_illustrative", "created", "last_updated"]
        validators = []  # one level per person and skill, checked in validate()

    def validate(self, attrs):
        self.check_fixed(attrs)
        level = SkillLevel(
            **{
                "person": getattr(self.instance, "person", None),
                "skill": getattr(self.instance, "skill", None),
                **attrs,
            }
        )
        if self.instance is not None:
            level.pk = self.instance.pk
        if level.person is not None and level.skill is not None:
            self.run_clean(level)
        return attrs


class GradeChangeSerializer(FixedPersonMixin, serializers.ModelSerializer):
    person = person_field("gradechange")
    grade_label = serializers.CharField(read_only=True)

    class Meta:
        model = GradeChange
        fields = [
            "id",
            "person",
            "grade",
            "grade_label",
            "effective_on",
            "reason",
            "assessment",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["assessment", "is_illustrative", "source", "created", "last_updated"]

    def validate(self, attrs):
        self.check_fixed(attrs)
        if self.instance is not None and self.instance.assessment_id:
            for name in ("grade", "effective_on"):
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise serializers.ValidationError(
                        {name: _("This grade was given by a grade exam: correct the exam.")}
                    )
        return attrs

    def save_with(self, change):
        for key, value in self.validated_data.items():
            setattr(change, key, value)
        try:
            return skills.record_grade_change(change)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None

    def create(self, validated_data):
        return self.save_with(GradeChange())

    def update(self, instance, validated_data):
        return self.save_with(instance)


class AssessmentSerializer(FixedPersonMixin, serializers.ModelSerializer):
    person = person_field("assessment")
    skill = VisibleSkillField(required=False, allow_null=True, help_text=_("Id of the skill."))
    grade_change = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "person",
            "kind",
            "held_on",
            "grade_sought",
            "skill",
            "level_reached",
            "score",
            "result",
            "examiners",
            "note",
            "grade_change",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["is_illustrative", "source", "created", "last_updated"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_grade_change(self, assessment):
        """Id of the grade change a passed grade exam gave, or null."""
        change = getattr(assessment, "grade_change", None)
        return change.pk if change is not None else None

    def validate(self, attrs):
        self.check_fixed(attrs)
        return attrs

    def save_with(self, assessment):
        for key, value in self.validated_data.items():
            setattr(assessment, key, value)
        try:
            return skills.record_assessment(assessment)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None

    def create(self, validated_data):
        return self.save_with(Assessment())

    def update(self, instance, validated_data):
        # The one-to-one grade change was read with the instance: read it afresh.
        instance._state.fields_cache.pop("grade_change", None)
        saved = self.save_with(instance)
        saved._state.fields_cache.pop("grade_change", None)
        return saved


class SkillViewSet(GexinViewSet):
    """Operations and machines listed in the units' skills matrices."""

    queryset = Skill.objects.select_related("unit")
    serializer_class = SkillSerializer
    filterset_class = SkillFilterSet
    ordering_fields = ["code", "name", "position", "id"]
    ordering = ["unit__path", "kind", "position", "code"]


class SkillLevelViewSet(GexinViewSet):
    """People's levels in skills (1 learning … 4 can teach others)."""

    queryset = SkillLevel.objects.select_related("person", "skill", "assessed_by")
    serializer_class = SkillLevelSerializer
    filterset_class = SkillLevelFilterSet
    ordering_fields = ["level", "assessed_on", "id"]
    ordering = ["id"]


class GradeChangeViewSet(GexinViewSet):
    """Skill-grade history; the person's grade follows their newest change."""

    queryset = GradeChange.objects.select_related("person")
    serializer_class = GradeChangeSerializer
    filterset_class = GradeChangeFilterSet
    ordering_fields = ["effective_on", "grade", "id"]
    ordering = ["-effective_on", "-id"]

    def perform_destroy(self, instance):
        try:
            skills.delete_grade_change(instance)
        except DjangoValidationError as error:
            raise Conflict(" ".join(error.messages)) from None


class AssessmentViewSet(GexinViewSet):
    """Grade exams and skill assessments, passed or failed."""

    queryset = Assessment.objects.select_related("person", "skill", "grade_change")
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilterSet
    ordering_fields = ["held_on", "id"]
    ordering = ["-held_on", "-id"]

    def perform_destroy(self, instance):
        try:
            skills.delete_assessment(instance)
        except DjangoValidationError as error:
            raise Conflict(" ".join(error.messages)) from None


# The matrix


class MatrixSkillSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    name_zh = serializers.CharField()
    kind = serializers.CharField()
    unit = serializers.CharField(help_text=_("Code of the unit that lists the skill."))


@extend_schema_field(OpenApiTypes.OBJECT)
class LevelsField(serializers.JSONField):
    """{skill id: level}."""


class MatrixRowSerializer(serializers.Serializer):
    employee_number = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    skill_grade = serializers.IntegerField(allow_null=True)
    levels = LevelsField(
        help_text=_("Level (1-4) by skill id; a skill the person has no level in is left out."),
    )
    may_operate = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Ids of the machines worked alone or better.")
    )


class MatrixSerializer(serializers.Serializer):
    unit = serializers.CharField()
    skills = MatrixSkillSerializer(many=True)
    people = MatrixRowSerializer(many=True)


class SkillMatrixView(APIView):
    """The skills matrix of a unit: each active person of its subtree with their grade and
    their level in each skill the unit's matrix lists."""

    permission_classes = [IsAuthenticated]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        language = getattr(request.user, "language", "")
        if language:
            translation.activate(language)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "unit", OpenApiTypes.STR, description=_("Unit code; empty: your own unit.")
            )
        ],
        responses=MatrixSerializer,
    )
    def get(self, request):
        from gexin.people.views.skills import matrix_too_large, matrix_unit

        if not has_action_anywhere(request.user, SkillLevel, "view"):
            raise PermissionDenied
        try:
            unit = matrix_unit(request.user, request.query_params.get("unit", "").strip())
        except Http404:
            raise NotFound(_("No unit with this code among those you see.")) from None
        if matrix_too_large(request.user, unit):
            raise Conflict(_("Too many people in this unit: ask for a unit under it."))
        matrix = skills.skill_matrix(unit, request.user)

        data = {
            "unit": unit.code,
            "skills": [
                {
                    "id": s.pk,
                    "code": s.code,
                    "name": s.name,
                    "name_zh": s.name_zh,
                    "kind": s.kind,
                    "unit": s.unit.code,
                }
                for s in matrix.skills
            ],
            "people": [
                {
                    "employee_number": row.person.employee_number,
                    "name": row.person.name,
                    "unit": row.person.unit.code,
                    "skill_grade": row.person.skill_grade,
                    "levels": {
                        str(cell.skill.pk): cell.level.level for cell in row.cells if cell.level
                    },
                    "may_operate": [
                        cell.skill.pk
                        for cell in row.cells
                        if cell.level
                        and cell.skill.kind == SkillKind.MACHINE
                        and cell.level.level >= SkillLevelValue.ALONE
                    ],
                }
                for row in matrix.rows
            ],
        }
        return Response(data)
