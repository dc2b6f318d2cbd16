"""Generic views every app builds its pages from.

Each view reads its objects through `restrict(user, action)`: an object outside the
user's scope answers 404, a missing right 403, and an anonymous user is sent to sign
in. Writes run in a transaction and are checked again after saving, so no one can
create or move an object out of their scope. Edits carry the version they started
from, so a change made by someone else in the meantime is never overwritten.
"""


from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import ProtectedError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View

from gexin.core import audit, spreadsheets, versioning
from gexin.core.concurrency import STALE_EDIT, StaleEdit, version_of
from gexin.core.forms import ChangeReasonForm
from gexin.core.models import ChangeRecord
from gexin.core.permissions import has_action_anywhere, is_path_in_scope


class ScopedView(LoginRequiredMixin, View):
    """Base: a model's queryset restricted to the signed-in user."""

    queryset = None

    @property
    def model(self):
        return self.queryset.model

    def restricted(self, action):
        return self.queryset.restrict(self.request.user, action)

    def require_anywhere(self, action):
        if not has_action_anywhere(self.request.user, self.model, action):
            raise PermissionDenied

    def get_object(self, action="view"):
        """The object named in the URL: 404 if out of view scope, 403 if the action is not held."""
        try:
            obj = self.restricted("view").get(pk=self.kwargs["pk"])
        except (self.model.DoesNotExist, ValueError, TypeError):
            raise Http404 from None
        if action != "view" and not self.restricted(action).filter(pk=obj.pk).exists():
            raise PermissionDenied
        return obj

    def can(self, action, obj=None):
        """True when the user may perform the action (on `obj`, or somewhere).

        Answered from the scope paths already in memory: no query.
        """
        user = self.request.user
        if obj is None or self.model.scope_path_lookup is None:
            return has_action_anywhere(user, self.model, action)
        return is_path_in_scope(user, self.model, action, obj.scope_path())

    def return_url(self, default):
        target = self.request.POST.get("return_url") or self.request.GET.get("return_url")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return target
        return default


def without_blanks(query):
    """The query parameters without empty values ("any" in a filter select sends "")."""
    data = query.copy()
    for key in list(data.keys()):
        values = [value for value in data.getlist(key) if value != ""]
        if values:
            data.setlist(key, values)
        else:
            del data[key]
    return data


class ObjectListView(ScopedView):
    """A searchable, sortable, paginated list, with CSV export for those who may export.

    Set `filterset_class`, `table_class` (a gexin.core.tables.Table, also used for the
    CSV export), `template_name` and `sort_fields` (sort key → ordering). HTMX requests
    get the results only.
    """

    filterset_class = None
    table_class = None
    # Drop-down filters above the list: (parameter, label, choices or a function giving them).
    select_filters = ()
    # Parameters carried along unchanged as hidden inputs (e.g. the unit a list is for).
    carried_params = ()
    template_name = None
    results_template = "core/_table_results.html"
    sort_fields = {}
    default_sort = None
    exportable = True
    paginate_by = None

    def get_base_queryset(self):
        return self.restricted("view")

    def get(self, request, *args, **kwargs):
        self.require_anywhere("view")
        queryset = self.get_base_queryset()
        filterset = None
        if self.filterset_class is not None:
            filterset = self.filterset_class(
                without_blanks(request.GET), queryset=queryset, request=request
            )
        sort = request.GET.get("sort") or self.default_sort
        if sort and sort.lstrip("-") not in self.sort_fields:
            sort = self.default_sort
        if request.GET.get("export") == "csv":
            return self.export_csv(self.filtered(queryset, filterset, sort))
        context = {
            "model": self.model,
            "opts": self.model._meta,
            "filterset": filterset,
            "search": request.GET.get("q", ""),
            "select_filters": self.drop_downs(),
            "carried": [
                (name, request.GET[name]) for name in self.carried_params if request.GET.get(name)
            ],
            "sort": sort or "",
            "query_string": self.query_string_without("page"),
            "sort_query_string": self.query_string_without("page", "sort"),
        }
        # The results (table, count and pages) are the costly part: they are kept per
        # scope, language, query and data version (see gexin.core.versioning).
        params = sorted(request.GET.lists())
        results = versioning.cached_fragment(
            request,
            f"list:{self.model._meta.label_lower}:{self.results_template}",
            params,
            lambda: self.draw_results(queryset, filterset, sort, context),
        )
        if request.htmx and not request.htmx.boosted:
            return HttpResponse(results)
        context.update(
            {
                "results": mark_safe(results),
                "can_add": self.can("add"),
                "can_export": self.exportable and self.can("export"),
            }
        )
        context.update(self.extra_context())
        return render(request, self.template_name, context)

    def drop_downs(self):
        """The drop-down filters with the current choice marked, without building a form."""
        filters = []
        for name, label, choices in self.select_filters:
            chosen = set(self.request.GET.getlist(name))
            options = [
                (value, option_label, str(value) in chosen)
                for value, option_label in (choices() if callable(choices) else choices)
            ]
            filters.append({"name": name, "label": label, "options": options})
        return filters

    def filtered(self, queryset, filterset, sort):
        if filterset is not None:
            # An invalid filter shows its error above an empty list rather than everything.
            queryset = filterset.qs if filterset.is_valid() else queryset.none()
        if sort:
            ordering = self.sort_fields[sort.lstrip("-")]
            descending = sort.startswith("-")
            queryset = queryset.order_by(
                *[("-" + field if descending else field) for field in ordering]
            )
        return queryset

    def draw_results(self, queryset, filterset, sort, context):
        queryset = self.filtered(queryset, filterset, sort)
        page = Paginator(queryset, self.page_size(self.request)).get_page(
            self.request.GET.get("page")
        )
        results_context = dict(context)
        results_context.update(
            {
                "page": page,
                "objects": page.object_list,
                "table": self.table_class(
                    page.object_list, sort or "", context["sort_query_string"]
                ),
            }
        )
        return render_to_string(self.results_template, results_context, self.request)

    def page_size(self, request):
        default = self.paginate_by or settings.GEXIN_PAGE_SIZE
        try:
            return max(1, min(int(request.GET.get("per_page", default)), 500))
        except ValueError:
            return default

    def query_string_without(self, *names):
        params = self.request.GET.copy()
        for name in names:
            params.pop(name, None)
        return params.urlencode()

    def extra_context(self):
        return {}

    def export_csv(self, queryset):
        if not self.exportable:
            raise Http404
        self.require_anywhere("export")
        # Export exactly what the user may export, within the current filter.
        allowed = self.restricted("export").values("pk")
        queryset = queryset.filter(pk__in=allowed)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = self.model._meta.model_name
        response["Content-Disposition"] = f'attachment; filename="{name}s.csv"'
        response.write("\ufeff")  # lets spreadsheet programs detect UTF-8
        writer = spreadsheets.csv_writer(response)
        writer.writerow(self.table_class.export_headers())
        for obj in queryset.iterator(chunk_size=2000):
            writer.writerow(self.table_class.export_row(obj))
        return response


