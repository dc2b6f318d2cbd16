"""Pages of members' affairs: membership events; dues rates and payments, the dues sheet
of a unit for a month, the arrears report; a person's membership and dues; welfare cases
with the help given; activities with their attendance.

Welfare cases' health details are shown only to those who may read them (the group
leader and the welfare officer): everywhere else, lists, exports, searches and the
history included, they read as HIDDEN.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gexin.core import audit, spreadsheets
from gexin.core import views as generic
from gexin.core.forms import ChangeReasonForm
from gexin.core.models import ChangeRecord
from gexin.core.permissions import has_action_anywhere, is_path_in_scope
from gexin.core.replicas import ReplicaReadMixin
from gexin.org.backends import own_person
from gexin.org.filtersets import find_unit, is_number
from gexin.org.models import Person, Unit
from gexin.org.privacy import HIDDEN, may_view_health
from gexin.people import dues, membership
from gexin.people.filtersets import members as filtersets
from gexin.people.forms import members as forms
from gexin.people.models.members import (
    Activity,
    ActivityKind,
    DuesPayment,
    DuesRate,
    MembershipEvent,
    MembershipKind,
    WelfareCase,
    WelfareHelp,
    WelfareKind,
)
from gexin.people.tables import members as tables

EVENT_QS = MembershipEvent.objects.select_related("person__unit", "other_unit", "recruited_by")
RATE_QS = DuesRate.objects.select_related("person__unit")
PAYMENT_QS = DuesPayment.objects.select_related("person__unit", "collected_by")
CASE_QS = WelfareCase.objects.select_related("person__unit")
HELP_QS = WelfareHelp.objects.select_related("case__person__unit")
ACTIVITY_QS = Activity.objects.select_related("unit", "organiser")


class ServiceEditMixin:
    """An edit whose service refuses with a ValidationError (checked again in the
    transaction): the form comes back with the reasons, nothing saved."""

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError as error:
            obj = self.get_target()
            form = self.form_class(request.POST, instance=obj, **self.get_form_kwargs())
            form.is_valid()
            forms.model_errors_to_form(form, error)
            meta = ChangeReasonForm(request.POST)
            meta.is_valid()
            return self.render_form(obj, form, meta, status=400)


class ServiceDeleteMixin:
    """A deletion a service may refuse: the reasons are shown on the object's page."""

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError as error:
            obj = self.get_object("delete")
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(obj.get_absolute_url())


def unit_for(user, code, perm):
    """The unit named by `code` among those where the user holds `perm`; with no code,
    the user's own unit if there, else the highest such unit. None when not found."""
    units = Unit.objects.where_user_holds(user, perm)
    if code:
        return find_unit(code, units)
    person = own_person(user)
    if person is not None:
        own = units.filter(pk=person.unit_id).first()
        if own is not None:
            return own
    return units.order_by("depth", "path").first()


def default_unit_code(user, perm):
    unit = unit_for(user, "", perm)
    return unit.code if unit else ""


# Membership events


class MembershipEventListView(generic.ObjectListView):
    queryset = EVENT_QS
    filterset_class = filtersets.MembershipEventFilterSet
    table_class = tables.MembershipEventTable
    template_name = "people/membershipevent_list.html"
    select_filters = (("kind", gettext_lazy("Event"), MembershipKind.choices),)
    carried_params = ("within", "person")
    sort_fields = {
        "person": ["person__name", "pk"],
        "number": ["person__employee_number", "pk"],
        "kind": ["kind", "-day"],
        "day": ["day", "pk"],
    }
    default_sort = "-day"


class MembershipEventDetailView(generic.ObjectDetailView):
    queryset = EVENT_QS
    body_template = "people/membershipevent_body.html"


class MembershipEventEditView(ServiceEditMixin, generic.ObjectEditView):
    queryset = EVENT_QS
    form_class = forms.MembershipEventForm

    def initial_for_create(self):
        initial = {}
        value = self.request.GET.get("person", "")
        if is_number(value):
            person = Person.objects.restrict(self.request.user, "view").filter(pk=value).first()
            if person is not None:
                initial["person"] = person
        kind = self.request.GET.get("kind", "")
        if kind in MembershipKind.values:
            initial["kind"] = kind
        return initial


