"""Forms for units, people and roles.

Units and people are chosen by typing a code or an employee number, with suggestions
fetched as one types: a select of ten thousand units is of no use on a phone.
"""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from gexin.core.forms import ScopedModelForm
from gexin.org.models import Person, RoleAssignment, Unit, WorkType
from gexin.org.services import check_placement, holds_roles_beyond

DEACTIVATION_REFUSED = _(
    "This person holds roles you may not assign; only an administrator over all of them "
    "may mark the person as inactive."
)


class LookupInput(forms.TextInput):
    """A text input that suggests matches from a lookup URL as the user types."""

    template_name = "org/widgets/lookup_input.html"

    def __init__(self, lookup_url, attrs=None):
        self.lookup_url = lookup_url
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["lookup_url"] = str(self.lookup_url)
        context["widget"]["list_id"] = f"{attrs.get('id', name)}-options"
        return context


class UnitField(forms.Field):
    """A unit entered by its code, limited to the units in `queryset`."""

    widget = LookupInput(reverse_lazy("org:unit_lookup"))
    default_error_messages = {
        "missing": _("No unit with the code %(code)s among the units you may use here."),
    }

    def __init__(self, queryset=None, **kwargs):
        self.queryset = queryset if queryset is not None else Unit.objects.none()
        kwargs.setdefault(
            "help_text", _("Type the unit's code or part of its name and pick a suggestion.")
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Unit):
            return value.code
        if isinstance(value, int):
            unit = Unit.objects.filter(pk=value).only("code").first()
            return unit.code if unit else value
        return value

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        unit = self.queryset.filter(code=value).first()
        if unit is None:
            raise forms.ValidationError(
                self.error_messages["missing"], code="missing", params={"code": value}
            )
        return unit


class PersonField(forms.Field):
    """A person entered by employee number, limited to `queryset`."""

    widget = LookupInput(reverse_lazy("org:person_lookup"))
    default_error_messages = {
        "missing": _("No person with the employee number %(number)s among the people you may see."),
    }

    def __init__(self, queryset=None, **kwargs):
        self.queryset = queryset if queryset is not None else Person.objects.none()
        kwargs.setdefault(
            "help_text", _("Type the employee number or part of the name and pick a suggestion.")
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Person):
            return value.employee_number
        if isinstance(value, int):
            person = Person.objects.filter(pk=value).only("employee_number").first()
            return person.employee_number if person else value
        return value

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        person = self.queryset.filter(employee_number=value).first()
        if person is None:
            raise forms.ValidationError(
                self.error_messages["missing"], code="missing", params={"number": value}
            )
        return person


class UnitForm(ScopedModelForm):
    """Create or edit a unit; changing the parent moves the unit with everything under it."""

    parent_unit = UnitField(label=_("Parent unit"), required=False)

    class Meta:
        model = Unit
        fields = [
            "code",
            "name",
            "name_zh",
            "kind",
            "work_type",
            "description",
            "is_illustrative",
            "source",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    field_order = ["parent_unit", "code", "name", "name_zh", "kind", "work_type"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A unit may be created or moved only under a unit the user may add units to.
        # Keeping the current parent is always allowed (a manager edits their own plant);
        # a new parent must be a unit the user may add units to.
        addable = Unit.objects.restrict(self.user, "add")
        if self.instance.parent_id:
            addable = addable | Unit.objects.filter(pk=self.instance.parent_id)
        self.fields["parent_unit"].queryset = addable
        if self.instance.pk:
            self.fields["parent_unit"].initial = self.instance.parent
        if not self.user.is_superuser:
            self.fields["parent_unit"].required = True
            if self.instance.pk and self.instance.parent_id is None:
                self.fields["parent_unit"].disabled = True
        self.fields["work_type"].queryset = WorkType.objects.order_by("name")

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        parent = cleaned.get("parent_unit")
        if self.instance.pk and self.fields["parent_unit"].disabled:
            parent = self.instance.parent
            cleaned["parent_unit"] = parent
        if kind:
            try:
                check_placement(kind, parent, self.instance if self.instance.pk else None)
            except forms.ValidationError as error:
                for field, errors in error.message_dict.items():
                    self.add_error("parent_unit" if field == "parent" else field, errors)
        return cleaned


class PersonForm(ScopedModelForm):
    """Create or edit a person; the home unit must lie in the user's scope."""

    unit = UnitField(label=_("Home unit"))

    class Meta:
        model = Person
        fields = [
            "employee_number",
            "name",
            "name_latin",
            "unit",
            "skill_grade",
            "date_joined",
            "is_union_member",
            "is_active",
            "is_illustrative",
            "source",
        ]
        widgets = {"date_joined": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        perm = "org.change_person" if self.instance.pk else "org.add_person"
        self.fields["unit"].queryset = Unit.objects.where_user_holds(self.user, perm)

    def clean_is_active(self):
        is_active = self.cleaned_data["is_active"]
        deactivating = self.instance.pk and self.instance.is_active and not is_active
        if deactivating and holds_roles_beyond(self.user, self.instance):
            raise forms.ValidationError(DEACTIVATION_REFUSED)
        return is_active


class RoleAssignmentForm(ScopedModelForm):
    """Give a person a role on a unit."""

    person = PersonField(label=_("Person"))
    unit = UnitField(label=_("Unit"))

    class Meta:
        model = RoleAssignment
        fields = ["person", "unit", "role", "since"]
        widgets = {"since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.restrict(self.user, "view")
        self.fields["unit"].queryset = Unit.objects.where_user_holds(
            self.user, "org.change_roleassignment" if self.instance.pk else "org.add_roleassignment"
        )


class WorkTypeForm(ScopedModelForm):
    class Meta:
        model = WorkType
        fields = ["code", "name", "name_zh"]


class AccountForm(forms.Form):
    """A sign-in account for a person: user name (new accounts only) and password."""

    username = forms.RegexField(
        label=_("User name"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Letters, digits and @ . + - _ only.")},
    )
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        if person.user_id:
            del self.fields["username"]

    def clean_username(self):
        from django.contrib.auth import get_user_model

        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken."))
        return username

    def clean(self):
        from django.contrib.auth import get_user_model, password_validation

        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            user = self.person.user or get_user_model()(username=cleaned.get("username", ""))
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
