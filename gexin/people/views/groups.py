"""Pages of the groups area: study groups with their members, sessions and solved
problems on the group's page, the solved problems across groups, and demonstrations by
advanced workers with their attendance."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gexin.core import views as generic
from gexin.core.forms import ChangeReasonForm
from gexin.core.permissions import is_path_in_scope, under
from gexin.exchange.models import Experience
from gexin.innovation.models import KeyIssue
from gexin.meetings.models import Meeting, Proposal
from gexin.org.models import Person, Unit
from gexin.people import groups as services
from gexin.people.filtersets import groups as filtersets
from gexin.people.forms import groups as forms
from gexin.people.models.groups import (
    Demonstration,
    SolvedProblem,
    StudyGroup,
    StudyGroupKind,
    StudyGroupMember,
    StudyGroupRole,
    StudySession,
)
from gexin.people.tables import groups as tables

EDIT_TEMPLATE = "people/studygroup_edit.html"
GROUP_QS = StudyGroup.objects.select_related("unit", "leader")
MEMBER_QS = StudyGroupMember.objects.select_related("group__unit", "person")
SESSION_QS = StudySession.objects.select_related("group__unit")
PROBLEM_QS = SolvedProblem.objects.select_related("group__unit", "proposal", "key_issue")
DEMONSTRATION_QS = Demonstration.objects.select_related(
    "unit", "demonstrator", "meeting", "experience"
)
# The latest sessions shown on a group's page.
SESSIONS_SHOWN = 30
# Members are listed leader first, then masters, members and learners.
ROLE_ORDER = [StudyGroupRole.MASTER, StudyGroupRole.MEMBER, StudyGroupRole.LEARNER]
YES_NO = (("1", gettext_lazy("yes")), ("0", gettext_lazy("no")))


def visible_ids(model, user, ids):
    """The ids among `ids` of objects the user may view."""
    ids = [pk for pk in ids if pk]
    if not ids:
        return set()
    return set(model.objects.restrict(user, "view").filter(pk__in=ids).values_list("pk", flat=True))


class RefusedDeleteMixin:
    """A deletion a service refuses (ValidationError) goes back to the object with why."""

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(self.back_to)

    def get_success_url(self):
        return self.back_to


class ServiceRefusalMixin:
    """An edit the service refuses after the form passed (another user's change in the
    meantime) is shown on the form again, not as a server error."""

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError as error:
            obj = self.get_target()
            form = self.form_class(request.POST, instance=obj, **self.get_form_kwargs())
            form.is_valid()
            form.add_error(None, error.messages)
            return self.render_form(obj, form, ChangeReasonForm(request.POST), status=400)


# Study groups


class StudyGroupListView(generic.ObjectListView):
    queryset = GROUP_QS.annotate(
        member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True))
    )
    filterset_class = filtersets.StudyGroupFilterSet
    table_class = tables.StudyGroupTable
    template_name = "people/studygroup_list.html"
    select_filters = (
        ("kind", gettext_lazy("Kind"), StudyGroupKind.choices),
        ("active", gettext_lazy("Active"), YES_NO),
    )
    sort_fields = {
        "name": ["name", "pk"],
        "kind": ["kind", "name", "pk"],
        "unit": ["unit__path", "name", "pk"],
        "members": ["member_count", "name", "pk"],
        "formed": ["formed_on", "pk"],
        "dissolved": ["dissolved_on", "pk"],
    }
    default_sort = "unit"

    def extra_context(self):
        return {"unit": self.request.GET.get("unit", "")}


class StudyGroupDetailView(generic.ObjectDetailView):
    """The group: its members now and before, its sessions with attendance, the problems
    it solved with the proposals and key issues they answer."""

    queryset = GROUP_QS
    body_template = "people/studygroup_body.html"

    def extra_context(self, group):
        user = self.request.user
        memberships = list(group.memberships.select_related("person").order_by("joined_on", "pk"))
        current = [m for m in memberships if m.left_on is None]
        sessions = list(group.sessions.prefetch_related("attendees")[: SESSIONS_SHOWN + 1])
        total_present = total_expected = 0
        for session in sessions:
            session.group = group
            expected = services.members_on(group, session.held_on, memberships)
            present_ids = {p.pk for p in session.attendees.all()}
            session.present_count = len(present_ids)
            session.expected_count = len(expected)
            session.absent = [m.person for m in expected if m.person_id not in present_ids]
            attended = sum(1 for m in expected if m.person_id in present_ids)
            session.rate = round(100 * attended / len(expected)) if expected else None
            total_present += attended
            total_expected += len(expected)
        problems = list(
            group.solved_problems.select_related(
                "proposal__unit", "key_issue__unit"
            ).prefetch_related("solved_by")
        )
        proposals = visible_ids(Proposal, user, [p.proposal_id for p in problems])
        issues = visible_ids(KeyIssue, user, [p.key_issue_id for p in problems])
        for problem in problems:
            problem.shown_proposal = problem.proposal if problem.proposal_id in proposals else None
            problem.shown_key_issue = problem.key_issue if problem.key_issue_id in issues else None
        path = group.unit.path

        def may(model, action):
            return is_path_in_scope(user, model, action, path)

        return {
            "current": sorted(
                current,
                key=lambda m: (
                    m.person_id != group.leader_id,
                    ROLE_ORDER.index(m.role),
                    m.person.employee_number,
                ),
            ),
            "past": [m for m in memberships if m.left_on is not None],
            "sessions": sessions[:SESSIONS_SHOWN],
            "more_sessions": len(sessions) > SESSIONS_SHOWN,
            "attendance_rate": (
                round(100 * total_present / total_expected) if total_expected else None
            ),
            "problems": problems,
            "can_change_members": may(StudyGroupMember, "change"),
            "can_add_member": may(StudyGroupMember, "add") and group.dissolved_on is None,
            "can_delete_member": may(StudyGroupMember, "delete"),
            "can_add_session": may(StudySession, "add"),
            "can_change_session": may(StudySession, "change"),
            "can_add_problem": may(SolvedProblem, "add"),
        }


class StudyGroupEditView(ServiceRefusalMixin, generic.ObjectEditView):
    queryset = GROUP_QS
    form_class = forms.StudyGroupForm
    template_name = EDIT_TEMPLATE

    def initial_for_create(self):
        initial = {"formed_on": datetime.date.today()}
        unit = forms.default_unit_for(
            self.request.user, "people.add_studygroup", self.request.GET.get("unit")
        )
        if unit is not None:
            initial["unit"] = unit
        kind = self.request.GET.get("kind")
        if kind in StudyGroupKind.values:
            initial["kind"] = kind
        return initial


class StudyGroupDeleteView(RefusedDeleteMixin, generic.ObjectDeleteView):
    """A group with a record of work is dissolved, not deleted."""

    queryset = GROUP_QS

    def delete_object(self, group):
        self.back_to = group.get_absolute_url()
        if group.sessions.exists() or group.solved_problems.exists():
            raise ValidationError(
                _("The group has sessions or solved problems on record: dissolve it instead.")
            )
        group.delete()
        self.back_to = reverse("people:studygroup_list")


class StudyGroupHistoryView(generic.ObjectHistoryView):
    queryset = StudyGroup.objects.all()


# Parts of a group: added from the group's page (the URL names the group)


class GroupPartMixin:
    """Edit views of a group's parts; a new one is added to the group in the URL."""

    template_name = EDIT_TEMPLATE
    group = None

    def get_target(self):
        if self.adding:
            try:
                group = (
                    StudyGroup.objects.restrict(self.request.user, "view")
                    .select_related("unit")
                    .get(pk=self.kwargs["pk"])
                )
            except StudyGroup.DoesNotExist:
                raise Http404 from None
            if not is_path_in_scope(self.request.user, self.model, "add", group.unit.path):
                raise PermissionDenied
            self.group = group
            return self.model(group=group)
        obj = self.get_object("change")
        self.group = obj.group
        return obj

    adding = False

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["group"] = self.group
        return kwargs

    def return_url(self, default):
        return super().return_url(default or self.group.get_absolute_url())


