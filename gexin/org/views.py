"""Pages for units, people, roles and work types."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gexin.core import audit, unit_panels, versioning
from gexin.core import views as generic
from gexin.core.permissions import is_path_in_scope, permission_name, scope_paths, under
from gexin.core.replicas import ReplicaReadMixin
from gexin.org import filtersets, forms, services, tables, tree
from gexin.org.backends import own_person
from gexin.org.choices import Role, SkillGrade, UnitKind
from gexin.org.models import Person, RoleAssignment, Unit, WorkType

PEOPLE_ON_UNIT_PAGE = 50
YES_NO = (("true", _("yes")), ("false", _("no")))


def work_type_choices():
    return [(work_type.code, work_type.display_name) for work_type in WorkType.objects.all()]


def scope_roots(user):
    """The highest units the user may view: the roots of their part of the tree."""
    paths = scope_paths(user, permission_name(Unit, "view"))
    queryset = Unit.objects.select_related("work_type")
    if paths is None:
        return queryset.filter(depth=1)
    return queryset.filter(path__in=paths)


def home_unit(user):
    person = own_person(user)
    return person.unit if person is not None else None


# Units


class UnitTreeView(generic.ScopedView):
    """The unit tree from the top of the user's scope, opened level by level."""

    queryset = Unit.objects.all()

    def get(self, request):
        self.require_anywhere("view")
        tree_html = versioning.cached_fragment(request, "unit-tree", (), self.draw_tree)
        return render(
            request,
            "org/unit_tree.html",
            {
                "tree": mark_safe(tree_html),
                "home_unit": home_unit(request.user),
                "can_add": self.can("add"),
            },
        )

    def draw_tree(self):
        roots = list(scope_roots(self.request.user).annotate(people_count=Count("people")))
        # Open each root one level, so the first screen already shows something useful.
        children = {}
        if roots:
            rows = (
                self.restricted("view")
                .filter(parent__in=roots)
                .select_related("work_type")
                .annotate(people_count=Count("people"))
                .order_by("path")
            )
            for child in rows:
                children.setdefault(child.parent_id, []).append(child)
        for root in roots:
            root.loaded_children = children.get(root.pk, [])
        return tree.tree_nodes(roots, open_nodes=True)


class UnitChildrenView(generic.ScopedView):
    """The children of one unit, as tree items (loaded by HTMX when a node opens)."""

    queryset = Unit.objects.all()

    def get(self, request, pk):
        unit = self.get_object("view")
        children = (
            self.restricted("view")
            .filter(parent=unit)
            .select_related("work_type")
            .annotate(people_count=Count("people"))
            .order_by("path")
        )
        return render(
            request, "org/_unit_children.html", {"children": tree.tree_nodes(list(children))}
        )


class UnitLookupView(generic.ScopedView):
    """Suggestions for unit inputs: up to 20 units whose code or name matches."""

    queryset = Unit.objects.all()

    def get(self, request):
        self.require_anywhere("view")
        text = (request.GET.get("q") or "").strip()
        units = []
        if text:
            units = filtersets.UnitFilterSet({"q": text}, queryset=self.restricted("view")).qs[:20]
        return render(
            request, "org/_lookup_options.html", {"options": [(u.code, u) for u in units]}
        )


class UnitListView(generic.ObjectListView):
    queryset = Unit.objects.select_related("work_type", "parent")
    filterset_class = filtersets.UnitFilterSet
    table_class = tables.UnitTable
    template_name = "org/unit_list.html"
    select_filters = (
        ("kind", _("Kind"), UnitKind.choices),
        ("work_type", _("Work type"), work_type_choices),
    )
    sort_fields = {"name": ["name"], "code": ["code"], "kind": ["kind", "name"], "path": ["path"]}
    default_sort = "path"


class UnitDetailView(ReplicaReadMixin, generic.ObjectDetailView):
    queryset = Unit.objects.select_related("work_type", "parent")
    body_template = "org/_unit_body.html"

    def extra_context(self, unit):
        user = self.request.user
        children = (
            Unit.objects.restrict(user, "view")
            .filter(parent=unit)
            .select_related("work_type")
            .annotate(people_count=Count("people"))
            .order_by("path")
        )
        people_here = Person.objects.restrict(user, "view").filter(unit=unit).order_by("name")
        people = list(people_here[:PEOPLE_ON_UNIT_PAGE])
        roles = (
            RoleAssignment.objects.restrict(user, "view")
            .filter(unit=unit)
            .select_related("person")
            .order_by("role", "person__name")
        )
        subtree_people = Person.objects.restrict(user, "view").filter(under("unit_path", unit.path))
        return {
            "lineage": [
                (ancestor, is_path_in_scope(user, Unit, "view", ancestor.path))
                for ancestor in unit.lineage()
            ],
            "children": tree.unit_list_items(children[:100]),
            "people_table": tables.UnitPeopleTable(people),
            "children_count": unit.numchild,
            "people": people,
            "people_count": len(people)
            if len(people) < PEOPLE_ON_UNIT_PAGE
            else people_here.count(),
            "subtree_people_count": subtree_people.count(),
            "roles": roles,
            "can_add_child": is_path_in_scope(user, Unit, "add", unit.path),
            "panels": unit_panels.urls_for(unit),
            "can_add_person": user.has_perm("org.add_person", unit),
        }


