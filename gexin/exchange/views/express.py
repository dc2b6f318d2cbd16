"""Pages of express reports (written, published, corrected), the subscriptions of a
unit to other plants' reports, and the link to each plant's Atom feed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gexin.core import views as generic
from gexin.core.permissions import is_path_in_scope
from gexin.exchange import express
from gexin.exchange.choices import Language
from gexin.exchange.filtersets import express as filtersets
from gexin.exchange.forms import express as forms
from gexin.exchange.models import PLANT_KINDS, ExpressReport, Subscription
from gexin.exchange.tables import express as tables
from gexin.org.backends import own_person
from gexin.org.filtersets import find_unit
from gexin.org.models import Unit

REPORT_QS = ExpressReport.objects.select_related("unit", "plant", "author", "experience")
SUBSCRIPTION_QS = Subscription.objects.select_related("unit", "plant")


def feed_url(plant):
    return reverse("exchange:expressreport_feed", kwargs={"code": plant.code})


def chosen_plant(request):
    """The plant named by ?plant= (id or code), or None."""
    value = request.GET.get("plant", "")
    if not value:
        return None
    return find_unit(value, Unit.objects.filter(kind__in=PLANT_KINDS))


class ExpressReportListView(generic.ObjectListView):
    """Published reports of every plant, and the drafts of one's own units; with
    ?plant= a plant's reports and its Atom feed."""

    queryset = REPORT_QS
    filterset_class = filtersets.ExpressReportFilterSet
    table_class = tables.ExpressReportTable
    template_name = "exchange/express_report_list.html"
    select_filters = (
        ("language", _("Language"), Language.choices),
        ("is_published", _("Published"), (("true", _("published")), ("false", _("draft")))),
    )
    carried_params = ("plant", "unit", "experience")
    sort_fields = {"title": ["title", "pk"], "published_at": ["published_at", "pk"]}
    default_sort = "-published_at"
    # Exports of express reports are granted to no role.
    exportable = False

    def extra_context(self):
        plant = chosen_plant(self.request)
        if plant is None:
            return {}
        plant = Unit.objects.get(pk=plant.pk)
        return {"plant": plant, "feed_url": feed_url(plant)}


class ExpressReportDetailView(generic.ObjectDetailView):
    queryset = REPORT_QS
    body_template = "exchange/_express_report_body.html"

    def extra_context(self, report):
        user = self.request.user
        return {
            "can_publish": express.may_publish(user, report),
            "can_delete": express.may_delete(user, report),
            "feed_url": feed_url(report.plant),
            "subscriber_count": Subscription.objects.filter(plant_id=report.plant_id).count(),
        }


class ExpressReportEditView(generic.ObjectEditView):
    """Write a report, or correct one: a published report's correction gives its reason."""

    queryset = REPORT_QS
    form_class = forms.ExpressReportForm

    def initial_for_create(self):
        person = own_person(self.request.user)
        if person is not None and is_path_in_scope(
            self.request.user, ExpressReport, "add", person.unit.path
        ):
            return {"unit_ref": person.unit.code}
        return {}

    def reason_required(self, report):
        if report.pk and report.is_published:
            return express.CORRECTION_NEEDS_REASON
        return ""

    def success_message(self, report, created):
        if created:
            return gettext("The draft is saved. Publish it to send it to the subscribers.")
        return super().success_message(report, created)


class ExpressReportDeleteView(generic.ObjectDeleteView):
    queryset = REPORT_QS
    success_url = "exchange:expressreport_list"

    def get_object(self, action="view"):
        report = super().get_object(action)
        if action == "delete" and not express.may_delete(self.request.user, report):
            raise PermissionDenied(
                gettext("A published report stays on record; only management may delete it.")
            )
        return report

    def reason_required(self, report):
        if report.is_published:
            return gettext("Say why a published report is deleted.")
        return ""


class ExpressReportHistoryView(generic.ObjectHistoryView):
    queryset = ExpressReport.objects.all()


class ExpressReportPublishView(generic.ScopedView):
    """POST: publish the draft and send it to the units subscribed to its plant."""

    queryset = REPORT_QS

    def get(self, request, pk):
        return HttpResponseRedirect(self.get_object("view").get_absolute_url())

    def post(self, request, pk):
        report = self.get_object("view")
        if not is_path_in_scope(request.user, ExpressReport, "publish", report.unit.path):
            raise PermissionDenied
        try:
            published = express.publish(report, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            count = Subscription.objects.filter(plant_id=published.plant_id).count()
            messages.success(
                request,
                gettext("Published. It is sent to the %(count)s unit(s) subscribed to %(plant)s.")
                % {"count": count, "plant": published.plant},
            )
        return HttpResponseRedirect(report.get_absolute_url())


# Subscriptions


class SubscriptionListView(generic.ObjectListView):
    """The subscriptions of the units in one's scope (?unit= for one unit's)."""

    queryset = SUBSCRIPTION_QS
    filterset_class = filtersets.SubscriptionFilterSet
    table_class = tables.SubscriptionTable
    template_name = "exchange/express_subscription_list.html"
    carried_params = ("unit", "plant")
    sort_fields = {"unit": ["unit__path", "pk"], "plant": ["plant__path", "pk"]}
    default_sort = "unit"
    # Exports of subscriptions are granted to no role.
    exportable = False

    def draw_results(self, queryset, filterset, sort, context):
        queryset = self.filtered(queryset, filterset, sort)
        page = Paginator(queryset, self.page_size(self.request)).get_page(
            self.request.GET.get("page")
        )
        rows = list(page.object_list)
        for row in rows:
            row.can_delete = self.can("delete", row)
        page.object_list = rows
        results_context = dict(context)
        results_context.update(
            {
                "page": page,
                "objects": rows,
                "table": self.table_class(rows, sort or "", context["sort_query_string"]),
            }
        )
        return render_to_string(self.results_template, results_context, self.request)

    def extra_context(self):
        value = self.request.GET.get("unit", "")
        unit = find_unit(value, Unit.objects.restrict(self.request.user, "view")) if value else None
        if unit is not None:
            unit = Unit.objects.get(pk=unit.pk)
        return {"unit": unit}


class SubscriptionEditView(generic.ObjectEditView):
    queryset = SUBSCRIPTION_QS
    form_class = forms.SubscriptionForm

    def initial_for_create(self):
        initial = {"by_email": True}
        for name, parameter in (("unit_ref", "unit"), ("plant_ref", "plant")):
            unit = find_unit(self.request.GET.get(parameter, ""))
            if unit is not None:
                initial[name] = unit.code
        return initial

    def success_message(self, subscription, created):
        return gettext("%(unit)s now receives the express reports of %(plant)s.") % {
            "unit": subscription.unit,
            "plant": subscription.plant,
        }


class SubscriptionDeleteView(generic.ObjectDeleteView):
    queryset = SUBSCRIPTION_QS

    def delete_object(self, subscription):
        self.back_to = reverse("exchange:subscription_list") + f"?unit={subscription.unit_id}"
        subscription.delete()

    def get_success_url(self):
        return self.back_to
