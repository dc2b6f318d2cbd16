"""Pages of advanced experiences, their pictures and files, their spread to other units
and each receiving unit's adoption."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gexin.core import uploads, versioning
from gexin.core import views as generic
from gexin.core.permissions import has_action_anywhere, is_path_in_scope
from gexin.exchange import spread
from gexin.exchange.choices import AdoptionStatus, Language
from gexin.exchange.filtersets import experiences as filtersets
from gexin.exchange.forms import experiences as forms
from gexin.exchange.models import (
    Adoption,
    Conference,
    ContractItem,
    Experience,
    ExperienceAttachment,
    ExpressReport,
)
from gexin.exchange.tables import experiences as tables
from gexin.org.filtersets import is_number
from gexin.org.models import WorkType

EXPERIENCE_QS = Experience.objects.select_related(
    "unit", "work_type", "metric", "key_issue", "proposal", "producer__person"
)
ADOPTION_QS = Adoption.objects.select_related(
    "experience__unit", "experience__metric", "unit", "pushed_by", "recorded_by"
)
ATTACHMENT_QS = ExperienceAttachment.objects.select_related("experience__unit")


def link_of(obj):
    """The page of a related object, or None while it has none."""
    if obj is None:
        return None
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return None


def cached_detail(view, obj):
    """The detail page, its body kept per scope and day: overdue checks change by the day."""
    body = versioning.cached_fragment(
        view.request,
        f"detail:{obj._meta.label_lower}:{view.body_template}",
        (obj.pk, datetime.date.today().isoformat()),
        lambda: view.draw_body(obj),
    )
    return render(
        view.request,
        view.template_name,
        {"object": obj, "opts": obj._meta, "body": mark_safe(body)},
    )


def refuse(request, error, target):
    messages.error(request, " ".join(error.messages))
    return HttpResponseRedirect(target)


def work_type_choices():
    return [(wt.code, wt.display_name) for wt in WorkType.objects.order_by("name")]


# Experiences


class ExperienceListView(generic.ObjectListView):
    queryset = EXPERIENCE_QS.annotate(
        pushed_count=Count("adoptions", distinct=True),
        adopted_count=Count(
            "adoptions", filter=Q(adoptions__status=AdoptionStatus.ADOPTED), distinct=True
        ),
    )
    filterset_class = filtersets.ExperienceFilterSet
    table_class = tables.ExperienceTable
    template_name = "exchange/experiences_experience_list.html"
    select_filters = (
        ("work_type", _("Work type"), work_type_choices),
        ("language", _("Language"), Language.choices),
    )
    carried_params = ("key_issue", "proposal", "producer")
    sort_fields = {
        "title": ["title", "pk"],
        "unit": ["unit__path", "pk"],
        "introduced_on": ["introduced_on", "pk"],
    }
    default_sort = "-introduced_on"

    def extra_context(self):
        get = self.request.GET.get
        return {
            "text_filters": [
                {
                    "name": "unit",
                    "label": _("Plant or unit"),
                    "type": "text",
                    "value": get("unit", ""),
                    "placeholder": _("code"),
                },
                {
                    "name": "introduced_after",
                    "label": _("Introduced from"),
                    "type": "date",
                    "value": get("introduced_after", ""),
                },
                {
                    "name": "introduced_before",
                    "label": _("until"),
                    "type": "date",
                    "value": get("introduced_before", ""),
                },
            ]
        }


def origin_of(experience, user):
    """Where the experience came from: (what, its title or None if not seen, its page)."""
    for field, label in (
        ("key_issue", _("Key issue")),
        ("proposal", _("Proposal")),
        ("producer", _("Advanced producer")),
    ):
        obj = getattr(experience, field)
        if obj is None:
            continue
        visible = type(obj).objects.restrict(user, "view").filter(pk=obj.pk).exists()
        return {
            "label": label,
            "title": str(obj) if visible else None,
            "url": link_of(obj) if visible else None,
        }
    return None


def has_answers(experience):
    """True once a receiving unit has recorded an adoption or a refusal."""
    return experience.adoptions.exclude(status=AdoptionStatus.PUSHED).exists()


class ExperienceDetailView(generic.ObjectDetailView):
    """The experience, its figures, pictures, where it was exchanged, and its spread."""

    queryset = EXPERIENCE_QS
    body_template = "exchange/_experiences_experience_body.html"

    def get(self, request, *args, **kwargs):
        return cached_detail(self, self.get_object("view"))

    def extra_context(self, experience):
        user = self.request.user
        path = experience.unit.path
        summary = spread.spread_summary(experience)
        for row in summary["rows"]:
            may_record = spread.may_record(user, row)
            row.can_adopt = may_record and row.status != AdoptionStatus.ADOPTED
            row.can_decline = may_record and row.status == AdoptionStatus.PUSHED
        attachments = list(experience.attachments.all())
        can_push = has_action_anywhere(user, Experience, "push")
        return {
            "spread": summary,
            "origin": origin_of(experience, user),
            "people": experience.people.select_related("unit"),
            "pictures": [a for a in attachments if a.is_image],
            "files": [a for a in attachments if not a.is_image],
            "can_attach": is_path_in_scope(user, ExperienceAttachment, "add", path),
            "can_remove_attachment": is_path_in_scope(user, ExperienceAttachment, "delete", path),
            "attach_form": forms.ExperienceAttachmentForm(),
            "can_push": can_push,
            "push_form": forms.PushForm(experience=experience) if can_push else None,
            "can_delete": self.can("delete", experience) and not has_answers(experience),
            "conferences": [
                (conference, link_of(conference))
                for conference in Conference.objects.restrict(user, "view")
                .filter(experiences=experience)
                .order_by("-held_on")
            ],
            "express_reports": [
                (report, link_of(report))
                for report in ExpressReport.objects.restrict(user, "view").filter(
                    experience=experience
                )
            ],
            "contract_items": [
                (item, link_of(item))
                for item in ContractItem.objects.restrict(user, "view")
                .filter(experience=experience)
                .select_related("contract", "obliged_unit", "beneficiary")
            ],
        }


class ExperienceEditView(generic.ObjectEditView):
    """Write up an experience, directly or from a solved key issue (?key_issue=), an
    adopted proposal (?proposal=) or a confirmed advanced producer (?producer=)."""

    queryset = EXPERIENCE_QS
    form_class = forms.ExperienceForm
    origin = None

    def find_origin(self):
        if "pk" in self.kwargs:
            return None
        self.require_anywhere("add")
        named = [kind for kind in forms.ORIGIN_STATES if self.request.GET.get(kind)]
        if len(named) > 1:
            raise ValidationError(
                _("An experience grows out of at most one key issue, proposal or producer.")
            )
        if not named:
            return None
        return forms.find_origin(self.request.user, named[0], self.request.GET[named[0]])

    def with_origin(self, handler, *args, **kwargs):
        try:
            self.origin = self.find_origin()
        except ValidationError as error:
            return refuse(self.request, error, reverse("exchange:experience_add"))
        return handler(self.request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.with_origin(super().get, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.with_origin(super().post, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "origin": self.origin}

    def initial_for_create(self):
        if self.origin is not None:
            return forms.origin_initial(self.origin)
        return {"introduced_on": datetime.date.today()}


class ExperienceDeleteView(generic.ObjectDeleteView):
    queryset = EXPERIENCE_QS
    success_url = "exchange:experience_list"

    def get_object(self, action="view"):
        experience = super().get_object(action)
        if action == "delete" and has_answers(experience):
            raise PermissionDenied(
                gettext("Units have answered this experience's push: it stays on record.")
            )
        return experience

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError as error:  # answered meanwhile
            return refuse(
                request, error, reverse("exchange:experience_detail", args=[kwargs["pk"]])
            )

    def delete_object(self, experience):
        spread.check_unanswered(experience)
        files = [(a.file.storage, a.file.name) for a in experience.attachments.all()]
        experience.delete()
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


class ExperienceHistoryView(generic.ObjectHistoryView):
    queryset = Experience.objects.all()


# Pictures and files


class ExperienceAttachView(generic.ScopedView):
    """Add a photo or a PDF to an experience (those who may add them in its source unit)."""

    queryset = EXPERIENCE_QS
    template_name = "exchange/experiences_attach.html"

    def target(self):
        experience = self.get_object("view")
        if not is_path_in_scope(
            self.request.user, ExperienceAttachment, "add", experience.unit.path
        ):
            raise PermissionDenied
        return experience

    def show(self, experience, form, status=200):
        return render(
            self.request,
            self.template_name,
            {"experience": experience, "form": form},
            status=status,
        )

    def get(self, request, pk):
        return self.show(self.target(), forms.ExperienceAttachmentForm())

    def post(self, request, pk):
        experience = self.target()
        form = forms.ExperienceAttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(experience, form, status=400)
        try:
            forms.attach(experience, form.cleaned_data["file"], form.cleaned_data["caption"])
        except uploads.DiskFull:
            form.add_error("file", uploads.DiskFull.message)
            return self.show(experience, form, status=507)
        messages.success(request, gettext("The file is attached."))
        return HttpResponseRedirect(experience.get_absolute_url() + "#attachments")


class ExperienceAttachmentDownloadView(generic.ScopedView):
    """Sends a picture (shown in the page) or a file (as a download) to whoever may see
    the experience."""

    queryset = ATTACHMENT_QS

    def get(self, request, pk):
        attachment = self.restricted("view").filter(pk=pk if is_number(str(pk)) else None).first()
        if attachment is None:
            raise Http404
        return uploads.serve(
            attachment.file,
            attachment.content_type,
            attachment.original_name,
            inline=request.GET.get("download") != "1",
        )


class ExperienceAttachmentDeleteView(generic.ObjectDeleteView):
    queryset = ATTACHMENT_QS

    def delete_object(self, attachment):
        self.back_to = attachment.experience.get_absolute_url() + "#attachments"
        storage, name = attachment.file.storage, attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))

    def get_success_url(self):
        return self.back_to


# Spread


class ExperiencePushView(generic.ScopedView):
    """Push an experience to several units, each to report back by the check date."""

    queryset = EXPERIENCE_QS
    template_name = "exchange/experiences_push.html"

    def target(self):
        experience = self.get_object("view")
        if not has_action_anywhere(self.request.user, Experience, "push"):
            raise PermissionDenied
        return experience

    def show(self, experience, form, status=200):
        return render(
            self.request,
            self.template_name,
            {"experience": experience, "form": form, "spread": spread.spread_summary(experience)},
            status=status,
        )

    def get(self, request, pk):
        experience = self.target()
        return self.show(experience, forms.PushForm(experience=experience))

    def post(self, request, pk):
        experience = self.target()
        form = forms.PushForm(request.POST, experience=experience)
        if not form.is_valid():
            return self.show(experience, form, status=400)
        units = form.cleaned_data["units"]
        try:
            made = spread.push(
                experience,
                units,
                check_due=form.cleaned_data["check_due"],
                user=request.user,
            )
        except PermissionDenied as refusal:
            form.add_error("units", str(refusal))
            return self.show(experience, form, status=403)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("units", message)
            return self.show(experience, form, status=400)
        messages.success(
            request,
            gettext("Pushed to %(units)s; each records its adoption by %(due)s.")
            % {
                "units": ", ".join(adoption.unit.display_name for adoption in made),
                "due": made[0].check_due.isoformat(),
            },
        )
        return HttpResponseRedirect(experience.get_absolute_url() + "#spread")


# Adoptions


class AdoptionListView(generic.ObjectListView):
    queryset = ADOPTION_QS
    filterset_class = filtersets.AdoptionFilterSet
    table_class = tables.AdoptionTable
    template_name = "exchange/experiences_adoption_list.html"
    select_filters = (
        ("status", _("Status"), AdoptionStatus.choices),
        ("is_overdue", _("Check overdue"), (("true", _("yes")), ("false", _("no")))),
    )
    carried_params = ("experience", "unit", "source")
    sort_fields = {
        "unit": ["unit__path", "pk"],
        "status": ["status", "pk"],
        "pushed_on": ["pushed_on", "pk"],
        "check_due": ["check_due", "pk"],
        "adopted_on": ["adopted_on", "pk"],
    }
    default_sort = "-pushed_on"

    def extra_context(self):
        value = self.request.GET.get("experience", "")
        if not is_number(value):
            return {}
        experience = Experience.objects.restrict(self.request.user, "view").filter(pk=value).first()
        return {"experience": experience}


class AdoptionDetailView(generic.ObjectDetailView):
    queryset = ADOPTION_QS
    body_template = "exchange/_experiences_adoption_body.html"

    def get(self, request, *args, **kwargs):
        return cached_detail(self, self.get_object("view"))

    def extra_context(self, adoption):
        user = self.request.user
        may_record = spread.may_record(user, adoption)
        is_pushed = adoption.status == AdoptionStatus.PUSHED
        return {
            "experience": adoption.experience,
            "is_overdue": adoption.is_overdue(),
            "can_adopt": may_record and adoption.status != AdoptionStatus.ADOPTED,
            "can_decline": may_record and is_pushed,
            # An unanswered push has only its check date to change: its own action.
            "can_change": self.can("change", adoption) and not is_pushed,
            "can_move_check_due": is_pushed and spread.may_move_check_due(user, adoption),
            "can_delete": spread.may_withdraw(user, adoption),
        }


class AdoptionEditView(generic.ObjectEditView):
    """Correct what was recorded; the status moves only by adopting or declining."""

    queryset = ADOPTION_QS
    form_class = forms.AdoptionForm

    def get_target(self):
        if "pk" not in self.kwargs:
            raise Http404  # adoptions are made by pushing an experience
        return super().get_target()


class AdoptionDeleteView(generic.ObjectDeleteView):
    """Withdraw a push not yet answered. An answered adoption stays on record: it is
    corrected by editing, which keeps its history."""

    queryset = ADOPTION_QS

    def get_object(self, action="view"):
        if action != "delete":
            return super().get_object(action)
        adoption = super().get_object("view")
        if not spread.may_take_back(self.request.user, adoption):
            raise PermissionDenied
        return adoption

    def get(self, request, *args, **kwargs):
        adoption = self.get_object("delete")
        if adoption.status != AdoptionStatus.PUSHED:
            return refuse(request, spread.answered(adoption), adoption.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError as error:
            return refuse(request, error, reverse("exchange:adoption_detail", args=[kwargs["pk"]]))

    def delete_object(self, adoption):
        self.back_to = adoption.experience.get_absolute_url() + "#spread"
        spread.withdraw(adoption, user=self.request.user)

    def get_success_url(self):
        return self.back_to


class AdoptionHistoryView(generic.ObjectHistoryView):
    queryset = Adoption.objects.all()


class AdoptionRecordView(generic.ScopedView):
    """The receiving unit records its adoption, or why it did not adopt."""

    queryset = ADOPTION_QS
    template_name = "exchange/experiences_adoption_record.html"
    adopting = True

    def get_adoption(self):
        adoption = self.get_object("view")
        if not spread.may_record(self.request.user, adoption):
            raise PermissionDenied
        return adoption

    def allowed(self, adoption):
        if self.adopting:
            return adoption.status != AdoptionStatus.ADOPTED
        return adoption.status == AdoptionStatus.PUSHED

    def form(self, adoption, data=None):
        if self.adopting:
            return forms.AdoptForm(data, adoption=adoption)
        return forms.DeclineForm(data)

    def show(self, adoption, form, status=200):
        return render(
            self.request,
            self.template_name,
            {"adoption": adoption, "form": form, "adopting": self.adopting},
            status=status,
        )

    def get(self, request, pk):
        adoption = self.get_adoption()
        if not self.allowed(adoption):
            messages.info(request, " ".join(spread.already_answered(adoption).messages))
            return HttpResponseRedirect(adoption.get_absolute_url())
        return self.show(adoption, self.form(adoption))

    def post(self, request, pk):
        adoption = self.get_adoption()
        form = self.form(adoption, request.POST)
        if not form.is_valid():
            return self.show(adoption, form, status=400)
        data = form.cleaned_data
        try:
            if self.adopting:
                spread.record_adoption(
                    adoption,
                    adopted_on=data["adopted_on"],
                    how=data["how"],
                    before_value=data.get("before_value"),
                    after_value=data.get("after_value"),
                    result=data.get("result", ""),
                    user=request.user,
                )
            else:
                spread.record_decline(adoption, reason=data["reason"], user=request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.show(adoption, form, status=400)
        if self.adopting:
            messages.success(request, gettext("The adoption is recorded; the source unit is told."))
        else:
            messages.success(
                request, gettext("Recorded why it was not adopted; the source unit is told.")
            )
        return HttpResponseRedirect(adoption.get_absolute_url())


class AdoptionAdoptView(AdoptionRecordView):
    adopting = True


class AdoptionDeclineView(AdoptionRecordView):
    adopting = False


class AdoptionCheckDueView(generic.ScopedView):
    """Move the check date of a push not yet answered: whoever may push the experience to
    the receiving unit (the unit's own corrections stay on its edit page)."""

    queryset = ADOPTION_QS
    template_name = "exchange/experiences_adoption_check_due.html"

    def get_adoption(self):
        adoption = self.get_object("view")
        if not spread.may_move_check_due(self.request.user, adoption):
            raise PermissionDenied
        return adoption

    def show(self, adoption, form, status=200):
        return render(
            self.request, self.template_name, {"adoption": adoption, "form": form}, status=status
        )

    def get(self, request, pk):
        adoption = self.get_adoption()
        if adoption.status != AdoptionStatus.PUSHED:
            return refuse(request, spread.already_answered(adoption), adoption.get_absolute_url())
        return self.show(adoption, forms.CheckDueForm(adoption=adoption))

    def post(self, request, pk):
        adoption = self.get_adoption()
        form = forms.CheckDueForm(request.POST, adoption=adoption)
        if not form.is_valid():
            return self.show(adoption, form, status=400)
        try:
            spread.move_check_due(
                adoption, check_due=form.cleaned_data["check_due"], user=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.show(adoption, form, status=400)
        messages.success(
            request,
            gettext("The check is now due on %(due)s.") % {"due": adoption.check_due.isoformat()},
        )
        return HttpResponseRedirect(adoption.get_absolute_url())
