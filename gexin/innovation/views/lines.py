"""Pages of production lines (stations, the chain of bottlenecks and its history) and of
experimental fields (their log of problems found and solved)."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gexin.core import versioning
from gexin.core import views as generic
from gexin.core.permissions import is_path_in_scope
from gexin.innovation import lines
from gexin.innovation.bottlenecks import DERIVE_DAYS
from gexin.innovation.choices import FieldEntryKind
from gexin.innovation.filtersets import lines as filtersets
from gexin.innovation.forms import lines as forms
from gexin.innovation.models import (
    BottleneckRecord,
    Campaign,
    ExperimentalField,
    FieldLogEntry,
    ProductionLine,
    Station,
)
from gexin.innovation.tables import lines as tables
from gexin.org.backends import own_person
from gexin.org.filtersets import find_unit, is_number
from gexin.org.models import Person, Unit

ECHARTS_JS = "gexin/vendor/echarts/echarts.min.js"
CHART_JS = "gexin/js/bottleneck_chart.js"
HISTORY_SHOWN = 50
LOG_PAGE = 30


def link_of(obj):
    """The page of a related object, or None while its kind has no page."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return None


def chosen(queryset, pk):
    """The object with id `pk` in `queryset` (404 when it is not there or not a number)."""
    if not pk or not is_number(str(pk)):
        raise Http404
    obj = queryset.filter(pk=int(pk)).first()
    if obj is None:
        raise Http404
    return obj


# Production lines

LAST_RECORD = BottleneckRecord.objects.filter(line=OuterRef("pk")).order_by("-since", "-pk")
LINE_QS = ProductionLine.objects.select_related("unit")
LINE_LIST_QS = LINE_QS.annotate(
    station_count=Count("stations", distinct=True),
    last_bottleneck=Subquery(LAST_RECORD.values("station_names")[:1]),
    last_output=Subquery(LAST_RECORD.values("throughput")[:1]),
)


class ProductionLineListView(generic.ObjectListView):
    queryset = LINE_LIST_QS
    filterset_class = filtersets.ProductionLineFilterSet
    table_class = tables.ProductionLineTable
    template_name = "innovation/lines_productionline_list.html"
    sort_fields = {
        "name": ["name", "pk"],
        "unit": ["unit__path", "name"],
        "stations": ["station_count", "name"],
    }
    default_sort = "unit"
    # Exports of lines are granted to no role: the list is for reading and working on.
    exportable = False

    def drop_downs(self):
        units = Unit.objects.filter(pk__in=self.restricted("view").values("unit_id")).order_by(
            "path"
        )
        current = self.request.GET.get("unit", "")
        options = [(unit.code, unit.display_name, unit.code == current) for unit in units]
        return [{"name": "unit", "label": _("Unit"), "options": options}]


def station_role(station, chain):
    """ "limit", "next", "other" or "unknown": how the station stands in the chain."""
    if station.capacity is None:
        return "unknown"
    if station.pk in chain.limiting_keys():
        return "limit"
    if station.pk in {link.key for link in chain.next_limit}:
        return "next"
    return "other"


ROLE_NAMES = {
    "limit": _("limits the line now"),
    "next": _("limits next"),
    "other": _("has capacity to spare"),
    "unknown": _("capacity not known"),
}


def chart_data(line, stations, chain):
    """What the bar chart draws (see gexin/static/gexin/js/bottleneck_chart.js)."""
    return {
        "locale": "ZH" if translation.get_language().startswith("zh") else "EN",
        "unit": line.measured_in,
        "output": float(chain.output) if chain.output is not None else None,
        "output_name": gettext("line output"),
        "unknown_name": gettext("not known"),
        "stations": [
            {
                "name": station.name,
                "value": float(station.capacity) if station.capacity is not None else None,
                "role": station.role,
                "role_name": str(ROLE_NAMES[station.role]),
            }
            for station in stations
        ],
    }


