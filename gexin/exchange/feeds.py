"""The Atom feed of a plant's published express reports (RFC 4287).

`/plants/<code>/express-reports.atom` is read by anyone signed in: in the browser by
the session, by a feed reader with an API token in the `Authorization: Token …`
header. A request with no credentials at all is sent to sign in, like every page; a
token that is wrong answers 401.
"""

from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from gexin.core.permissions import has_action_anywhere
from gexin.exchange.express import summary
from gexin.exchange.models import PLANT_KINDS, ExpressReport
from gexin.org.models import Unit

FEED_LENGTH = 50


class ReportAtomFeed(Atom1Feed):
    """Atom with each report's whole text as the entry's content, beside its summary."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "text"})


def tag_authority(request):
    """The host part of a tag URI (RFC 4151): the site's host name without a port."""
    host = request.get_host()
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.split(":")[0]


class PlantReportsFeed(Feed):
    feed_type = ReportAtomFeed

    def get_object(self, request, code):
        plant = Unit.objects.filter(code=code, kind__in=PLANT_KINDS).first()
        if plant is None:
            raise Http404
        self.request = request
        return plant

    def title(self, plant):
        return _("Express reports of %(plant)s") % {"plant": plant.display_name}

    def subtitle(self, plant):
        return _("Technical innovation express reports published by %(plant)s.") % {
            "plant": plant.display_name
        }

    def link(self, plant):
        return reverse("exchange:expressreport_list") + f"?plant={plant.code}"

    def feed_guid(self, plant):
        return f"tag:{tag_authority(self.request)},{plant.created:%Y-%m-%d}:plant:{plant.code}"

    def author_name(self, plant):
        return plant.display_name

    def items(self, plant):
        return (
            ExpressReport.objects.restrict(self.request.user, "view")
            .filter(plant=plant, published_at__isnull=False)
            .select_related("unit", "author")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, report):
        return report.title

    def item_description(self, report):
        # Atom's summary is HTML here: the plain text is escaped once for it.
        return escape(summary(report))

    def item_link(self, report):
        return report.get_absolute_url()

    def item_guid(self, report):
        return (
            f"tag:{tag_authority(self.request)},{report.published_at:%Y-%m-%d}:"
            f"express-report:{report.pk}"
        )

    item_guid_is_permalink = False

    def item_pubdate(self, report):
        return report.published_at

    def item_updateddate(self, report):
        return max(report.last_updated, report.published_at)

    def item_author_name(self, report):
        if report.author is not None:
            return report.author.get_full_name() or report.author.get_username()
        return report.unit.display_name

    def item_extra_kwargs(self, report):
        return {"content": report.body}


def unauthorized(message):
    response = HttpResponse(message, status=401, content_type="text/plain; charset=utf-8")
    response["WWW-Authenticate"] = 'Token realm="gexin"'
    return response


@require_safe
def plant_feed(request, code):
    """The feed, for a signed-in session or an API token; otherwise sign in (or 401)."""
    if not request.user.is_authenticated:
        try:
            found = TokenAuthentication().authenticate(request)
        except AuthenticationFailed as error:
            return unauthorized(str(error.detail))
        if found is None:
            return redirect_to_login(request.get_full_path())
        request.user = found[0]
    if not has_action_anywhere(request.user, ExpressReport, "view"):
        raise PermissionDenied
    language = getattr(request.user, "language", "") or translation.get_language()
    with translation.override(language):
        return PlantReportsFeed()(request, code=code)
