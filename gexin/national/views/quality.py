"""Pages of quality by product standard: the standards, the inspections of lots and heats
(recorded one by one on a phone or imported from a file), and the qualified rates."""

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gexin.core import audit
from gexin.core import views as generic
from gexin.core.permissions import has_action_anywhere
from gexin.core.replicas import ReplicaReadMixin
from gexin.national import quality
from gexin.national.filtersets import quality as filtersets
from gexin.national.forms import quality as forms
from gexin.national.models import Inspection, Product, ProductStandard, QualityResult
from gexin.national.tables import quality as tables
from gexin.org.backends import own_person
from gexin.org.filtersets import find_unit
from gexin.org.models import Unit
from gexin.plans.choices import PeriodKind

INSPECTION_QS = Inspection.objects.select_related("unit", "standard")


# Product standards


class ProductStandardListView(generic.ObjectListView):
    queryset = ProductStandard.objects.all()
    filterset_class = filtersets.ProductStandardFilterSet
    table_class = tables.ProductStandardTable
    template_name = "national/quality_standard_list.html"
    select_filters = (("product", _("Product"), Product.choices),)
    sort_fields = {"name": ["name"], "code": ["code"], "product": ["product", "code"]}
    default_sort = "code"
    exportable = False


class ProductStandardDetailView(generic.ObjectDetailView):
    queryset = ProductStandard.objects.all()
    body_template = "national/_quality_standard_body.html"

    def extra_context(self, standard):
        return {"limits": list(standard.limits.all())}


class ProductStandardEditView(generic.ObjectEditView):
    queryset = ProductStandard.objects.all()
    form_class = forms.ProductStandardForm
    template_name = "national/quality_standard_edit.html"


class ProductStandardDeleteView(generic.ObjectDeleteView):
    queryset = ProductStandard.objects.all()
    success_url = "national:productstandard_list"


class ProductStandardHistoryView(generic.ObjectHistoryView):
    queryset = ProductStandard.objects.all()


# Inspections


class InspectionListView(generic.ObjectListView):
    """Inspections within a unit, of a standard, by result and date range."""

    queryset = INSPECTION_QS
    filterset_class = filtersets.InspectionFilterSet
    table_class = tables.InspectionTable
    template_name = "national/quality_inspection_list.html"
    select_filters = (
        ("result", _("Result"), QualityResult.choices),
        (
            "standard",
            _("Standard"),
            lambda: [(s.code, s.code) for s in ProductStandard.objects.order_by("code")],
        ),
    )
    carried_params = ()
    sort_fields = {
        "lot": ["lot_number", "pk"],
        "date": ["inspected_on", "lot_number"],
        "unit": ["unit__path", "-inspected_on"],
        "standard": ["standard__code", "-inspected_on"],
        "result": ["result", "-inspected_on"],
    }
    default_sort = "-date"

    def extra_context(self):
        query = self.request.GET
        return {
            "within": query.get("within", ""),
            "start": query.get("start", ""),
            "end": query.get("end", ""),
            "can_import": self.can("add"),
        }


class InspectionDetailView(generic.ObjectDetailView):
    queryset = INSPECTION_QS
    body_template = "national/_quality_inspection_body.html"

    def extra_context(self, inspection):
        values = {m.property_code: m.value for m in inspection.measurements.all()}
        failing = {row["property"] for row in inspection.failing}
        rows = []
        for limit in inspection.standard.limits.all():
            value = values.pop(limit.property_code, None)
            if value is None:
                state = "missing"
            elif limit.property_code in failing:
                state = "failing"
            else:
                state = "within"
            rows.append({"limit": limit, "value": value, "state": state})
        return {"rows": rows, "others": sorted(values.items())}


class InspectionEditView(generic.ObjectEditView):
    queryset = INSPECTION_QS
    form_class = forms.InspectionForm

    def initial_for_create(self):
        initial = {"inspected_on": datetime.date.today()}
        unit = find_unit(self.request.GET.get("unit"))
        if unit is None:
            person = own_person(self.request.user)
            unit = person.unit if person is not None else None
        if unit is not None:
            initial["unit"] = unit
        standard = ProductStandard.objects.filter(code=self.request.GET.get("standard", "")).first()
        if standard is None and ProductStandard.objects.count() == 1:
            standard = ProductStandard.objects.get()
        if standard is not None:
            initial["standard"] = standard
        return initial

    def success_message(self, inspection, created):
        return gettext("%(lot)s is judged: %(result)s.") % {
            "lot": inspection.lot_number,
            "result": inspection.get_result_display(),
        }


class InspectionDeleteView(generic.ObjectDeleteView):
    queryset = INSPECTION_QS
    success_url = "national:inspection_list"


class InspectionHistoryView(generic.ObjectHistoryView):
    queryset = Inspection.objects.all()


class InspectionImportView(generic.ScopedView):
    """Import inspections from a CSV or XLSX file: all rows or none."""

    queryset = Inspection.objects.all()
    template_name = "national/quality_import.html"
    error_limit = 200

    def get(self, request):
        self.require_anywhere("add")
        return render(request, self.template_name, {"form": forms.InspectionImportForm()})

    def post(self, request):
        self.require_anywhere("add")
        form = forms.InspectionImportForm(request.POST, request.FILES)
        context = {"form": form, "error_limit": self.error_limit}
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                with audit.audit_reason(gettext("imported from %(name)s") % {"name": upload.name}):
                    result = quality.import_inspections(upload, request.user)
            except quality.ImportFailed as failed:
                context["errors"] = [
                    {"row": row, "column": column, "reason": reason}
                    for row, column, reason in failed.errors[: self.error_limit]
                ]
                return render(request, self.template_name, context, status=400)
            context["result"] = result
            context["form"] = forms.InspectionImportForm()
            return render(request, self.template_name, context)
        return render(request, self.template_name, context, status=400)


# Qualified rates


def default_unit(user):
    """The highest unit where the user may view inspections."""
    return (
        Unit.objects.where_user_holds(user, "national.view_inspection")
        .order_by("depth", "path")
        .first()
    )


def rates_for(user, unit_code, start, end, by):
    """The rates a user asked for, or raise PermissionDenied / LookupError."""
    if not has_action_anywhere(user, Inspection, "view"):
        raise PermissionDenied
    unit = find_unit(unit_code) if unit_code else default_unit(user)
    if unit is None:
        raise LookupError(unit_code)
    today = datetime.date.today()
    end = end or today
    start = start or end.replace(day=1)
    return quality.rates(
        Inspection.objects.restrict(user, "view"), unit, start, end, by or PeriodKind.MONTH
    )


class QualityRatesView(ReplicaReadMixin, generic.ScopedView):
    """Qualified lots ÷ judged lots (and by tonnes) under a unit, per unit one level
    down, per standard and per period."""

    queryset = Inspection.objects.all()
    template_name = "national/quality_rates.html"

    def get(self, request):
        self.require_anywhere("view")
        form = forms.RatesForm(request.GET or None)
        context = {"form": form}
        status = 200
        if form.is_bound and not form.is_valid():
            status = 400
        else:
            data = form.cleaned_data if form.is_bound else {}
            try:
                context["rates"] = rates_for(
                    request.user,
                    data.get("unit"),
                    data.get("start"),
                    data.get("end"),
                    data.get("by"),
                )
            except LookupError:
                form.add_error("unit", gettext("No unit with this code."))
                status = 400
        return render(request, self.template_name, context, status=status)