class ProductionLineDetailView(generic.ObjectDetailView):
    """The line: its stations as bars, what limits it, what raising that gains, what
    limits next, and which station was the bottleneck when."""

    queryset = LINE_QS
    body_template = "innovation/_lines_productionline_body.html"

    def extra_context(self, line):
        user = self.request.user
        stations = list(line.stations.select_related("unit", "metric"))
        chain = line.chain(stations)
        for station in stations:
            station.role = station_role(station, chain)
            station.role_name = ROLE_NAMES[station.role]
            station.capacity_text = lines.figure(station.capacity)
        path = line.unit.path
        can_add_station = is_path_in_scope(user, Station, "add", path)
        history = list(line.bottleneck_history.order_by("-since", "-pk")[: HISTORY_SHOWN + 1])
        for record in history:
            record.throughput_text = lines.figure(record.throughput)
        return {
            "stations": stations,
            "chain": chain,
            "output": lines.figure(chain.output),
            "gain": lines.figure(chain.gain),
            "next_capacity": lines.figure(chain.next_capacity),
            "limiting_names": ", ".join(chain.limiting_names),
            "next_names": ", ".join(chain.next_names),
            "unknown_names": ", ".join(chain.unknown_names),
            "chart": chart_data(line, stations, chain) if chain.known else None,
            "chart_id": f"line-{line.pk}-chart",
            "chart_height": 60 + 44 * len(stations),
            "chart_script_urls": [static(ECHARTS_JS), static(CHART_JS)],
            "history": history[:HISTORY_SHOWN],
            "history_is_longer": len(history) > HISTORY_SHOWN,
            "has_derived": any(station.is_derived for station in stations),
            "derive_days": DERIVE_DAYS,
            "can_add_station": can_add_station,
            "can_change_station": is_path_in_scope(user, Station, "change", path),
            "can_delete_station": is_path_in_scope(user, Station, "delete", path),
            "station_form": forms.StationForm(line=line, user=user) if can_add_station else None,
        }


class ProductionLineEditView(generic.ObjectEditView):
    queryset = LINE_QS
    form_class = forms.ProductionLineForm

    def initial_for_create(self):
        unit = find_unit(self.request.GET.get("unit", ""))
        person = own_person(self.request.user)
        if unit is None and person is not None:
            unit = person.unit
        return {"unit_ref": unit} if unit is not None else {}


class ProductionLineDeleteView(generic.ObjectDeleteView):
    queryset = LINE_QS
    success_url = "innovation:productionline_list"


class ProductionLineHistoryView(generic.ObjectHistoryView):
    queryset = ProductionLine.objects.all()


class ProductionLineRecalculateView(generic.ScopedView):
    """POST: derive again the capacities taken from production records."""

    queryset = LINE_QS

    def get(self, request, pk):
        return HttpResponseRedirect(self.get_object("view").get_absolute_url())

    def post(self, request, pk):
        line = self.get_object("view")
        if not is_path_in_scope(request.user, Station, "change", line.unit.path):
            raise PermissionDenied
        changed, record = lines.recalculate(line)
        if not changed:
            messages.info(request, gettext("Recalculated: the records give the same capacities."))
        else:
            messages.success(
                request,
                gettext("Recalculated: %(stations)s changed.")
                % {"stations": ", ".join(station.name for station in changed)},
            )
        if record is not None:
            messages.success(request, bottleneck_message(record, line))
        return HttpResponseRedirect(line.get_absolute_url())


def bottleneck_message(record, line):
    return gettext(
        "The bottleneck is now %(stations)s; the line turns out %(output)s %(unit)s."
    ) % {
        "stations": record.station_names,
        "output": lines.figure(record.throughput),
        "unit": line.measured_in,
    }


# Stations, edited on their line's page

STATION_QS = Station.objects.select_related("line__unit", "unit", "metric")


class NoLineChosen(Exception):
    pass


