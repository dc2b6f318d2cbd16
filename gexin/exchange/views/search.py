"""The search page, and the similar experiences suggested beside a problem or key issue."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from gexin.core import views as generic
from gexin.core.replicas import ReplicaReadMixin
from gexin.core.views import without_blanks
from gexin.exchange.forms.search import SearchForm
from gexin.exchange.models import Experience
from gexin.exchange.search import search, similar_experiences
from gexin.org.filtersets import is_number

PAGE_SIZE = 20
SIMILAR_LIMIT = 5
# The live suggestions begin once this much of the title is typed.
SHORTEST_TEXT = 2
LONGEST_TEXT = 4000


class SearchView(ReplicaReadMixin, generic.ScopedView):
    """Experiences, problems and key issues ranked by relevance to a Chinese or English
    query, for everyone who may read experiences; problems and key issues only where
    the user may see them."""

    queryset = Experience.objects.all()
    template_name = "exchange/search.html"

    def get(self, request):
        self.require_anywhere("view")
        form = SearchForm(without_blanks(request.GET), user=request.user)
        hits, query, filtered = [], "", False
        if form.is_valid():
            query = form.cleaned_data["q"].strip()
            filtered = form.is_filtered
            if query:
                hits = search(request.user, query, **form.search_arguments())
        page = Paginator(hits, PAGE_SIZE).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "query": query,
                "searched": bool(query),
                "filtered": filtered,
                "page": page,
                "hits": page.object_list,
                "query_string": params.urlencode(),
                "without_filters": "?" + urlencode({"q": query}),
            },
        )


class SimilarView(ReplicaReadMixin, generic.ScopedView):
    """The box of similar experiences: for a problem (?problem=id), a key issue
    (?key_issue=id), or the words being typed (?text=…) on the problem form."""

    queryset = Experience.objects.all()
    template_name = "exchange/_similar_experiences.html"

    def get(self, request):
        self.require_anywhere("view")
        source = self.source()
        if source is not None:
            text = "\n".join(
                part
                for part in (
                    source.title,
                    source.description,
                    getattr(source, "solution", ""),
                )
                if part
            )
            query, live = source.title, False
        else:
            text = request.GET.get("text", "")[:LONGEST_TEXT].strip()
            query, live = text, True
        hits = []
        if len(text) >= SHORTEST_TEXT:
            hits = similar_experiences(request.user, text, limit=SIMILAR_LIMIT)
        return render(
            request,
            self.template_name,
            {"hits": hits, "query": query, "live": live, "loaded": True},
        )

    def source(self):
        """The problem or key issue named in the query, among those the user may see."""
        from gexin.innovation.models import KeyIssue, Problem

        for name, model in (("problem", Problem), ("key_issue", KeyIssue)):
            value = self.request.GET.get(name)
            if value is None:
                continue
            if not is_number(value):
                raise Http404
            found = model.objects.restrict(self.request.user, "view").filter(pk=value).first()
            if found is None:
                raise Http404
            return found
        return None
