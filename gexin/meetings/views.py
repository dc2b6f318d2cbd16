"""Pages for meetings (agenda, attendance, minutes), action items, proposals and the blackboard."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gexin.core import audit, meeting_panels
from gexin.core import views as generic
from gexin.core.concurrency import StaleEdit, lock, state_token
from gexin.core.permissions import has_action_anywhere, is_path_in_scope, under
from gexin.core.replicas import ReplicaReadMixin
from gexin.meetings import filtersets, forms, services, tables
from gexin.meetings.choices import (
    AWAITING_STATUSES,
    ActionStatus,
    AttendanceStatus,
    EntryKind,
    MeetingKind,
    MeetingStatus,
    ProposalKind,
    ProposalStatus,
)
from gexin.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Meeting,
    MinuteEntry,
    Proposal,
    ProposalDeadline,
)
from gexin.meetings.signals import proposal_moved
from gexin.org.backends import own_person
from gexin.org.filtersets import find_unit, is_number
from gexin.org.models import Unit

MEETING_QS = Meeting.objects.select_related("unit", "chair", "signed_off_by")


def signed_off_reason(meeting):
    """The message asking for a reason when the meeting's minutes are signed off."""
    return forms.REASON_REQUIRED if meeting is not None and meeting.is_signed_off else ""


def workflow_error(request, error):
    messages.error(request, " ".join(error.messages))