class UnitEditView(generic.ObjectEditView):
    queryset = Unit.objects.all()
    form_class = forms.UnitForm

    def initial_for_create(self):
        # Only units the user may add to are offered: an id must not reveal another code.
        addable = Unit.objects.where_user_holds(self.request.user, "org.add_unit")
        unit = filtersets.find_unit(self.request.GET.get("parent"), addable)
        return {"parent_unit": unit.code} if unit else {}

    def save_form(self, form):
        unit = form.save(commit=False)
        parent = form.cleaned_data.get("parent_unit")
        if unit.pk is None:
            fields = {name: getattr(unit, name) for name in form.Meta.fields}
            return services.create_unit(parent, **fields)
        return services.save_unit(unit, parent)


class UnitDeleteView(generic.ObjectDeleteView):
    queryset = Unit.objects.all()
    success_url = "org:unit_tree"

    def delete_object(self, unit):
        # Deleting a node would take its subtree with it; ask for an empty unit instead.
        if unit.numchild:
            from django.db.models import ProtectedError

            raise ProtectedError("unit has sub-units", set())
        unit.delete()


class UnitHistoryView(generic.ObjectHistoryView):
    queryset = Unit.objects.all()


# People


class PersonListView(generic.ObjectListView):
    # Only the columns the table and the export read: fifty full rows with their units
    # cost more to build than the query takes.
    queryset = Person.objects.select_related("unit").only(
        "employee_number",
        "name",
        "name_latin",
        "unit_path",
        "skill_grade",
        "date_joined",
        "is_union_member",
        "is_active",
        "unit__code",
        "unit__name",
        "unit__name_zh",
    )
    filterset_class = filtersets.PersonFilterSet
    table_class = tables.PersonTable
    template_name = "org/person_list.html"
    select_filters = (
        ("skill_grade", _("Skill grade"), SkillGrade.choices),
        ("is_union_member", _("Union member"), YES_NO),
    )
    carried_params = ("unit", "within")
    sort_fields = {
        "name": ["name"],
        "employee_number": ["employee_number"],
        "unit": ["unit_path", "name"],
        "skill_grade": ["skill_grade", "name"],
        "date_joined": ["date_joined", "name"],
    }
    default_sort = "unit"

    def extra_context(self):
        unit_ref = self.request.GET.get("unit") or self.request.GET.get("within")
        unit = filtersets.find_unit(unit_ref) if unit_ref else None
        if (
            unit is not None
            and not Unit.objects.restrict(self.request.user).filter(pk=unit.pk).exists()
        ):
            unit = None
        return {"filter_unit": unit}


class PersonLookupView(generic.ScopedView):
    queryset = Person.objects.all()

    def get(self, request):
        self.require_anywhere("view")
        text = (request.GET.get("q") or "").strip()
        people = self.restricted("view").search(text).select_related("unit")[:20] if text else []
        return render(
            request,
            "org/_lookup_options.html",
            {"options": [(p.employee_number, p) for p in people]},
        )


class PersonDetailView(generic.ObjectDetailView):
    queryset = Person.objects.select_related("unit", "unit__work_type", "user")
    body_template = "org/_person_body.html"

    def extra_context(self, person):
        roles = (
            RoleAssignment.objects.restrict(self.request.user, "view")
            .filter(person=person)
            .select_related("unit")
        )
        from gexin.core import person_panels

        return {
            "roles": roles,
            "can_manage_account": services.may_manage_account(self.request.user, person),
            "panels": person_panels.urls_for(person),
        }


class PersonEditView(generic.ObjectEditView):
    queryset = Person.objects.all()
    form_class = forms.PersonForm

    def initial_for_create(self):
        addable = Unit.objects.where_user_holds(self.request.user, "org.add_person")
        unit = filtersets.find_unit(self.request.GET.get("unit"), addable)
        return {"unit": unit.code} if unit else {}


