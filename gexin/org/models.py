"""Units and people: the tree from a ministry to a union group, and who holds which role."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from gexin.core.models import GexinModel
from gexin.core.permissions import under
from gexin.core.querysets import RestrictedQuerySet
from gexin.core.urls import object_url
from gexin.org.choices import Role, SkillGrade, UnitKind

code_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lower-case letters, digits and single hyphens, e.g. huaxin-machine-turning."),
)


def prefers_chinese():
    """True when the active language is Chinese, so Chinese names are shown first."""
    return (get_language() or "").startswith("zh")


class BilingualName(models.Model):
    """An English name and a Chinese one; pages show the one for the active language."""

    name = models.CharField(_("name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if prefers_chinese() and self.name_zh:
            return self.name_zh
        return self.name


class WorkType(BilingualName, GexinModel):
    """What a unit does (rolling, steelmaking, turning…); same-type units are compared."""

    code = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        validators=[
            RegexValidator(r"^[a-z0-9_]+$", _("Use lower-case letters, digits and underscores."))
        ],
    )

    # Work types are a shared catalogue: everyone signed in may read it.
    scope_path_lookup = None

    class Meta:
        ordering = ["name"]
        verbose_name = _("work type")
        verbose_name_plural = _("work types")

    def get_absolute_url(self):
        return object_url("org:worktype_detail", self.pk)


class UnitQuerySet(MP_NodeQuerySet, RestrictedQuerySet):
    """Tree-aware and scope-aware."""


class UnitManager(MP_NodeManager):
    def get_queryset(self):
        return UnitQuerySet(self.model, using=self._db).order_by("path")

    def restrict(self, user, action="view"):
        return self.get_queryset().restrict(user, action)

    def where_user_holds(self, user, perm):
        return self.get_queryset().where_user_holds(user, perm)


class Unit(GexinModel, MP_Node):
    """A node of the organisation: ministry, province, plant, workshop… union group.

    The materialised path (`path`) makes a subtree one indexed prefix query, which is
    how roles held on a unit reach everything under it. `parent` is kept beside the
    path so that lists can show parents without extra queries.
    """

    code = models.SlugField(
        _("code"),
        max_length=100,
        unique=True,
        validators=[code_validator],
        help_text=_("Stable identifier used by imports and the API, e.g. huaxin-machine-turning."),
    )
    name = models.CharField(_("name"), max_length=200, db_index=True)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    work_type = models.ForeignKey(
        WorkType,
        verbose_name=_("work type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="children",
    )
    description = models.TextField(_("description"), blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Invented to complete the demo, not stated in the source documents."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    scope_path_lookup = "path"
    # Tree bookkeeping changes with every move; the audit keeps the parent instead.
    audit_exclude = ("created", "last_updated", "path", "depth", "numchild")

    objects = UnitManager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    @property
    def display_name(self):
        if prefers_chinese() and self.name_zh:
            return self.name_zh
        return self.name

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return object_url("org:unit_detail", self.pk)

    @property
    def kind_label(self):
        """The kind in the active language (a dict lookup; get_kind_display() is slower)."""
        return UnitKind(self.kind).label

    @property
    def rank(self):
        return UnitKind.rank(self.kind)

    def subtree(self):
        """This unit and everything under it."""
        return Unit.objects.filter(under("path", self.path))

    def ancestor_paths(self):
        """The paths of this unit's ancestors, root first."""
        return [self.path[:end] for end in range(self.steplen, len(self.path), self.steplen)]

    def lineage(self):
        """Ancestors root first (one query)."""
        return list(Unit.objects.filter(path__in=self.ancestor_paths()).order_by("depth"))


class PersonQuerySet(RestrictedQuerySet):
    def search(self, text):
        """People whose name, transliteration or employee number contains the text."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            models.Q(name__icontains=text)
            | models.Q(name_latin__icontains=text)
            | models.Q(employee_number__iexact=text)
        )


class Person(GexinModel):
    """A worker or cadre, with a home unit, a skill grade and union membership."""

    employee_number = models.CharField(
        _("employee number"),
        max_length=30,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9_.\-/]*$", _("Letters, digits and - _ . / only.")
            )
        ],
    )
    name = models.CharField(pgettext_lazy("of a person", "name"), max_length=100, db_index=True)
    name_latin = models.CharField(
        _("name in Latin letters"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("Pinyin or other transliteration, shown in the English interface."),
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("home unit"), on_delete=models.PROTECT, related_name="people"
    )
    # The home unit's tree path, copied here so that scoped lists filter and sort on
    # one index of this table (kept in step by save() and org.services.save_unit).
    unit_path = models.CharField(max_length=255, editable=False, default="", db_index=True)
    skill_grade = models.PositiveSmallIntegerField(
        _("skill grade"), choices=SkillGrade.choices, null=True, blank=True
    )
    date_joined = models.DateField(_("date joined"), null=True, blank=True)
    is_union_member = models.BooleanField(_("union member"), default=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Clear when the person leaves the unit's staff.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    scope_path_lookup = "unit_path"
    audit_exclude = ("created", "last_updated", "unit_path")

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["unit_path", "name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["unit", "name"]),
            models.Index(fields=["unit_path", "name"]),
        ]

    @property
    def display_name(self):
        if not prefers_chinese() and self.name_latin:
            return f"{self.name_latin} ({self.name})"
        return self.name

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        unit = self.unit
        self.unit_path = unit.path if unit.path else Unit.objects.get(pk=unit.pk).path
        super().save(*args, **kwargs)
        if not self.is_active and self.user_id is not None:
            self.disable_account()

    def disable_account(self):
        """Someone who left the staff cannot sign in: disabling the account ends its
        sessions and API tokens (gexin.core.security). Setting a new password on the
        account page enables it again."""
        account = self.user
        if account.is_active:
            account.is_active = False
            account.save(update_fields=["is_active"])

    def get_absolute_url(self):
        return object_url("org:person_detail", self.pk)

    @property
    def skill_grade_label(self):
        return SkillGrade(self.skill_grade).label if self.skill_grade is not None else ""


class RoleAssignment(GexinModel):
    """A role held by a person on a unit; it grants actions on the unit's subtree."""

    # A person with roles cannot be deleted: each role is removed on its own (audited,
    # and only by someone whose scope covers its unit).
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="roles"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        ordering = ["unit__path", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "unit", "role"], name="org_role_once_per_unit"
            )
        ]

    def __str__(self):
        return f"{self.person} · {self.get_role_display()} · {self.unit}"

    def get_absolute_url(self):
        return object_url("org:roleassignment_detail", self.pk)

    @property
    def role_label(self):
        return Role(self.role).label