class StudyGroupMemberEditView(ServiceRefusalMixin, GroupPartMixin, generic.ObjectEditView):
    queryset = MEMBER_QS
    form_class = forms.StudyGroupMemberForm


class StudyGroupMemberAddView(StudyGroupMemberEditView):
    adding = True

    def get_target(self):
        group_part = super().get_target()
        if self.group.dissolved_on is not None:
            raise PermissionDenied
        return group_part


class StudyGroupMemberEndView(generic.ScopedView):
    """POST only: end a membership (GET goes back to the group, for whoever may see it)."""

    queryset = MEMBER_QS

    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(self.get_object("view").get_absolute_url())

    def post(self, request, *args, **kwargs):
        member = self.get_object("change")
        form = forms.EndMembershipForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the day the person left the group."))
            return HttpResponseRedirect(member.get_absolute_url())
        try:
            services.end_membership(member, form.cleaned_data["on"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("%(name)s left the group on %(day)s.")
                % {"name": member.person.display_name, "day": form.cleaned_data["on"].isoformat()},
            )
        return HttpResponseRedirect(member.get_absolute_url())


class StudyGroupMemberDeleteView(RefusedDeleteMixin, generic.ObjectDeleteView):
    queryset = MEMBER_QS

    def delete_object(self, member):
        self.back_to = member.group.get_absolute_url()
        services.delete_member(member)


class StudySessionEditView(ServiceRefusalMixin, GroupPartMixin, generic.ObjectEditView):
    queryset = SESSION_QS
    form_class = forms.StudySessionForm

    def success_message(self, session, created):
        present, expected, rate = services.attendance(
            session, list(session.group.memberships.all())
        )
        if rate is None:
            return super().success_message(session, created)
        return _("Saved the session of %(day)s: %(present)s of %(expected)s present.") % {
            "day": session.held_on.isoformat(),
            "present": present,
            "expected": expected,
        }


class StudySessionAddView(StudySessionEditView):
    adding = True


class StudySessionDeleteView(RefusedDeleteMixin, generic.ObjectDeleteView):
    queryset = SESSION_QS

    def delete_object(self, session):
        self.back_to = session.group.get_absolute_url()
        session.delete()


# Solved problems


class SolvedProblemListView(generic.ObjectListView):
    queryset = PROBLEM_QS.select_related("group")
    filterset_class = filtersets.SolvedProblemFilterSet
    table_class = tables.SolvedProblemTable
    template_name = "people/studygroup_solvedproblem_list.html"
    select_filters = (
        ("kind", gettext_lazy("Kind of group"), StudyGroupKind.choices),
        ("linked", gettext_lazy("Linked to a proposal or key issue"), YES_NO),
    )
    sort_fields = {
        "title": ["title", "pk"],
        "group": ["group__name", "-solved_on", "pk"],
        "solved": ["solved_on", "pk"],
    }
    default_sort = "-solved"

    def extra_context(self):
        query = self.request.GET
        return {
            "unit": query.get("unit", ""),
            "start": query.get("start", ""),
            "end": query.get("end", ""),
        }


class SolvedProblemDetailView(generic.ObjectDetailView):
    queryset = PROBLEM_QS.select_related("proposal__unit", "key_issue__unit")
    body_template = "people/studygroup_solvedproblem_body.html"

    def extra_context(self, problem):
        user = self.request.user
        return {
            "proposal": (
                problem.proposal if visible_ids(Proposal, user, [problem.proposal_id]) else None
            ),
            "key_issue": (
                problem.key_issue if visible_ids(KeyIssue, user, [problem.key_issue_id]) else None
            ),
            "solvers": list(problem.solved_by.order_by("employee_number")),
        }


class SolvedProblemEditView(ServiceRefusalMixin, GroupPartMixin, generic.ObjectEditView):
    queryset = PROBLEM_QS
    form_class = forms.SolvedProblemForm


class SolvedProblemAddView(SolvedProblemEditView):
    adding = True


class SolvedProblemDeleteView(RefusedDeleteMixin, generic.ObjectDeleteView):
    queryset = PROBLEM_QS

    def delete_object(self, problem):
        self.back_to = problem.group.get_absolute_url()
        problem.delete()


class SolvedProblemHistoryView(generic.ObjectHistoryView):
    queryset = SolvedProblem.objects.all()


# Demonstrations


class DemonstrationListView(generic.ObjectListView):
    queryset = DEMONSTRATION_QS.annotate(attendee_count=Count("attendees"))
    filterset_class = filtersets.DemonstrationFilterSet
    table_class = tables.DemonstrationTable
    template_name = "people/demonstration_list.html"
    sort_fields = {
        "topic": ["topic", "pk"],
        "demonstrator": ["demonstrator__name", "-held_on", "pk"],
        "unit": ["unit__path", "-held_on", "pk"],
        "held": ["held_on", "pk"],
        "attendees": ["attendee_count", "pk"],
    }
    default_sort = "-held"

    def extra_context(self):
        query = self.request.GET
        return {
            "unit": query.get("unit", ""),
            "start": query.get("start", ""),
            "end": query.get("end", ""),
        }


class DemonstrationDetailView(generic.ObjectDetailView):
    queryset = DEMONSTRATION_QS
    body_template = "people/demonstration_body.html"

    def extra_context(self, demonstration):
        user = self.request.user
        attendees = list(demonstration.attendees.select_related("unit").order_by("employee_number"))
        return {
            "attendees": attendees,
            "meeting": (
                demonstration.meeting
                if visible_ids(Meeting, user, [demonstration.meeting_id])
                else None
            ),
            "experience": (
                demonstration.experience
                if visible_ids(Experience, user, [demonstration.experience_id])
                else None
            ),
        }


class DemonstrationEditView(ServiceRefusalMixin, generic.ObjectEditView):
    queryset = DEMONSTRATION_QS
    form_class = forms.DemonstrationForm
    template_name = "people/demonstration_edit.html"

    def initial_for_create(self):
        initial = {"held_on": datetime.date.today()}
        unit = forms.default_unit_for(
            self.request.user, "people.add_demonstration", self.request.GET.get("unit")
        )
        if unit is not None:
            initial["unit"] = unit
        return initial

    def success_message(self, demonstration, created):
        count = demonstration.attendees.count()
        return _("Saved %(object)s: %(count)s attended.") % {
            "object": demonstration,
            "count": count,
        }


class DemonstrationDeleteView(generic.ObjectDeleteView):
    queryset = DEMONSTRATION_QS
    success_url = "people:demonstration_list"


class DemonstrationHistoryView(generic.ObjectHistoryView):
    queryset = Demonstration.objects.all()


# Cards on the pages of other apps (gexin.core.unit_panels, person_panels,
# meeting_panels): those apps do not import this one.


def unit_panel(unit):
    """The URL of the unit page's card of its groups, when it has any."""
    if not StudyGroup.objects.filter(under("unit__path", unit.path)).exists():
        return None
    return reverse("people:unit_groups_panel", args=[unit.pk])


def person_panel(person):
    """The URL of the person page's card of their groups and demonstrations, if any."""
    takes_part = (
        StudyGroupMember.objects.filter(person=person).exists()
        or Demonstration.objects.filter(Q(demonstrator=person) | Q(attendees=person)).exists()
    )
    return reverse("people:person_groups_panel", args=[person.pk]) if takes_part else None


def meeting_panel(meeting):
    """The URL of the meeting page's card of the demonstrations given at it, if any."""
    if not Demonstration.objects.filter(meeting=meeting).exists():
        return None
    return reverse("people:meeting_demonstrations_panel", args=[meeting.pk])


class PanelView(generic.ScopedView):
    """A card loaded into another app's page: the page's object, restricted, or 404."""

    owner_model = None
    template_name = None

    def owner(self):
        found = self.owner_model.objects.restrict(self.request.user, "view").filter(
            pk=self.kwargs["pk"]
        )
        owner = found.first()
        if owner is None:
            raise Http404
        self.require_anywhere("view")
        return owner

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, self.panel_context(self.owner()))


