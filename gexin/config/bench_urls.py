"""URLs for `gexin bench web`: the site's routes plus `bench/bare/`, a floor to compare with.

The bare view uses no template and no query of its own; it still passes through the
whole middleware stack, so it shows what every signed-in request costs at least.
"""

from django.http import HttpResponse
from django.urls import path

from gexin.config import urls as site_urls


def bare(request):
    """Answer a few bytes of plain text: no template, no database work in the view."""
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    *site_urls.urlpatterns,
]

handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500