def pdf_response(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# Meetings


class MeetingListView(generic.ObjectListView):
    queryset = MEETING_QS
    filterset_class = filtersets.MeetingFilterSet
    table_class = tables.MeetingTable
    template_name = "meetings/meeting_list.html"
    select_filters = (
        ("kind", _("Kind"), MeetingKind.choices),
        ("status", _("Status"), MeetingStatus.choices),
    )
    carried_params = ("unit", "within")
    sort_fields = {
        "scheduled_at": ["scheduled_at", "pk"],
        "unit": ["unit__path", "-scheduled_at"],
        "kind": ["kind", "-scheduled_at"],
        "status": ["status", "-scheduled_at"],
    }
    default_sort = "-scheduled_at"


class MeetingDetailView(generic.ObjectDetailView):
    """The meeting page: the agenda and what the records say, then the minutes."""

    queryset = MEETING_QS
    body_template = "meetings/_meeting_body.html"

    def get(self, request, *args, **kwargs):
        from django.utils.safestring import mark_safe

        from gexin.core import versioning

        with versioning.reading(request) as read:
            meeting = self.get_object("view")
        # Overdue flags and pledges at risk depend on the day as well as on the data.
        body = versioning.cached_fragment(
            request,
            f"detail:meetings.meeting:{self.body_template}",
            (meeting.pk, datetime.date.today().isoformat()),
            lambda: self.draw_body(meeting),
            read_before=read,
        )
        return render(
            request,
            self.template_name,
            {"object": meeting, "opts": Meeting._meta, "body": mark_safe(body)},
        )

    def extra_context(self, meeting):
        user = self.request.user
        can_change = self.can("change", meeting)
        entries = list(meeting.entries.select_related("person", "agenda_item"))
        grouped = [
            (label, [entry for entry in entries if entry.kind == kind])
            for kind, label in EntryKind.choices
        ]
        attendance = list(meeting.attendances.select_related("person"))
        return {
            **services.agenda(meeting, user),
            "agenda_items": meeting.agenda_items.select_related("presenter"),
            "attendance_present": [a for a in attendance if a.status == AttendanceStatus.PRESENT],
            "attendance_absent": [a for a in attendance if a.status == AttendanceStatus.ABSENT],
            "entry_groups": [(label, group) for label, group in grouped if group],
            "raised_actions": meeting.action_items.select_related("owner"),
            "raised_proposals": meeting.proposals.all(),
            "invitees": meeting.invitees.all(),
            "guest_units": meeting.guest_units.all(),
            "can_change": can_change,
            "can_publish": can_change
            and meeting.status in (MeetingStatus.SCHEDULED, MeetingStatus.PUBLISHED),
            "can_mark_held": can_change
            and meeting.status in (MeetingStatus.SCHEDULED, MeetingStatus.PUBLISHED),
            "can_take_minutes": can_change
            and meeting.status in (MeetingStatus.HELD, MeetingStatus.SIGNED_OFF),
            "can_sign_off": meeting.status == MeetingStatus.HELD and meeting.can_sign_off(user),
            "can_cancel": can_change
            and meeting.status in (MeetingStatus.SCHEDULED, MeetingStatus.PUBLISHED),
            "can_add_proposal": has_action_anywhere(user, Proposal, "add"),
            # Cards other apps add (gexin.core.meeting_panels), each checking its own rights.
            "panels": meeting_panels.urls_for(meeting),
        }


class MeetingEditView(generic.ObjectEditView):
    queryset = MEETING_QS
    form_class = forms.MeetingForm

    def initial_for_create(self):
        initial = {}
        unit = find_unit(self.request.GET.get("unit", ""))
        person = own_person(self.request.user)
        if unit is None and person is not None:
            unit = person.unit
        if unit is not None:
            initial["unit_ref"] = unit
        if person is not None:
            initial["chair_ref"] = person
        tomorrow = datetime.datetime.combine(
            datetime.date.today() + datetime.timedelta(days=1), datetime.time(16, 30)
        )
        initial["scheduled_at"] = tomorrow
        kind = self.request.GET.get("kind")
        if kind in MeetingKind.values:
            initial["kind"] = kind
        return initial

    def reason_required(self, meeting):
        return signed_off_reason(meeting if meeting.pk else None)


class MeetingDeleteView(generic.ObjectDeleteView):
    queryset = MEETING_QS
    success_url = "meetings:meeting_list"

    def reason_required(self, meeting):
        return signed_off_reason(meeting)


class MeetingHistoryView(generic.ObjectHistoryView):
    queryset = Meeting.objects.all()


class MeetingStepView(generic.ScopedView):
    """POST: move a meeting on one step (publish, held, sign off, cancel)."""

    queryset = MEETING_QS
    action = "change"
    done = ""

    def get(self, request, pk):
        return HttpResponseRedirect(self.get_object("view").get_absolute_url())

    def post(self, request, pk):
        meeting = self.get_object(self.action)
        try:
            self.step(meeting)
        except ValidationError as error:
            workflow_error(request, error)
        else:
            messages.success(request, self.done)
        return HttpResponseRedirect(meeting.get_absolute_url())


class MeetingPublishView(MeetingStepView):
    done = _("The agenda is published and the members have been told.")

    def step(self, meeting):
        meeting.publish_agenda(self.request.user)


class MeetingHeldView(MeetingStepView):
    done = _("The meeting is marked as held: take its minutes.")

    def step(self, meeting):
        meeting.mark_held(self.request.user)


class MeetingSignOffView(MeetingStepView):
    action = "view"  # the chair signs, whatever other rights they hold
    done = _("The minutes are signed off.")

    def get_object(self, action="view"):
        meeting = super().get_object(action)
        if self.request.method == "POST" and not meeting.can_sign_off(self.request.user):
            # Refused outright, as in the API: no one but the chair signs.
            raise PermissionDenied(
                gettext("Only the chair of the meeting may sign off its minutes.")
            )
        return meeting

    def step(self, meeting):
        meeting.sign_off(self.request.user)


class MeetingCancelView(MeetingStepView):
    done = _("The meeting is cancelled and the members have been told.")

    def step(self, meeting):
        meeting.cancel(self.request.user)


class MeetingPdfView(generic.ScopedView):
    queryset = MEETING_QS

    def get(self, request, pk):
        from gexin.meetings.printing import minutes_pdf

        meeting = self.get_object("view")
        return pdf_response(minutes_pdf(meeting), f"minutes-{meeting.pk}.pdf")


class NotHeld(Exception):
    def __init__(self, meeting):
        super().__init__()
        self.meeting = meeting


class MinutesView(generic.ScopedView):
    """The minutes taken on a phone: attendance, what each item came to, new entries
    and action items, and the state of the items carried forward."""

    queryset = MEETING_QS
    template_name = "meetings/minutes.html"

    def forms_for(self, meeting, data=None):
        stored = {a.person_id: a for a in meeting.attendances.all()}
        members = list(meeting.members().order_by("name"))
        known = {person.pk for person in members}
        members += [a.person for a in stored.values() if a.person_id not in known]
        initial = [
            {
                "person_id": person.pk,
                "status": stored[person.pk].status if person.pk in stored else "present",
                "reason": stored[person.pk].reason if person.pk in stored else "",
            }
            for person in members
        ]
        attendance = forms.AttendanceFormSet(data, initial=initial, prefix="attendance")
        for form, person in zip(attendance.forms, members, strict=True):
            form.person = person
        return {
            "attendance": attendance,
            "entry": forms.QuickEntryForm(data, meeting=meeting, prefix="entry"),
            "action": forms.QuickActionForm(data, meeting=meeting, prefix="action"),
            "reason": forms.ReasonForm(data, required=meeting.is_signed_off, prefix="meta"),
            "items": list(meeting.agenda_items.all()),
            "carried": list(meeting.carried_action_items()),
        }

    def get_meeting(self):
        meeting = self.get_object("change")
        if meeting.status not in (MeetingStatus.HELD, MeetingStatus.SIGNED_OFF):
            raise NotHeld(meeting)
        return meeting

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except NotHeld as not_held:
            messages.error(request, gettext("Mark the meeting as held before taking its minutes."))
            return HttpResponseRedirect(not_held.meeting.get_absolute_url())

    def get(self, request, pk):
        meeting = self.get_meeting()
        return self.show(meeting, self.forms_for(meeting))

    def show(self, meeting, parts, status=200, version=None, stale=False):
        post = self.request.POST
        # What was typed stays on the page; nothing of it is saved here.
        for item in parts["items"]:
            item.outcome = post.get(f"outcome-{item.pk}", item.outcome)
        for item in parts["carried"]:
            if post.get(f"carried-{item.pk}") in ActionStatus.values:
                item.status = post[f"carried-{item.pk}"]
        context = {
            "meeting": meeting,
            "summary": post.get("summary", meeting.summary),
            "action_statuses": ActionStatus.choices,
            "entries": meeting.entries.select_related("person"),
            "raised_actions": meeting.action_items.select_related("owner"),
            "version": minutes_version(meeting) if version is None else version,
            "stale": STALE_MINUTES if stale else "",
            **parts,
        }
        return render(self.request, self.template_name, context, status=status)

    def post(self, request, pk):
        meeting = self.get_meeting()
        parts = self.forms_for(meeting, request.POST)
        checked = [parts[name].is_valid() for name in ("attendance", "entry", "action", "reason")]
        action = parts["action"]
        if (
            action.is_valid()
            and action.cleaned_data["text"] == ""
            and (action.cleaned_data["owner"] or action.cleaned_data["due_on"])
        ):
            action.add_error("text", gettext("Say what is to be done."))
            checked.append(False)
        opened_on = request.POST.get("version")
        if not all(checked):
            return self.show(meeting, parts, status=400, version=opened_on)
        try:
            with transaction.atomic(), audit.audit_reason(parts["reason"].cleaned_data["reason"]):
                lock(meeting)
                if opened_on is not None and opened_on != minutes_version(meeting, lock=True):
                    raise StaleEdit
                self.save(meeting, parts)
        except StaleEdit:
            return self.show(meeting, self.forms_for(meeting, request.POST), 409, stale=True)
        messages.success(request, gettext("The minutes are saved."))
        if request.POST.get("continue"):
            return HttpResponseRedirect(reverse("meetings:meeting_minutes", args=[pk]))
        return HttpResponseRedirect(meeting.get_absolute_url())

    def save(self, meeting, parts):
        post = self.request.POST
        summary = post.get("summary", meeting.summary).strip()
        if summary != meeting.summary:
            meeting.summary = summary
            meeting.save()
        stored = {a.person_id: a for a in meeting.attendances.all()}
        for form in parts["attendance"].forms:
            data = form.cleaned_data
            reason = data["reason"].strip() if data["status"] == AttendanceStatus.ABSENT else ""
            current = stored.get(data["person_id"])
            if current is None:
                Attendance.objects.create(
                    meeting=meeting,
                    person_id=data["person_id"],
                    status=data["status"],
                    reason=reason,
                )
            elif (current.status, current.reason) != (data["status"], reason):
                current.status, current.reason = data["status"], reason
                current.save()
        # Read again under the meeting's lock: a row is never saved back from an older copy.
        for item in meeting.agenda_items.all():
            outcome = post.get(f"outcome-{item.pk}")
            if outcome is not None and outcome.strip() != item.outcome:
                item.outcome = outcome.strip()
                item.save()
        for item in meeting.carried_action_items():
            status = post.get(f"carried-{item.pk}")
            if status in ActionStatus.values and status != item.status:
                item.status = status
                item.save()
        entry = parts["entry"].cleaned_data
        if entry["text"].strip():
            MinuteEntry.objects.create(
                meeting=meeting,
                kind=entry["kind"],
                text=entry["text"].strip(),
                person=entry["person"],
                is_typical=entry["is_typical"],
            )
        action = parts["action"].cleaned_data
        if action["text"].strip():
            ActionItem.objects.create(
                unit=meeting.unit,
                meeting=meeting,
                text=action["text"].strip(),
                owner=action["owner"],
                due_on=action["due_on"],
            )


def minutes_version(meeting, lock=False):
    """A token of what the minutes page overwrites: the summary, the attendance, what each
    item came to and the carried items' states. New entries and action items only add.

    With `lock`, inside a transaction, those rows stay locked until it ends.
    """

    def rows(queryset, *fields):
        if lock:
            queryset = queryset.select_for_update(of=("self",))
        return [(queryset.model._meta.model_name, *row) for row in queryset.values_list(*fields)]

    return state_token(
        [("summary", meeting.summary)]
        + rows(Attendance.objects.filter(meeting=meeting), "person_id", "status", "reason")
        + rows(AgendaItem.objects.filter(meeting=meeting), "pk", "outcome")
        + rows(meeting.carried_action_items(), "pk", "status")
    )


STALE_MINUTES = _(
    "Someone else changed these minutes after you opened this page, so nothing was saved. "
    "Your input is kept below: check the meeting's page for the current minutes, then save "
    "again to replace them with yours."
)


class NoMeetingChosen(Exception):
    pass


class MeetingPartMixin:
    """Agenda items and minutes entries: made for a meeting named by ?meeting=."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except NoMeetingChosen:
            messages.info(request, gettext("Open the meeting first, then add to it there."))
            return HttpResponseRedirect(reverse("meetings:meeting_list"))

    def meeting(self):
        if "pk" in self.kwargs:
            return self.get_object("change").meeting
        self.require_anywhere("add")
        meeting_id = self.request.GET.get("meeting") or self.request.POST.get("meeting")
        if not meeting_id:
            raise NoMeetingChosen
        if not is_number(str(meeting_id)):
            raise Http404
        meeting = Meeting.objects.restrict(self.request.user, "view").filter(pk=meeting_id).first()
        if meeting is None:
            raise Http404
        if not is_path_in_scope(self.request.user, self.model, "add", meeting.unit.path):
            raise PermissionDenied
        return meeting

    def get_target(self):
        if "pk" in self.kwargs:
            return self.get_object("change")
        return self.model()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.meeting()}

    def reason_required(self, obj):
        meeting = obj.meeting if obj.pk else self.meeting()
        return signed_off_reason(meeting)


class MeetingPartDeleteView(generic.ObjectDeleteView):
    def reason_required(self, obj):
        return signed_off_reason(obj.meeting)

    def get_success_url(self):
        return self.meeting_url

    def delete_object(self, obj):
        self.meeting_url = obj.meeting.get_absolute_url()
        obj.delete()


class AgendaItemEditView(MeetingPartMixin, generic.ObjectEditView):
    queryset = AgendaItem.objects.select_related("meeting__unit")
    form_class = forms.AgendaItemForm


class AgendaItemDeleteView(MeetingPartDeleteView):
    queryset = AgendaItem.objects.select_related("meeting__unit")


class MinuteEntryEditView(MeetingPartMixin, generic.ObjectEditView):
    queryset = MinuteEntry.objects.select_related("meeting__unit")
    form_class = forms.MinuteEntryForm


class MinuteEntryDeleteView(MeetingPartDeleteView):
    queryset = MinuteEntry.objects.select_related("meeting__unit")


class AttendanceDeleteView(MeetingPartDeleteView):
    queryset = Attendance.objects.select_related("meeting__unit", "person")


# Action items


class ActionItemListView(generic.ObjectListView):
    queryset = ActionItem.objects.select_related("unit", "owner", "meeting")
    filterset_class = filtersets.ActionItemFilterSet
    table_class = tables.ActionItemTable
    template_name = "meetings/actionitem_list.html"
    select_filters = (("status", _("Status"), ActionStatus.choices),)
    carried_params = ("unit", "within", "owner")
    sort_fields = {
        "due_on": ["due_on", "pk"],
        "unit": ["unit__path", "due_on"],
        "status": ["status", "due_on"],
    }
    default_sort = "due_on"


class ActionItemDetailView(generic.ObjectDetailView):
    queryset = ActionItem.objects.select_related("unit", "owner", "meeting")
    body_template = "meetings/_actionitem_body.html"

    def extra_context(self, item):
        return {"is_overdue": item.is_overdue()}


class ActionItemEditView(generic.ObjectEditView):
    queryset = ActionItem.objects.select_related("unit", "owner", "meeting")
    form_class = forms.ActionItemForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        meeting_id = self.request.GET.get("meeting") or self.request.POST.get("meeting")
        if "pk" not in self.kwargs and meeting_id:
            meeting = (
                Meeting.objects.restrict(self.request.user, "change")
                .filter(pk=meeting_id if is_number(str(meeting_id)) else None)
                .first()
            )
            if meeting is None:
                raise Http404
            kwargs["meeting"] = meeting
        return kwargs


class ActionItemDeleteView(generic.ObjectDeleteView):
    queryset = ActionItem.objects.select_related("meeting")
    success_url = "meetings:actionitem_list"

    def reason_required(self, item):
        return signed_off_reason(item.meeting)


class ActionItemHistoryView(generic.ObjectHistoryView):
    queryset = ActionItem.objects.all()


# Proposals

PROPOSAL_QS = Proposal.objects.select_related("unit", "holder", "meeting", "submitted_by")


class ProposalListView(generic.ObjectListView):
    queryset = PROPOSAL_QS
    filterset_class = filtersets.ProposalFilterSet
    table_class = tables.ProposalTable
    template_name = "meetings/proposal_list.html"
    select_filters = (
        ("status", _("Status"), ProposalStatus.choices),
        ("kind", _("Kind"), ProposalKind.choices),
        ("overdue", _("Overdue"), (("true", _("overdue only")),)),
    )
    carried_params = ("unit", "within", "holder")
    sort_fields = {
        "submitted_on": ["submitted_on", "pk"],
        "due_on": ["due_on", "pk"],
        "unit": ["unit__path", "-submitted_on"],
        "status": ["status", "-submitted_on"],
    }
    default_sort = "-submitted_on"


class ProposalDetailView(generic.ObjectDetailView):
    queryset = PROPOSAL_QS
    body_template = "meetings/_proposal_body.html"

    def get(self, request, *args, **kwargs):
        from django.utils.safestring import mark_safe

        from gexin.core import versioning

        with versioning.reading(request) as read:
            proposal = self.get_object("view")
        body = versioning.cached_fragment(
            request,
            f"detail:meetings.proposal:{self.body_template}",
            (proposal.pk, datetime.date.today().isoformat()),
            lambda: self.draw_body(proposal),
            read_before=read,
        )
        return render(
            request,
            self.template_name,
            {"object": proposal, "opts": Proposal._meta, "body": mark_safe(body)},
        )

    def extra_context(self, proposal):
        user = self.request.user
        may_dispose = is_path_in_scope(user, Proposal, "dispose", proposal.holder.path)
        may_award = is_path_in_scope(user, Proposal, "award", proposal.holder.path)
        return {
            "authors": proposal.authors.all(),
            "dispositions": proposal.dispositions.select_related("unit", "to_unit", "decided_by"),
            "is_overdue": proposal.is_overdue(),
            "can_change": proposal.is_awaiting and self.can("change", proposal),
            "can_dispose": proposal.is_awaiting and may_dispose,
            "can_implement": proposal.allows(ProposalStatus.IMPLEMENTED) and may_dispose,
            "can_measure": proposal.allows(ProposalStatus.MEASURED) and may_dispose,
            "can_award": proposal.allows(ProposalStatus.AWARDED) and may_award,
        }


class ProposalEditView(generic.ObjectEditView):
    queryset = PROPOSAL_QS
    form_class = forms.ProposalForm

    def get_target(self):
        proposal = super().get_target()
        if proposal.pk and not proposal.is_awaiting:
            raise PermissionDenied(gettext("A proposal cannot be edited after its disposition."))
        return proposal

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "pk" in self.kwargs:
            return kwargs
        meeting = None
        meeting_id = self.request.GET.get("meeting") or self.request.POST.get("meeting")
        if meeting_id:
            meeting = (
                Meeting.objects.restrict(self.request.user, "view")
                .filter(pk=meeting_id if is_number(str(meeting_id)) else None)
                .first()
            )
            if meeting is None:
                raise Http404
        return {**kwargs, "person": own_person(self.request.user), "meeting": meeting}

    def save_form(self, form):
        is_new = form.instance.pk is None
        proposal = form.save()
        if is_new:
            proposal_moved.send(
                Proposal, proposal=proposal, step=ProposalStatus.SUBMITTED, by=self.request.user
            )
        return proposal

    def success_message(self, proposal, created):
        if created:
            return gettext(
                "Thank you. Your proposal is registered; %(unit)s owes its disposition by %(due)s."
            ) % {"unit": proposal.holder, "due": proposal.due_on.isoformat()}
        return super().success_message(proposal, created)


class ProposalDeleteView(generic.ObjectDeleteView):
    queryset = PROPOSAL_QS
    success_url = "meetings:proposal_list"


class ProposalHistoryView(generic.ObjectHistoryView):
    queryset = Proposal.objects.all()


class ProposalStepView(generic.ScopedView):
    """A form that moves a proposal on: dispose, implement, measure or award.

    The right is checked on the unit that holds the proposal; the move itself is
    checked by the model, whose refusal is shown as the form's error.
    """

    queryset = PROPOSAL_QS
    template_name = "meetings/proposal_step.html"
    action = "dispose"
    form_class = None
    title = ""

    def get_proposal(self):
        proposal = self.get_object("view")
        if not is_path_in_scope(self.request.user, Proposal, self.action, proposal.holder.path):
            raise PermissionDenied
        return proposal

    def make_form(self, proposal, data=None):
        return self.form_class(data, initial=self.initial(proposal))

    def initial(self, proposal):
        return {}

    def get(self, request, pk):
        proposal = self.get_proposal()
        return self.show(proposal, self.make_form(proposal))

    def show(self, proposal, form, status=200):
        return render(
            self.request,
            self.template_name,
            {"proposal": proposal, "form": form, "title": self.title},
            status=status,
        )

    def post(self, request, pk):
        proposal = self.get_proposal()
        form = self.make_form(proposal, request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    self.step(proposal, form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    gettext("%(proposal)s is now: %(status)s.")
                    % {"proposal": proposal, "status": proposal.status_label},
                )
                return HttpResponseRedirect(proposal.get_absolute_url())
        return self.show(proposal, form, status=400)


class ProposalDisposeView(ProposalStepView):
    form_class = forms.DisposeForm
    title = _("Dispose of the proposal")

    def make_form(self, proposal, data=None):
        return forms.DisposeForm(data, proposal=proposal)

    def step(self, proposal, data):
        proposal.dispose(
            data["kind"],
            data["note"],
            self.request.user,
            to_unit=data.get("to_unit"),
            on=data["decided_on"],
        )


class ProposalImplementView(ProposalStepView):
    form_class = forms.ImplementForm
    title = _("Record the implementation")

    def initial(self, proposal):
        return {"implemented_on": datetime.date.today()}

    def step(self, proposal, data):
        proposal.record_implementation(data["implemented_on"], data["note"], self.request.user)


class ProposalMeasureView(ProposalStepView):
    form_class = forms.MeasureForm
    title = _("Record the measured benefit")

    def initial(self, proposal):
        return {"measured_on": datetime.date.today(), "measured_in": proposal.expected_unit}

    def step(self, proposal, data):
        proposal.record_benefit(
            data["before"],
            data["after"],
            data["measured_in"],
            self.request.user,
            saving=data.get("saving"),
            note=data.get("note", ""),
            on=data["measured_on"],
        )


class ProposalAwardView(ProposalStepView):
    form_class = forms.AwardForm
    title = _("Record the award")
    action = "award"

    def initial(self, proposal):
        return {"awarded_on": datetime.date.today()}

    def step(self, proposal, data):
        proposal.record_award(
            data["award"], self.request.user, amount=data.get("amount"), on=data["awarded_on"]
        )


def parse_day(value, default):
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError:
        return None


class ProposalFiguresView(generic.ScopedView):
    """Per unit and period: submitted, disposed on time, adopted, implemented, benefit."""

    queryset = Proposal.objects.all()
    template_name = "meetings/proposal_figures.html"

    def get(self, request):
        self.require_anywhere("view")
        user = request.user
        person = own_person(user)
        unit = find_unit(request.GET.get("unit", "")) or (person.unit if person else None)
        if unit is None:
            unit = Unit.objects.restrict(user, "view").order_by("depth", "path").first()
        if unit is None or not Unit.objects.restrict(user, "view").filter(pk=unit.pk).exists():
            raise Http404
        today = datetime.date.today()
        start = parse_day(request.GET.get("start"), today.replace(month=1, day=1))
        end = parse_day(request.GET.get("end"), today)
        error = ""
        if start is None or end is None or end < start or start.year < 1900 or end.year > 2199:
            error = gettext(
                "Give a first and a last day (YYYY-MM-DD), the first not after the last."
            )
            start, end = today.replace(month=1, day=1), today
        proposals = self.restricted("view")
        rows = [
            (
                unit,
                services.proposal_figures(
                    proposals.filter(under("unit__path", unit.path)), start, end
                ),
            )
        ]
        for child in Unit.objects.restrict(user, "view").filter(parent=unit).order_by("path"):
            figures = services.proposal_figures(
                proposals.filter(under("unit__path", child.path)), start, end
            )
            if figures.submitted:
                rows.append((child, figures))
        return render(
            request,
            self.template_name,
            {"unit": unit, "start": start, "end": end, "rows": rows, "error": error},
            status=400 if error else 200,
        )


# Proposal deadlines


class ProposalDeadlineListView(generic.ObjectListView):
    queryset = ProposalDeadline.objects.select_related("unit")
    filterset_class = filtersets.ProposalDeadlineFilterSet
    table_class = tables.ProposalDeadlineTable
    template_name = "meetings/proposaldeadline_list.html"
    sort_fields = {"unit": ["unit__path"], "days": ["days", "unit__path"]}
    default_sort = "unit"
    exportable = False

    def extra_context(self):
        from django.conf import settings

        return {"default_days": settings.GEXIN_PROPOSAL_DAYS}


class ProposalDeadlineDetailView(generic.ObjectDetailView):
    queryset = ProposalDeadline.objects.select_related("unit")
    body_template = "meetings/_proposaldeadline_body.html"


class ProposalDeadlineEditView(generic.ObjectEditView):
    queryset = ProposalDeadline.objects.select_related("unit")
    form_class = forms.ProposalDeadlineForm


class ProposalDeadlineDeleteView(generic.ObjectDeleteView):
    queryset = ProposalDeadline.objects.select_related("unit")
    success_url = "meetings:proposaldeadline_list"


class ProposalDeadlineHistoryView(generic.ObjectHistoryView):
    queryset = ProposalDeadline.objects.all()


# A unit's meetings panel and blackboard


class UnitPanelView(ReplicaReadMixin, generic.ScopedView):
    """The unit page's card: next meetings, open action items, overdue proposals."""

    queryset = Unit.objects.all()
    template_name = "meetings/_unit_panel.html"

    def get(self, request, pk):
        unit = self.get_object("view")
        user = request.user
        now = datetime.datetime.now(tz=datetime.UTC)
        meetings = Meeting.objects.restrict(user, "view").filter(unit=unit)
        proposals = Proposal.objects.restrict(user, "view").filter(under("unit__path", unit.path))
        return render(
            request,
            self.template_name,
            {
                "unit": unit,
                "upcoming": meetings.filter(scheduled_at__gte=now)
                .exclude(status=MeetingStatus.CANCELLED)
                .order_by("scheduled_at")[:3],
                "recent": meetings.filter(scheduled_at__lt=now).order_by("-scheduled_at")[:3],
                "open_actions": list(
                    ActionItem.objects.restrict(user, "view")
                    .filter(unit=unit, status__in=(ActionStatus.OPEN, ActionStatus.IN_PROGRESS))
                    .select_related("owner")
                    .order_by("due_on", "pk")[:10]
                ),
                "overdue": list(
                    proposals.overdue().select_related("holder").order_by("due_on")[:10]
                ),
                "awaiting_count": proposals.filter(status__in=AWAITING_STATUSES).count(),
                "today": datetime.date.today(),
                "can_add_meeting": is_path_in_scope(user, Meeting, "add", unit.path),
            },
        )


def week_from(request):
    value = request.GET.get("week", "")
    day = parse_day(value, datetime.date.today())
    if day is None or not 1900 <= day.year <= 2199:
        raise Http404
    return day


class BlackboardView(ReplicaReadMixin, generic.ScopedView):
    """A unit's weekly blackboard, on screen and on one A4 sheet."""

    queryset = Unit.objects.all()
    template_name = "meetings/blackboard.html"

    def get(self, request, pk, pdf=False):
        unit = self.get_object("view")
        if not has_action_anywhere(request.user, Meeting, "view"):
            raise PermissionDenied
        board = services.blackboard(unit, week_from(request), request.user)
        if pdf:
            from gexin.meetings.printing import blackboard_pdf

            return pdf_response(
                blackboard_pdf(board), f"blackboard-{unit.code}-{board['monday'].isoformat()}.pdf"
            )
        return render(
            request, self.template_name, {**board, "language": translation.get_language()}
        )