class MembershipEventDeleteView(ServiceDeleteMixin, generic.ObjectDeleteView):
    queryset = EVENT_QS
    success_url = "people:membershipevent_list"

    def delete_object(self, event):
        membership.remove(event)


class MembershipEventHistoryView(generic.ObjectHistoryView):
    queryset = MembershipEvent.objects.all()


# Dues rates


class DuesRateListView(generic.ObjectListView):
    queryset = RATE_QS
    filterset_class = filtersets.DuesRateFilterSet
    table_class = tables.DuesRateTable
    template_name = "people/duesrate_list.html"
    carried_params = ("within", "person")
    sort_fields = {
        "person": ["person__name", "-from_month", "pk"],
        "number": ["person__employee_number", "-from_month", "pk"],
        "from_month": ["from_month", "person__name", "pk"],
        "amount": ["amount", "pk"],
    }
    default_sort = "person"

    def extra_context(self):
        return {"can_set_for_unit": self.can("add")}


class DuesRateDetailView(generic.ObjectDetailView):
    queryset = RATE_QS
    body_template = "people/duesrate_body.html"


class DuesRateEditView(generic.ObjectEditView):
    queryset = RATE_QS
    form_class = forms.DuesRateForm

    def initial_for_create(self):
        initial = {"from_month": dues.this_month()}
        value = self.request.GET.get("person", "")
        if is_number(value):
            person = Person.objects.restrict(self.request.user, "view").filter(pk=value).first()
            if person is not None:
                initial["person"] = person
        return initial


class DuesRateDeleteView(generic.ObjectDeleteView):
    queryset = RATE_QS
    success_url = "people:duesrate_list"


class DuesRateHistoryView(generic.ObjectHistoryView):
    queryset = DuesRate.objects.all()