class StationEditView(generic.ObjectEditView):
    """Add a station to the line named by ?line=, or change one; through lines.save_station."""

    queryset = STATION_QS
    form_class = forms.StationForm

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except NoLineChosen:
            messages.info(request, gettext("Open the line first, then add its stations there."))
            return HttpResponseRedirect(reverse("innovation:productionline_list"))

    def line(self):
        if not hasattr(self, "_line"):
            self._line = self.find_line()
        return self._line

    def find_line(self):
        if "pk" in self.kwargs:
            return self.get_object("change").line
        self.require_anywhere("add")
        line_id = self.request.GET.get("line") or self.request.POST.get("line")
        if not line_id:
            raise NoLineChosen
        line = chosen(ProductionLine.objects.restrict(self.request.user, "view"), line_id)
        if not is_path_in_scope(self.request.user, Station, "add", line.unit.path):
            raise PermissionDenied
        return line

    def get_target(self):
        if "pk" in self.kwargs:
            return self.get_object("change")
        return Station(line=self.line())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "line": self.line()}

    def save_form(self, form):
        station = form.save()
        self.record = form.record
        return station

    def success_message(self, station, created):
        message = super().success_message(station, created)
        record = getattr(self, "record", None)
        if record is not None:
            message = f"{message} {bottleneck_message(record, station.line)}"
        return message


class StationDeleteView(generic.ObjectDeleteView):
    queryset = STATION_QS

    def delete_object(self, station):
        self.line_url = station.line.get_absolute_url()
        lines.delete_station(station)

    def get_success_url(self):
        return self.line_url


class StationMoveView(generic.ScopedView):
    """POST direction=up|down: move a station one place along its line."""

    queryset = STATION_QS

    def get(self, request, pk):
        return HttpResponseRedirect(self.get_object("view").get_absolute_url())

    def post(self, request, pk):
        station = self.get_object("change")
        offset = {"up": -1, "down": 1}.get(request.POST.get("direction"))
        if offset is None:
            messages.error(request, gettext("Say whether to move the station up or down."))
        else:
            lines.move_station(station, offset)
        return HttpResponseRedirect(station.line.get_absolute_url() + "#stations")


class StationHistoryView(generic.ObjectHistoryView):
    queryset = Station.objects.all()


# Experimental fields

FIELD_QS = ExperimentalField.objects.select_related("leader", "unit", "campaign")
FIELD_LIST_QS = FIELD_QS.annotate(
    found_count=Count("entries", filter=Q(entries__kind=FieldEntryKind.FOUND)),
    solved_count=Count("entries", filter=Q(entries__kind=FieldEntryKind.SOLVED)),
)


class ExperimentalFieldListView(generic.ObjectListView):
    queryset = FIELD_LIST_QS
    filterset_class = filtersets.ExperimentalFieldFilterSet
    table_class = tables.ExperimentalFieldTable
    template_name = "innovation/lines_experimentalfield_list.html"
    sort_fields = {
        "starts_on": ["starts_on", "pk"],
        "ends_on": ["ends_on", "pk"],
        "leader": ["leader__name", "-starts_on"],
        "unit": ["unit__path", "-starts_on"],
    }
    default_sort = "-starts_on"
    # Exports of fields are granted to no role.
    exportable = False

    def drop_downs(self):
        fields = self.restricted("view")
        get = self.request.GET.get
        leaders = Person.objects.filter(pk__in=fields.values("leader_id")).order_by("name")
        units = Unit.objects.filter(pk__in=fields.values("unit_id")).order_by("path")
        campaigns = Campaign.objects.restrict(self.request.user, "view").filter(
            pk__in=fields.values("campaign_id")
        )
        return [
            {
                "name": "leader",
                "label": _("Leader"),
                "options": [
                    (p.employee_number, p.display_name, p.employee_number == get("leader"))
                    for p in leaders
                ],
            },
            {
                "name": "unit",
                "label": _("Unit"),
                "options": [(u.code, u.display_name, u.code == get("unit")) for u in units],
            },
            {
                "name": "campaign",
                "label": _("Campaign"),
                "options": [(c.pk, c.title, str(c.pk) == get("campaign")) for c in campaigns],
            },
            {
                "name": "state",
                "label": _("Current or ended"),
                "options": [
                    (value, label, value == get("state"))
                    for value, label in filtersets.FIELD_STATES
                ],
            },
        ]