class UnitGroupsPanelView(PanelView):
    """The active groups of a unit and of the units under it."""

    queryset = StudyGroup.objects.all()
    owner_model = Unit
    template_name = "people/studygroup_unit_panel.html"
    shown = 20

    def panel_context(self, unit):
        groups = list(
            self.restricted("view")
            .active()
            .filter(under("unit__path", unit.path))
            .select_related("unit", "leader")
            .annotate(
                member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True))
            )
            .order_by("unit__path", "kind", "name")[: self.shown + 1]
        )
        return {"unit": unit, "groups": groups[: self.shown], "more": len(groups) > self.shown}


class PersonGroupsPanelView(PanelView):
    """The groups a person is or was in, and the demonstrations they gave or watched."""

    queryset = StudyGroupMember.objects.all()
    owner_model = Person
    template_name = "people/studygroup_person_panel.html"

    def panel_context(self, person):
        user = self.request.user
        demonstrations = Demonstration.objects.restrict(user, "view")
        return {
            "person": person,
            "memberships": list(
                self.restricted("view")
                .filter(person=person)
                .select_related("group__unit")
                .order_by("left_on", "-joined_on")
            ),
            "given": list(demonstrations.filter(demonstrator=person).select_related("unit")[:10]),
            "attended": demonstrations.filter(attendees=person).count(),
        }


class MeetingDemonstrationsPanelView(PanelView):
    """The demonstrations given at a meeting, with their attendance."""

    queryset = Demonstration.objects.all()
    owner_model = Meeting
    template_name = "people/demonstration_meeting_panel.html"

    def panel_context(self, meeting):
        return {
            "meeting": meeting,
            "demonstrations": list(
                self.restricted("view")
                .filter(meeting=meeting)
                .select_related("demonstrator")
                .annotate(attendee_count=Count("attendees"))
            ),
        }
