"""Pages of furnaces and converters: the list, one furnace with its status history
and utilisation, adding, editing and deleting one, changing its status, the restart
tracking page and the utilisation coefficient per unit."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gexin.core import audit
from gexin.core import views as generic
from gexin.core.replicas import ReplicaReadMixin
from gexin.national import equipment as figures
from gexin.national.filtersets import equipment as filtersets
from gexin.national.forms import equipment as forms
from gexin.national.models.equipment import (
    Equipment,
    EquipmentKind,
    EquipmentStatus,
)
from gexin.national.tables import equipment as tables
from gexin.org.models import Unit

EQUIPMENT_QS = Equipment.objects.select_related("unit", "records_unit")
VIEW_PERM = "national.view_equipment"


def parse_day(text, default):
    try:
        return datetime.date.fromisoformat((text or "").strip())
    except ValueError:
        return default


def chosen_unit(request, code):
    """The unit named by `code` (404 when the user sees no equipment there), or the
    highest unit where the user sees equipment (None when there is none)."""
    units = Unit.objects.where_user_holds(request.user, VIEW_PERM)
    if code:
        found = units.filter(code=code).first()
        if found is None:
            raise Http404
        return found
    return units.order_by("depth", "path").first()


class EquipmentListView(generic.ObjectListView):
    """Every furnace and converter the user may see, filtered by kind, status, unit and
    lateness."""

    queryset = EQUIPMENT_QS
    filterset_class = filtersets.EquipmentFilterSet
    table_class = tables.EquipmentTable
    template_name = "national/equipment_list.html"
    select_filters = (
        ("kind", _("Kind"), EquipmentKind.choices),
        ("status", _("Status"), EquipmentStatus.choices),
        ("late", _("Start"), (("1", _("late against plan")),)),
    )
    carried_params = ("unit",)
    sort_fields = {
        "name": ["name", "pk"],
        "kind": ["kind", "pk"],
        "unit": ["unit__path", "pk"],
        "volume": ["useful_volume", "pk"],
        "status": ["status", "pk"],
        "planned": ["planned_start", "pk"],
        "started": ["actual_start", "pk"],
    }
    default_sort = "unit"


class EquipmentDetailView(generic.ObjectDetailView):
    """A furnace: its facts, start against plan, status history and, for a blast
    furnace, the utilisation coefficient over the quarter up to the data day."""

    queryset = EQUIPMENT_QS
    body_template = "national/_equipment_body.html"

    def extra_context(self, equipment):
        as_of = figures.data_day()
        start, end = figures.default_period(as_of)
        utilisation = None
        if equipment.is_blast_furnace:
            utilisation = figures.furnace_utilisation(equipment, start, end)
        return {
            "as_of": as_of,
            "days_late": equipment.days_late(as_of),
            "changes": list(
                equipment.status_changes.select_related("changed_by").order_by("-on", "-pk")
            ),
            "utilisation": utilisation,
            "can_change_status": self.can("status", equipment) and equipment.next_statuses(),
        }


class EquipmentEditView(generic.ObjectEditView):
    queryset = EQUIPMENT_QS
    form_class = forms.EquipmentForm


class EquipmentDeleteView(generic.ObjectDeleteView):
    queryset = EQUIPMENT_QS
    success_url = "national:equipment_list"


class EquipmentHistoryView(generic.ObjectHistoryView):
    queryset = Equipment.objects.all()


class EquipmentStatusView(generic.ScopedView):
    """Change a furnace's status: GET shows the form, POST records the change."""

    queryset = EQUIPMENT_QS
    template_name = "national/equipment_status.html"

    def show(self, equipment, form, status=200):
        return render(
            self.request,
            self.template_name,
            {"object": equipment, "opts": Equipment._meta, "form": form},
            status=status,
        )

    def get(self, request, pk):
        equipment = self.get_object("status")
        if not equipment.next_statuses():
            messages.error(request, gettext("This furnace's status cannot change."))
            return HttpResponseRedirect(equipment.get_absolute_url())
        return self.show(equipment, forms.StatusForm(equipment=equipment))

    def post(self, request, pk):
        equipment = self.get_object("status")
        form = forms.StatusForm(request.POST, equipment=equipment)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with audit.audit_reason(data["reason"]):
                    equipment.set_status(
                        data["status"], on=data["on"], reason=data["reason"], user=request.user
                    )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    gettext("%(name)s is now: %(status)s.")
                    % {"name": equipment.name, "status": equipment.get_status_display()},
                )
                return HttpResponseRedirect(equipment.get_absolute_url())
        return self.show(equipment, form, status=400)


class RestartsView(generic.ScopedView):
    """Restart tracking: the furnaces and converters not yet producing or started after
    plan, with planned and actual start and days late, and the counts by status for
    each unit one level below the chosen one (e.g. each province under the ministry)."""

    queryset = EQUIPMENT_QS
    template_name = "national/equipment_restarts.html"

    def get(self, request):
        self.require_anywhere("view")
        as_of = parse_day(request.GET.get("on"), figures.data_day())
        unit = chosen_unit(request, request.GET.get("unit"))
        visible = self.restricted("view")
        if unit is not None:
            visible = visible.filter(unit__path__startswith=unit.path)
        kinds = [kind for kind in request.GET.getlist("kind") if kind in EquipmentKind.values]
        if kinds:
            visible = visible.filter(kind__in=kinds)
        level = list(Unit.objects.filter(parent=unit).order_by("path")) if unit is not None else []
        counts = figures.counts_by_status(visible, level)
        rows = [
            (level_unit, [counts[level_unit][status] for status in EquipmentStatus.values])
            for level_unit in level
            if any(counts[level_unit].values())
        ]
        return render(
            request,
            self.template_name,
            {
                "unit": unit,
                "as_of": as_of,
                "restarts": figures.restarts(visible, as_of),
                "statuses": EquipmentStatus.choices,
                "count_rows": rows,
                "kinds": [(value, label, value in kinds) for value, label in EquipmentKind.choices],
            },
        )


class UtilisationView(ReplicaReadMixin, generic.ScopedView):
    """The utilisation coefficient of the blast furnaces under a unit over a period,
    furnace by furnace and for the unit (sum of output over sum of volume-days)."""

    queryset = EQUIPMENT_QS
    template_name = "national/equipment_utilisation.html"

    def get(self, request):
        self.require_anywhere("view")
        unit = chosen_unit(request, request.GET.get("unit"))
        if unit is None:
            raise PermissionDenied
        default_start, default_end = figures.default_period(figures.data_day())
        end = parse_day(request.GET.get("end"), default_end)
        start = parse_day(request.GET.get("start"), default_start)
        result = figures.unit_utilisation(unit, self.restricted("view"), start, end)
        return render(
            request,
            self.template_name,
            {"unit": unit, "start": start, "end": end, "result": result},
        )
