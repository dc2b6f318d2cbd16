"""Tables of the express report and subscription lists."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gexin.core.tables import Column, Table


def published_cell(report):
    if report.published_at is None:
        return format_html('<span class="badge">{}</span>', _("draft"))
    return report.published_at.strftime("%Y-%m-%d %H:%M")


class ExpressReportTable(Table):
    columns = (
        Column(_("Express report"), "title", link="get_absolute_url", sort="title"),
        Column(_("Plant"), "plant.display_name", export="plant.code"),
        Column(_("From unit"), "unit.display_name", export="unit.code"),
        Column(_("Language"), "get_language_display", export="language"),
        Column(_("Published"), "published_at", html=published_cell, sort="published_at"),
    )


def plant_cell(subscription):
    return format_html(
        '<a href="{}?plant={}">{}</a>',
        reverse("exchange:expressreport_list"),
        subscription.plant.code,
        subscription.plant.display_name,
    )


def delete_cell(subscription):
    if not getattr(subscription, "can_delete", False):
        return ""
    return format_html(
        '<a class="small-link" href="{}">{}</a>',
        reverse("exchange:subscription_delete", args=[subscription.pk]),
        _("Unsubscribe"),
    )


class SubscriptionTable(Table):
    columns = (
        Column(_("Subscribing unit"), "unit.display_name", sort="unit", export="unit.code"),
        Column(
            _("Reports of"),
            "plant.display_name",
            html=plant_cell,
            sort="plant",
            export="plant.code",
        ),
        Column(_("Also by email"), "by_email"),
        Column("", "pk", html=delete_cell, export=False),
    )