class ObjectDetailView(ScopedView):
    """One object's page; its history loads when scrolled into view (HTMX).

    Set `body_template`; `extra_context(obj)` adds to its context. The body is kept per
    object, scope, language and data version (see gexin.core.versioning).
    """

    template_name = "core/object_detail.html"
    body_template = None

    def get(self, request, *args, **kwargs):
        with versioning.reading(request) as read:
            obj = self.get_object("view")
        body = versioning.cached_fragment(
            request,
            f"detail:{self.model._meta.label_lower}:{self.body_template}",
            (obj.pk,),
            lambda: self.draw_body(obj),
            read_before=read,
        )
        return render(
            request,
            self.template_name,
            {"object": obj, "opts": self.model._meta, "body": mark_safe(body)},
        )

    def draw_body(self, obj):
        context = {
            "object": obj,
            "opts": self.model._meta,
            "can_change": self.can("change", obj),
            "can_delete": self.can("delete", obj),
        }
        context.update(self.extra_context(obj))
        return render_to_string(self.body_template, context, self.request)

    def extra_context(self, obj):
        return {}


class ObjectEditView(ScopedView):
    """Create (no pk in the URL) or edit an object with a form.

    `save_form(form)` may be overridden to go through a service function; it runs
    inside the transaction that also re-checks the saved object's scope.
    """

    form_class = None
    template_name = "core/object_edit.html"

    def get_form_kwargs(self):
        return {"user": self.request.user}

    def initial_for_create(self):
        return {}

    def get(self, request, *args, **kwargs):
        obj = self.get_target()
        form = self.form_class(
            instance=obj,
            initial=None if obj.pk else self.initial_for_create(),
            **self.get_form_kwargs(),
        )
        return self.render_form(obj, form, ChangeReasonForm(initial={"version": version_of(obj)}))

    def post(self, request, *args, **kwargs):
        obj = self.get_target()
        is_new = not obj.pk
        form = self.form_class(request.POST, request.FILES, instance=obj, **self.get_form_kwargs())
        meta = ChangeReasonForm(request.POST)
        if meta.is_valid() and self.reason_required(obj) and not meta.cleaned_data["reason"]:
            meta.add_error("reason", self.reason_required(obj))
        stale = False
        if form.is_valid() and meta.is_valid():
            try:
                with transaction.atomic():
                    if obj.pk:
                        self.check_version(obj, request.POST.get("version"))
                    action = "change" if obj.pk else "add"
                    with audit.audit_reason(meta.cleaned_data["reason"]):
                        saved = self.save_form(form)
                    if not self.restricted(action).filter(pk=saved.pk).exists():
                        raise PermissionDenied
            except StaleEdit as error:
                # The input stays; the form now carries the current version, so saving
                # again replaces the other change knowingly.
                form.add_error(None, STALE_EDIT)
                meta = ChangeReasonForm({**request.POST.dict(), "version": error.args[0]})
                meta.is_valid()
                stale = True
            except PermissionDenied:
                form.add_error(
                    None,
                    _("You may not place this record outside the units you are responsible for."),
                )
            else:
                messages.success(request, self.success_message(saved, created=is_new))
                return HttpResponseRedirect(self.return_url(saved.get_absolute_url()))
        return self.render_form(obj, form, meta, status=400, stale=stale)

    def check_version(self, obj, posted):
        """Lock the stored row; refuse when the form was opened on an older version.

        A form always posts the version it was opened on; a client that sends none
        (a script) edits whatever is stored, as an API call without If-Match does.
        """
        current = self.model._base_manager.select_for_update().get(pk=obj.pk)
        if posted is not None and posted != version_of(current):
            raise StaleEdit(version_of(current))

    def get_target(self):
        if "pk" in self.kwargs:
            return self.get_object("change")
        self.require_anywhere("add")
        return self.model()

    def save_form(self, form):
        return form.save()

    def reason_required(self, obj):
        """A message when this change must give its reason (e.g. signed-off minutes), else ""."""
        return ""

    def success_message(self, obj, created):
        if created:
            return _("Created %(object)s.") % {"object": obj}
        return _("Saved %(object)s.") % {"object": obj}

    def render_form(self, obj, form, meta, status=200, stale=False):
        context = {
            "object": obj,
            "opts": self.model._meta,
            "form": form,
            "meta_form": meta,
            "is_new": not obj.pk,
            "return_url": self.return_url(obj.get_absolute_url() if obj.pk else ""),
            "reason_required": self.reason_required(obj),
            "stale": stale,
        }
        return render(self.request, self.template_name, context, status=status)