class PersonDeleteView(generic.ObjectDeleteView):
    queryset = Person.objects.all()
    success_url = "org:person_list"


class PersonHistoryView(generic.ObjectHistoryView):
    queryset = Person.objects.all()


# Roles


class RoleAssignmentListView(generic.ObjectListView):
    queryset = RoleAssignment.objects.select_related("person", "unit")
    filterset_class = filtersets.RoleAssignmentFilterSet
    table_class = tables.RoleAssignmentTable
    template_name = "org/roleassignment_list.html"
    select_filters = (("role", _("Role"), Role.choices),)
    sort_fields = {
        "unit": ["unit__path", "role"],
        "role": ["role", "unit__path"],
        "person": ["person__name"],
    }
    default_sort = "unit"


class RoleAssignmentDetailView(generic.ObjectDetailView):
    queryset = RoleAssignment.objects.select_related("person", "unit")
    body_template = "org/_roleassignment_body.html"


class RoleAssignmentEditView(generic.ObjectEditView):
    queryset = RoleAssignment.objects.all()
    form_class = forms.RoleAssignmentForm

    def initial_for_create(self):
        initial = {}
        addable = Unit.objects.where_user_holds(self.request.user, "org.add_roleassignment")
        unit = filtersets.find_unit(self.request.GET.get("unit"), addable)
        if unit:
            initial["unit"] = unit.code
        person = self.request.GET.get("person")
        if person:
            initial["person"] = person
        return initial


class RoleAssignmentDeleteView(generic.ObjectDeleteView):
    queryset = RoleAssignment.objects.all()
    success_url = "org:roleassignment_list"


class RoleAssignmentHistoryView(generic.ObjectHistoryView):
    queryset = RoleAssignment.objects.all()


# Work types


class WorkTypeListView(generic.ObjectListView):
    queryset = WorkType.objects.all()
    filterset_class = filtersets.WorkTypeFilterSet
    table_class = tables.WorkTypeTable
    template_name = "org/worktype_list.html"
    sort_fields = {"name": ["name"], "code": ["code"]}
    default_sort = "name"

    def get_base_queryset(self):
        # Count only the units this user may see: the catalogue is shared, the tree is not.
        visible = Unit.objects.restrict(self.request.user, "view").values("pk")
        return (
            super()
            .get_base_queryset()
            .annotate(unit_count=Count("units", filter=Q(units__in=visible)))
        )


class WorkTypeDetailView(generic.ObjectDetailView):
    queryset = WorkType.objects.all()
    body_template = "org/_worktype_body.html"

    def extra_context(self, work_type):
        units = (
            Unit.objects.restrict(self.request.user, "view")
            .filter(work_type=work_type)
            .select_related("parent")
        )
        return {"units": units[:200], "unit_count": units.count()}


class WorkTypeEditView(generic.ObjectEditView):
    queryset = WorkType.objects.all()
    form_class = forms.WorkTypeForm


class WorkTypeDeleteView(generic.ObjectDeleteView):
    queryset = WorkType.objects.all()
    success_url = "org:worktype_list"


class WorkTypeHistoryView(generic.ObjectHistoryView):
    queryset = WorkType.objects.all()


def unit_by_code(request, code):
    """`/units/code/<code>/`: the unit page addressed by its stable code."""
    unit = (
        Unit.objects.restrict(request.user, "view").filter(code=code).first()
        if request.user.is_authenticated
        else None
    )
    if unit is None:
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        raise Http404
    from django.shortcuts import redirect

    return redirect(unit)


class PersonAccountView(generic.ScopedView):
    """Create a person's sign-in account, or set a new password on it (administrators)."""

    queryset = Person.objects.select_related("user", "unit")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.person = self.get_object("view")
        if not services.may_manage_account(request.user, self.person):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return self.render_form(forms.AccountForm(person=self.person))

    def post(self, request, pk):
        form = forms.AccountForm(request.POST, person=self.person)
        if not form.is_valid():
            return self.render_form(form, status=400)
        created = self.person.user_id is None
        with audit.audit_reason(
            "account created" if created else "password set by an administrator"
        ):
            user = services.set_account(
                self.person, form.cleaned_data["password1"], form.cleaned_data.get("username")
            )
        if created:
            message = gettext("Account %(username)s created.")
        else:
            message = gettext("New password set for %(username)s.")
        messages.success(request, message % {"username": user.username})
        return HttpResponseRedirect(self.person.get_absolute_url())

    def render_form(self, form, status=200):
        return render(
            self.request,
            "org/person_account.html",
            {"object": self.person, "form": form},
            status=status,
        )