class ExperimentalFieldDetailView(generic.ObjectDetailView):
    """The field: who adopted it, for what, and the log of what was found and solved."""

    queryset = FIELD_QS
    body_template = "innovation/_lines_experimentalfield_body.html"

    def get(self, request, *args, **kwargs):
        field = self.get_object("view")
        # "Current" or "ended" depends on the day, the log page on the query.
        body = versioning.cached_fragment(
            request,
            f"detail:innovation.experimentalfield:{self.body_template}",
            (field.pk, datetime.date.today().isoformat(), request.GET.get("page", "")),
            lambda: self.draw_body(field),
        )
        return render(
            request,
            self.template_name,
            {"object": field, "opts": ExperimentalField._meta, "body": mark_safe(body)},
        )

    def extra_context(self, field):
        user = self.request.user
        path = field.unit.path
        entries = field.entries.select_related("problem", "key_issue")
        page = Paginator(entries, LOG_PAGE).get_page(self.request.GET.get("page"))
        for entry in page.object_list:
            entry.problem_url = link_of(entry.problem) if entry.problem_id else None
            entry.key_issue_url = link_of(entry.key_issue) if entry.key_issue_id else None
        can_add_entry = is_path_in_scope(user, FieldLogEntry, "add", path)
        today = datetime.date.today()
        return {
            "tally": field.tally(),
            "page": page,
            "entries": page.object_list,
            "query_string": "",
            "is_current": field.is_current(today),
            "has_ended": field.has_ended(today),
            "campaign_url": link_of(field.campaign) if field.campaign_id else None,
            "can_add_entry": can_add_entry,
            "can_change_entry": is_path_in_scope(user, FieldLogEntry, "change", path),
            "can_delete_entry": is_path_in_scope(user, FieldLogEntry, "delete", path),
            "entry_form": (
                forms.FieldLogEntryForm(field=field, user=user) if can_add_entry else None
            ),
        }


class ExperimentalFieldEditView(generic.ObjectEditView):
    queryset = FIELD_QS
    form_class = forms.ExperimentalFieldForm

    def initial_for_create(self):
        initial = {"starts_on": datetime.date.today()}
        person = own_person(self.request.user)
        if person is not None:
            initial["leader_ref"] = person
        unit = find_unit(self.request.GET.get("unit", ""))
        if unit is not None:
            initial["unit_ref"] = unit
        return initial


class ExperimentalFieldDeleteView(generic.ObjectDeleteView):
    queryset = FIELD_QS
    success_url = "innovation:experimentalfield_list"


class ExperimentalFieldHistoryView(generic.ObjectHistoryView):
    queryset = ExperimentalField.objects.all()


# Log entries, written on their field's page

ENTRY_QS = FieldLogEntry.objects.select_related("field__unit", "field__leader")


class NoFieldChosen(Exception):
    pass


class FieldLogEntryEditView(generic.ObjectEditView):
    """Log what was found or solved in the field named by ?field=, or change an entry."""

    queryset = ENTRY_QS
    form_class = forms.FieldLogEntryForm

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except NoFieldChosen:
            messages.info(request, gettext("Open the experimental field first, then log there."))
            return HttpResponseRedirect(reverse("innovation:experimentalfield_list"))

    def field(self):
        if not hasattr(self, "_field"):
            self._field = self.find_field()
        return self._field

    def find_field(self):
        if "pk" in self.kwargs:
            return self.get_object("change").field
        self.require_anywhere("add")
        field_id = self.request.GET.get("field") or self.request.POST.get("field")
        if not field_id:
            raise NoFieldChosen
        field = chosen(ExperimentalField.objects.restrict(self.request.user, "view"), field_id)
        if not is_path_in_scope(self.request.user, FieldLogEntry, "add", field.unit.path):
            raise PermissionDenied
        return field

    def get_target(self):
        if "pk" in self.kwargs:
            return self.get_object("change")
        return FieldLogEntry(field=self.field())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "field": self.field()}

    def success_message(self, entry, created):
        if created:
            return gettext("Logged in the field: %(kind)s.") % {"kind": entry.get_kind_display()}
        return super().success_message(entry, created)


class FieldLogEntryDeleteView(generic.ObjectDeleteView):
    queryset = ENTRY_QS

    def delete_object(self, entry):
        self.field_url = entry.field.get_absolute_url()
        entry.delete()

    def get_success_url(self):
        return self.field_url


class FieldLogEntryHistoryView(generic.ObjectHistoryView):
    queryset = FieldLogEntry.objects.all()