class ObjectDeleteView(ScopedView):
    """Confirm, then delete; refused with a message when other records depend on it."""

    template_name = "core/object_delete.html"
    success_url = None

    def get(self, request, *args, **kwargs):
        obj = self.get_object("delete")
        return render(
            request,
            self.template_name,
            {"object": obj, "opts": self.model._meta, "form": ChangeReasonForm()},
        )

    def post(self, request, *args, **kwargs):
        obj = self.get_object("delete")
        meta = ChangeReasonForm(request.POST)
        meta.is_valid()
        required = self.reason_required(obj)
        if required and not meta.cleaned_data.get("reason"):
            meta.add_error("reason", required)
            return render(
                request,
                self.template_name,
                {"object": obj, "opts": self.model._meta, "form": meta},
                status=400,
            )
        try:
            with transaction.atomic(), audit.audit_reason(meta.cleaned_data.get("reason", "")):
                self.delete_object(obj)
        except ProtectedError:
            messages.error(
                request,
                _("%(object)s cannot be deleted while other records refer to it.")
                % {"object": obj},
            )
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(request, _("Deleted %(object)s.") % {"object": obj})
        return HttpResponseRedirect(self.return_url(self.get_success_url()))

    def delete_object(self, obj):
        obj.delete()

    def reason_required(self, obj):
        """A message when this deletion must give its reason, else ""."""
        return ""

    def get_success_url(self):
        from django.urls import reverse

        return reverse(self.success_url)


class ObjectHistoryView(ScopedView):
    """An object's whole history, newest first, for whoever may view the object.

    An HTMX request gets the latest entries only, for the history section of the
    object's own page.
    """

    template_name = "core/object_history.html"
    fragment_template = "core/_history_fragment.html"
    fragment_limit = 10

    def get(self, request, *args, **kwargs):
        obj = self.get_object("view")
        records = ChangeRecord.for_object(obj)
        if request.htmx:
            history = list(records[: self.fragment_limit + 1])
            return render(
                request,
                self.fragment_template,
                {
                    "object": obj,
                    "history": history[: self.fragment_limit],
                    "has_more": len(history) > self.fragment_limit,
                    "history_url": request.path,
                },
            )
        page = Paginator(records, 50).get_page(request.GET.get("page"))
        return render(
            request,
            self.template_name,
            {
                "object": obj,
                "opts": self.model._meta,
                "page": page,
                "history": page.object_list,
                "query_string": "",
            },
        )