class UnitRateView(generic.ScopedView):
    """Set one monthly rate for every member of a unit from a month on: one rate row per
    member (a rate of theirs from the same month is replaced)."""

    queryset = DuesRate.objects.all()
    template_name = "people/dues_unit_rate.html"

    def get(self, request):
        self.require_anywhere("add")
        initial = {
            "unit": request.GET.get("unit")
            or default_unit_code(request.user, "people.add_duesrate"),
            "from_month": dues.this_month(),
        }
        form = forms.UnitRateForm(initial=initial, user=request.user)
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        self.require_anywhere("add")
        form = forms.UnitRateForm(request.POST, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        data = form.cleaned_data
        # set_unit_rate keeps those of them who are members in the month.
        people = dues.sheet_people(
            data["unit"], Person.objects.where_user_holds(request.user, "people.add_duesrate")
        )
        reason = _("rate for all members of %(unit)s from %(month)s") % {
            "unit": data["unit"].code,
            "month": data["from_month"].strftime("%Y-%m"),
        }
        with audit.audit_reason(reason):
            created, changed = dues.set_unit_rate(
                people, data["from_month"], data["amount"], data["note"]
            )
        messages.success(
            request,
            _("Rate %(amount)s from %(month)s: %(created)s new, %(changed)s changed.")
            % {
                "amount": dues.plain(data["amount"]),
                "month": data["from_month"].strftime("%Y-%m"),
                "created": created,
                "changed": changed,
            },
        )
        url = reverse("people:duesrate_list") + f"?within={data['unit'].code}"
        return HttpResponseRedirect(url)


# Dues payments


class DuesPaymentListView(generic.ObjectListView):
    queryset = PAYMENT_QS
    filterset_class = filtersets.DuesPaymentFilterSet
    table_class = tables.DuesPaymentTable
    template_name = "people/duespayment_list.html"
    carried_params = ("within", "person", "month")
    select_filters = (
        (
            "is_from_sheet",
            gettext_lazy("Recorded"),
            (("true", gettext_lazy("on the dues sheet")), ("false", gettext_lazy("one by one"))),
        ),
    )
    sort_fields = {
        "person": ["person__name", "-month", "pk"],
        "number": ["person__employee_number", "-month", "pk"],
        "month": ["month", "person__name", "pk"],
        "amount": ["amount", "pk"],
        "paid_on": ["paid_on", "pk"],
    }
    default_sort = "-month"


class DuesPaymentDetailView(generic.ObjectDetailView):
    queryset = PAYMENT_QS
    body_template = "people/duespayment_body.html"


class DuesPaymentEditView(ServiceEditMixin, generic.ObjectEditView):
    queryset = PAYMENT_QS
    form_class = forms.DuesPaymentForm

    def initial_for_create(self):
        initial = {"paid_on": datetime.date.today(), "month": dues.this_month()}
        value = self.request.GET.get("person", "")
        if is_number(value):
            person = Person.objects.restrict(self.request.user, "view").filter(pk=value).first()
            if person is not None:
                initial["person"] = person
        month = read_month(self.request.GET.get("month", ""), None)
        if month is not None:
            initial["month"] = month
        collector = own_person(self.request.user)
        if collector is not None:
            initial["collected_by"] = collector
        return initial


class DuesPaymentDeleteView(generic.ObjectDeleteView):
    queryset = PAYMENT_QS
    success_url = "people:duespayment_list"


class DuesPaymentHistoryView(generic.ObjectHistoryView):
    queryset = DuesPayment.objects.all()


# The dues sheet


def read_month(text, default):
    try:
        return dues.parse_month(text) if text else default
    except ValueError:
        return None


class DuesSheetView(generic.ScopedView):
    """`/dues/?unit=<code>&month=YYYY-MM`: every member of the unit with what is due,
    paid and owed this month and their arrears; those who keep dues record the month's
    payments of many people at once (all rows or none). The sheet keeps one payment of
    its own per person and month: sending it again with the same amounts changes nothing.
    """

    queryset = DuesPayment.objects.all()
    template_name = "people/dues_sheet.html"

    def chosen(self, request):
        """(unit, month, choice form, error) from the query string."""
        month = read_month(request.GET.get("month", ""), dues.this_month())
        unit = unit_for(request.user, request.GET.get("unit", ""), "people.view_duespayment")
        error = None
        if month is None:
            error = _("Give a month as YYYY-MM, e.g. 1953-10.")
        elif unit is None:
            error = _("No unit with this code among those whose dues you may see.")
        return unit, month, error

    def context(self, request, unit, month, sheet_form=None, errors=None, amounts=None):
        people = Person.objects.where_user_holds(request.user, "people.view_duespayment")
        sheet = dues.sheet(unit, month, people)
        can_record = is_path_in_scope(request.user, DuesPayment, "add", unit.path)
        collector = own_person(request.user)
        if sheet_form is None:
            sheet_form = forms.SheetForm(
                initial={
                    "paid_on": datetime.date.today(),
                    "collected_by": collector.employee_number if collector else "",
                },
                user=request.user,
            )
        amounts = amounts or {}
        rows = []
        for row in sheet.rows:
            value = amounts.get(row.person.pk)
            if value is None:
                value = dues.plain(row.sheet_amount) if row.sheet_amount is not None else ""
            rows.append({"row": row, "value": value})
        return {
            "unit": unit,
            "month": month,
            "month_text": month.strftime("%Y-%m"),
            "previous_month": (month - datetime.timedelta(days=1)).strftime("%Y-%m"),
            "next_month": dues.next_month(month).strftime("%Y-%m"),
            "sheet": sheet,
            "rows": rows,
            "can_record": can_record,
            "sheet_form": sheet_form,
            "errors": errors or [],
            "can_export": has_action_anywhere(request.user, DuesPayment, "export"),
        }

    def get(self, request):
        self.require_anywhere("view")
        unit, month, error = self.chosen(request)
        if error:
            return render(
                request,
                self.template_name,
                {"choice_error": error, "month_text": request.GET.get("month", "")},
                status=400,
            )
        return render(request, self.template_name, self.context(request, unit, month))

    def post(self, request):
        self.require_anywhere("add")
        unit, month, error = self.chosen(request)
        if error:
            raise Http404
        if not is_path_in_scope(request.user, DuesPayment, "add", unit.path):
            raise PermissionDenied
        sheet_form = forms.SheetForm(request.POST, user=request.user)
        amounts, raw, errors = self.read_amounts(request)
        if not sheet_form.is_valid():
            for field_errors in sheet_form.errors.values():
                for message in field_errors:
                    errors.append({"row": None, "person": None, "reason": message})
        if not errors:
            people = Person.objects.where_user_holds(request.user, "people.add_duespayment")
            try:
                with audit.audit_reason(
                    _("dues sheet of %(unit)s for %(month)s")
                    % {"unit": unit.code, "month": month.strftime("%Y-%m")}
                ):
                    result = dues.save_sheet(
                        unit,
                        month,
                        amounts,
                        sheet_form.cleaned_data["paid_on"],
                        sheet_form.cleaned_data.get("collected_by"),
                        people,
                    )
            except dues.SheetRefused as refused:
                errors = [
                    {"row": number, "person": person, "reason": reason}
                    for number, person, reason in refused.errors
                ]
            else:
                messages.success(
                    request,
                    _(
                        "Dues sheet saved: %(created)s new, %(changed)s changed, %(removed)s "
                        "removed, %(unchanged)s unchanged."
                    )
                    % {
                        "created": result.created,
                        "changed": result.changed,
                        "removed": result.removed,
                        "unchanged": result.unchanged,
                    },
                )
                return HttpResponseRedirect(
                    reverse("people:dues_sheet") + f"?unit={unit.code}&month={month:%Y-%m}"
                )
        context = self.context(request, unit, month, sheet_form, errors, raw)
        return render(request, self.template_name, context, status=400)

    def read_amounts(self, request):
        """{person id: Decimal or None} from the `paid-<id>` fields, the raw texts, and
        the rows whose amount is not a number."""
        from decimal import Decimal, InvalidOperation

        amounts, raw, errors = {}, {}, []
        people = {}
        ids = [
            int(name[5:])
            for name in request.POST
            if name.startswith("paid-") and is_number(name[5:])
        ]
        # An id beyond the database's integers is no one's (the sheet refuses its row).
        known = [pk for pk in ids if pk <= dues.MAX_ID]
        if known:
            people = {
                p.pk: p for p in Person.objects.restrict(request.user, "view").filter(pk__in=known)
            }
        for person_id in ids:
            text = request.POST.get(f"paid-{person_id}", "").strip().replace(",", "")
            raw[person_id] = text
            if not text:
                amounts[person_id] = None
                continue
            try:
                value = Decimal(text)
                if not value.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                errors.append(
                    {
                        "row": None,
                        "person": people.get(person_id),
                        "reason": _("“%(text)s” is not an amount.") % {"text": text},
                    }
                )
                continue
            amounts[person_id] = value
        return amounts, raw, errors


# The arrears report


def arrears_report(user, unit_code, start, through, perm="people.view_duespayment"):
    """(unit, months, rows) of the arrears report, or raise LookupError for the unit."""
    unit = unit_for(user, unit_code, perm)
    if unit is None:
        raise LookupError(unit_code)
    through = through or dues.this_month()
    start = start or datetime.date(through.year, 1, 1)
    people = dues.sheet_people(unit, Person.objects.where_user_holds(user, perm))
    found = dues.arrears(people, through, since_month=start)
    months = dues.months(start, through)
    rows = [figures for figures in found.values() if figures.months]
    return unit, start, through, months, rows


def report_table(months, rows):
    """The report as lines: a header, one line per person, the totals."""
    header = [
        str(_("Employee number")),
        str(_("Person")),
        *[month.strftime("%Y-%m") for month in months],
        str(_("Due")),
        str(_("Paid")),
        str(_("Arrears")),
        str(_("Months in arrears")),
    ]
    lines = [header]
    for figures in rows:
        owed = [
            figures.by_month[month].owed if month in figures.by_month else None for month in months
        ]
        lines.append(
            [
                figures.person.employee_number,
                figures.person.display_name,
                *owed,
                figures.due,
                figures.paid,
                figures.arrears,
                len(figures.months_in_arrears),
            ]
        )
    return lines


class ArrearsReportView(ReplicaReadMixin, generic.ScopedView):
    """`/dues/arrears/?unit=&start=YYYY-MM&through=YYYY-MM`: what each person of the unit
    owes month by month over the range, with CSV and XLSX export."""

    queryset = DuesPayment.objects.all()
    template_name = "people/dues_arrears.html"

    def get(self, request):
        self.require_anywhere("view")
        form = forms.ArrearsForm(request.GET or None)
        context = {"form": form, "can_export": self.can("export")}
        if form.is_bound and not form.is_valid():
            return render(request, self.template_name, context, status=400)
        data = form.cleaned_data if form.is_bound else {}
        export = request.GET.get("export", "")
        perm = "people.view_duespayment"
        if export in ("csv", "xlsx"):
            self.require_anywhere("export")
            perm = "people.export_duespayment"
        try:
            unit, start, through, months, rows = arrears_report(
                request.user, data.get("unit"), data.get("start"), data.get("through"), perm
            )
        except LookupError:
            form.add_error("unit", _("No unit with this code among those whose dues you may see."))
            return render(request, self.template_name, context, status=400)
        name = f"arrears-{unit.code}-{start:%Y-%m}-{through:%Y-%m}"
        if export == "csv":
            return self.csv(name, months, rows)
        if export == "xlsx":
            return self.xlsx(name, months, rows)
        total = sum((figures.arrears for figures in rows), dues.ZERO)
        context.update(
            {
                "unit": unit,
                "start": start,
                "through": through,
                "months": months,
                "rows": [
                    {
                        "figures": figures,
                        "cells": [figures.by_month.get(month) for month in months],
                    }
                    for figures in rows
                ],
                "total": total,
                "in_arrears": sum(1 for figures in rows if figures.arrears > 0),
                "query": request.GET.urlencode(),
            }
        )
        return render(request, self.template_name, context)

    def csv(self, name, months, rows):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        response.write("\ufeff")
        spreadsheets.csv_writer(response).writerows(report_table(months, rows))
        return response

    def xlsx(self, name, months, rows):
        book = spreadsheets.XlsxBook()
        sheet = book.sheet(_("Dues arrears"))
        # Amounts stay numbers, so that a spreadsheet can add them up.
        for line in report_table(months, rows):
            sheet.append(line)
        response = HttpResponse(book.to_bytes(), content_type=spreadsheets.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response


# A person's membership and dues


def person_in_view(user, pk):
    person = Person.objects.restrict(user, "view").select_related("unit").filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def dues_years(person):
    """The years in which the person has a rate or a payment, newest first."""
    years = {rate.from_month.year for rate in person.dues_rates.all()}
    years.update(payment.month.year for payment in person.dues_payments.all())
    return sorted(years, reverse=True)


def reckoned_through(year):
    """The month a year's dues are reckoned through: December of a past year, this
    month for the current year."""
    today = dues.this_month()
    return today if year >= today.year else datetime.date(year, 12, 1)


def default_year(person):
    """The year a person's dues open on: the latest year with a rate or payment, or
    the current year."""
    years = dues_years(person)
    return years[0] if years else datetime.date.today().year


class PersonMembershipView(generic.ScopedView):
    """A person's membership (periods and events), dues month by month for a year with
    their arrears, welfare cases (summaries) and the activities they attended."""

    queryset = MembershipEvent.objects.all()
    template_name = "people/member_person.html"

    def get(self, request, pk):
        user = request.user
        person = person_in_view(user, pk)
        if not is_path_in_scope(user, MembershipEvent, "view", person.unit_path):
            raise PermissionDenied
        events = list(
            MembershipEvent.objects.restrict(user, "view")
            .filter(person=person)
            .select_related("other_unit", "recruited_by")
            .order_by("day", "pk")
        )
        context = {
            "person": person,
            "events": events,
            "periods": membership.periods(person, events),
            "is_member": person.is_union_member,
            "can_add_event": is_path_in_scope(user, MembershipEvent, "add", person.unit_path),
            "recruited": list(
                MembershipEvent.objects.restrict(user, "view")
                .filter(recruited_by=person)
                .select_related("person")
            ),
        }
        if is_path_in_scope(user, DuesPayment, "view", person.unit_path):
            context.update(self.dues_context(request, person))
        if is_path_in_scope(user, WelfareCase, "view", person.unit_path):
            context["welfare_cases"] = list(
                WelfareCase.objects.restrict(user, "view").filter(person=person)
            )
            context["shows_welfare"] = True
        context["activities"] = list(
            Activity.objects.restrict(user, "view")
            .filter(attendance__person=person)
            .select_related("unit")
            .order_by("-held_on")[:20]
        )
        return render(request, self.template_name, context)

    def dues_context(self, request, person):
        years = dues_years(person)
        try:
            year = int(request.GET.get("year", ""))
        except ValueError:
            year = default_year(person)
        if not 1900 <= year <= datetime.date.today().year:
            year = default_year(person)
        through = reckoned_through(year)
        year_figures = dues.arrears([person], through, since_month=datetime.date(year, 1, 1))
        # The year chosen is only the table's: what is owed in all runs through this
        # month, a rate staying in force after the last year with a rate or payment.
        total_through = dues.this_month()
        total = dues.arrears([person], total_through)[person.pk]
        rates = list(DuesRate.objects.restrict(request.user, "view").filter(person=person))
        return {
            "shows_dues": True,
            "year": year,
            "years": sorted(set(years) | {year, datetime.date.today().year}, reverse=True),
            "year_dues": year_figures[person.pk],
            "total_dues": total,
            "through": through,
            "total_through": total_through,
            "rates": sorted(rates, key=lambda rate: rate.from_month, reverse=True),
            "can_add_payment": is_path_in_scope(request.user, DuesPayment, "add", person.unit_path),
            "can_add_rate": is_path_in_scope(request.user, DuesRate, "add", person.unit_path),
        }


class PersonMembershipPanelView(generic.ScopedView):
    """The card on a person's page: member or not, since when, arrears, and a link."""

    queryset = MembershipEvent.objects.all()
    template_name = "people/member_person_panel.html"

    def get(self, request, pk):
        user = request.user
        person = person_in_view(user, pk)
        if not is_path_in_scope(user, MembershipEvent, "view", person.unit_path):
            return HttpResponse("")
        events = list(MembershipEvent.objects.filter(person=person))
        spans = membership.periods(person, events)
        context = {
            "person": person,
            "current": spans[-1] if spans and spans[-1].end is None else None,
        }
        if is_path_in_scope(user, DuesPayment, "view", person.unit_path):
            # Through this month: a rate stays in force after the last year with a rate
            # or payment.
            through = dues.this_month()
            context["arrears"] = dues.arrears([person], through)[person.pk]
            context["through"] = through
        return render(request, self.template_name, context)


# Welfare cases


class WelfareCaseListView(generic.ObjectListView):
    queryset = CASE_QS
    filterset_class = filtersets.WelfareCaseFilterSet
    table_class = tables.WelfareCaseTable
    template_name = "people/welfarecase_list.html"
    select_filters = (
        ("kind", gettext_lazy("Kind"), WelfareKind.choices),
        (
            "is_open",
            gettext_lazy("Still open"),
            (("true", gettext_lazy("open")), ("false", gettext_lazy("closed"))),
        ),
    )
    carried_params = ("within", "person")
    sort_fields = {
        "person": ["person__name", "pk"],
        "kind": ["kind", "-opened_on", "pk"],
        "opened_on": ["opened_on", "pk"],
        "closed_on": ["closed_on", "pk"],
    }
    default_sort = "-opened_on"

    def get_base_queryset(self):
        return super().get_base_queryset().with_privacy(self.request.user)


class WelfareCaseDetailView(generic.ObjectDetailView):
    queryset = CASE_QS
    body_template = "people/welfarecase_body.html"

    def extra_context(self, case):
        user = self.request.user
        case.reveal_for(user)
        keeps_help = is_path_in_scope(user, WelfareHelp, "add", case.person.unit_path)
        return {
            "helps": list(WelfareHelp.objects.restrict(user, "view").filter(case=case)),
            "keeps_help": keeps_help,
            "help_form": forms.WelfareHelpForm(user=user, case=case) if keeps_help else None,
            "reads_health": case.health_shown,
            "hidden": HIDDEN,
        }


class WelfareCaseEditView(generic.ObjectEditView):
    queryset = CASE_QS
    form_class = forms.WelfareCaseForm

    def initial_for_create(self):
        initial = {"opened_on": datetime.date.today()}
        value = self.request.GET.get("person", "")
        if is_number(value):
            person = Person.objects.restrict(self.request.user, "view").filter(pk=value).first()
            if person is not None:
                initial["person"] = person
        kind = self.request.GET.get("kind", "")
        if kind in WelfareKind.values:
            initial["kind"] = kind
        return initial


class WelfareCaseDeleteView(generic.ObjectDeleteView):
    queryset = CASE_QS
    success_url = "people:welfarecase_list"


class WelfareCaseHistoryView(generic.ObjectHistoryView):
    """The case's history; its health details read as HIDDEN in it to those who may not
    read them (in every change, the old and the new value)."""

    queryset = CASE_QS

    def get(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        case = self.get_object("view")
        records = ChangeRecord.for_object(case)
        if request.htmx:
            history = list(records[: self.fragment_limit + 1])
            context = {
                "history": history[: self.fragment_limit],
                "has_more": len(history) > self.fragment_limit,
                "history_url": request.path,
            }
            template = self.fragment_template
        else:
            page = Paginator(records, 50).get_page(request.GET.get("page"))
            history = list(page.object_list)
            context = {"opts": WelfareCase._meta, "page": page, "history": history}
            context["query_string"] = ""
            template = self.template_name
        if not may_view_health(request.user, case.person.unit_path):
            redact(history)
        context["object"] = case
        return render(request, template, context)


def redact(records):
    """Replace the health details in the records' changes by HIDDEN (in memory only)."""
    hidden = str(HIDDEN)
    for record in records:
        for name in WelfareCase.private_fields:
            if name in record.changes:
                old, new = record.changes[name]
                record.changes[name] = [
                    hidden if old not in (None, "") else old,
                    hidden if new not in (None, "") else new,
                ]


class ChooseCaseFirst(Exception):
    """Help was asked for without naming its case (?case=)."""


class WelfareHelpMixin:
    """Help of a case: added with ?case= (or the form's field of that name); it returns
    to the case's page."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ChooseCaseFirst:
            messages.info(request, _("Open the welfare case first, then add help on its page."))
            return HttpResponseRedirect(reverse("people:welfarecase_list"))

    def case_from_request(self):
        value = self.request.GET.get("case") or self.request.POST.get("case") or ""
        if not is_number(str(value)):
            raise ChooseCaseFirst
        case = CASE_QS.restrict(self.request.user, "view").filter(pk=value).first()
        if case is None:
            raise Http404
        if not is_path_in_scope(self.request.user, WelfareHelp, "add", case.person.unit_path):
            raise PermissionDenied
        return case

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "pk" not in self.kwargs:
            kwargs["case"] = self.case = self.case_from_request()
        return kwargs

    def return_url(self, default):
        case = getattr(self, "case", None)
        if not default and case is not None:
            default = case.get_absolute_url()
        return super().return_url(default)

    def delete_object(self, row):
        self.back_to = row.get_absolute_url()
        row.delete()

    def get_success_url(self):
        return self.back_to


class WelfareHelpEditView(WelfareHelpMixin, generic.ObjectEditView):
    queryset = HELP_QS
    form_class = forms.WelfareHelpForm


class WelfareHelpDeleteView(WelfareHelpMixin, generic.ObjectDeleteView):
    queryset = HELP_QS


# Activities


class ActivityListView(generic.ObjectListView):
    queryset = ACTIVITY_QS
    filterset_class = filtersets.ActivityFilterSet
    table_class = tables.ActivityTable
    template_name = "people/activity_list.html"
    select_filters = (("kind", gettext_lazy("Kind"), ActivityKind.choices),)
    carried_params = ("attendee",)
    sort_fields = {
        "title": ["title", "pk"],
        "kind": ["kind", "-held_on", "pk"],
        "held_on": ["held_on", "pk"],
        "unit": ["unit__path", "-held_on", "pk"],
    }
    default_sort = "-held_on"

    def get_base_queryset(self):
        return super().get_base_queryset().annotate(present_count=Count("attendance"))

    def extra_context(self):
        query = self.request.GET
        return {
            "within": query.get("within", ""),
            "start": query.get("start", ""),
            "end": query.get("end", ""),
        }


class ActivityDetailView(generic.ObjectDetailView):
    queryset = ACTIVITY_QS
    body_template = "people/activity_body.html"

    def extra_context(self, activity):
        present = list(
            activity.attendance.select_related("person").order_by(
                "person__unit_path", "person__employee_number"
            )
        )
        return {
            "present": present,
            "can_take_attendance": self.can("change", activity),
        }


class ActivityEditView(generic.ObjectEditView):
    queryset = ACTIVITY_QS
    form_class = forms.ActivityForm

    def initial_for_create(self):
        initial = {"held_on": datetime.date.today()}
        unit = find_unit(self.request.GET.get("unit"))
        if unit is None:
            person = own_person(self.request.user)
            unit = person.unit if person is not None else None
        if unit is not None:
            initial["unit"] = unit
        kind = self.request.GET.get("kind", "")
        if kind in ActivityKind.values:
            initial["kind"] = kind
        return initial


class ActivityDeleteView(generic.ObjectDeleteView):
    queryset = ACTIVITY_QS
    success_url = "people:activity_list"


class ActivityHistoryView(generic.ObjectHistoryView):
    queryset = Activity.objects.all()


class ActivityAttendanceView(generic.ScopedView):
    """Who was present: a checkbox per person of the unit's subtree, on a phone."""

    queryset = ACTIVITY_QS
    template_name = "people/activity_attendance.html"

    def offered(self, activity):
        people = Person.objects.where_user_holds(self.request.user, "people.change_activity")
        return list(activity.eligible_people(people).select_related("unit"))

    def show(self, activity, offered, present_ids, status=200, error=None):
        return render(
            self.request,
            self.template_name,
            {
                "object": activity,
                "opts": Activity._meta,
                "people": [(person, person.pk in present_ids) for person in offered],
                "present_count": len(present_ids),
                "error": error,
            },
            status=status,
        )

    def get(self, request, pk):
        activity = self.get_object("change")
        offered = self.offered(activity)
        present = set(activity.attendance.values_list("person_id", flat=True))
        return self.show(activity, offered, present)

    def post(self, request, pk):
        activity = self.get_object("change")
        offered = self.offered(activity)
        by_id = {person.pk: person for person in offered}
        chosen = [value for value in request.POST.getlist("present") if is_number(value)]
        unknown = [value for value in chosen if int(value) not in by_id]
        if unknown:
            return self.show(
                activity,
                offered,
                {int(value) for value in chosen if int(value) in by_id},
                status=400,
                error=_("Only the people of the list may be marked present."),
            )
        present = [by_id[int(value)] for value in chosen]
        with audit.audit_reason(_("attendance taken")):
            count = activity.take_attendance(offered, present)
        messages.success(
            request,
            _("%(present)s of %(offered)s present.") % {"present": count, "offered": len(offered)},
        )
        return HttpResponseRedirect(activity.get_absolute_url())


def person_panel(person):
    """The URL of the membership card on a person's page."""
    return reverse("people:person_membership_panel", args=[person.pk])
