from django.urls import path  # noqa: F401

app_name = "exchange"

# Each area keeps its routes in its own section.
urlpatterns = []

# -- experiences, attachments, spread and adoption --
from gexin.exchange.views import experiences  # noqa: E402

urlpatterns += [
    path("experiences/", experiences.ExperienceListView.as_view(), name="experience_list"),
    path("experiences/add/", experiences.ExperienceEditView.as_view(), name="experience_add"),
    path(
        "experiences/<int:pk>/",
        experiences.ExperienceDetailView.as_view(),
        name="experience_detail",
    ),
    path(
        "experiences/<int:pk>/edit/",
        experiences.ExperienceEditView.as_view(),
        name="experience_edit",
    ),
    path(
        "experiences/<int:pk>/delete/",
        experiences.ExperienceDeleteView.as_view(),
        name="experience_delete",
    ),
    path(
        "experiences/<int:pk>/history/",
        experiences.ExperienceHistoryView.as_view(),
        name="experience_history",
    ),
    path(
        "experiences/<int:pk>/attach/",
        experiences.ExperienceAttachView.as_view(),
        name="experience_attach",
    ),
    path(
        "experiences/<int:pk>/push/",
        experiences.ExperiencePushView.as_view(),
        name="experience_push",
    ),
    path(
        "experience-attachments/<int:pk>/",
        experiences.ExperienceAttachmentDownloadView.as_view(),
        name="experienceattachment_download",
    ),
    path(
        "experience-attachments/<int:pk>/delete/",
        experiences.ExperienceAttachmentDeleteView.as_view(),
        name="experienceattachment_delete",
    ),
    path("adoptions/", experiences.AdoptionListView.as_view(), name="adoption_list"),
    path("adoptions/<int:pk>/", experiences.AdoptionDetailView.as_view(), name="adoption_detail"),
    path("adoptions/<int:pk>/edit/", experiences.AdoptionEditView.as_view(), name="adoption_edit"),
    path(
        "adoptions/<int:pk>/delete/",
        experiences.AdoptionDeleteView.as_view(),
        name="adoption_delete",
    ),
    path(
        "adoptions/<int:pk>/history/",
        experiences.AdoptionHistoryView.as_view(),
        name="adoption_history",
    ),
    path(
        "adoptions/<int:pk>/adopt/", experiences.AdoptionAdoptView.as_view(), name="adoption_adopt"
    ),
    path(
        "adoptions/<int:pk>/decline/",
        experiences.AdoptionDeclineView.as_view(),
        name="adoption_decline",
    ),
    path(
        "adoptions/<int:pk>/check-due/",
        experiences.AdoptionCheckDueView.as_view(),
        name="adoption_check_due",
    ),
]

# -- search --
from gexin.exchange.views import search as search_views  # noqa: E402

urlpatterns += [
    path("search/", search_views.SearchView.as_view(), name="search"),
    path("search/similar/", search_views.SimilarView.as_view(), name="similar"),
]

# -- contracts, items, conferences, evaluations --
from gexin.exchange.views import contracts as contract_views  # noqa: E402


def crud(view_module, model, plural, name):
    """The list, add, detail, edit, delete and history routes of <name>…View."""

    def view(kind):
        return getattr(view_module, f"{name}{kind}View").as_view()

    routes = [
        path(f"{plural}/add/", view("Edit"), name=f"{model}_add"),
        path(f"{plural}/<int:pk>/", view("Detail"), name=f"{model}_detail"),
        path(f"{plural}/<int:pk>/edit/", view("Edit"), name=f"{model}_edit"),
        path(f"{plural}/<int:pk>/delete/", view("Delete"), name=f"{model}_delete"),
        path(f"{plural}/<int:pk>/history/", view("History"), name=f"{model}_history"),
    ]
    if hasattr(view_module, f"{name}ListView"):
        routes.insert(0, path(f"{plural}/", view("List"), name=f"{model}_list"))
    return routes


urlpatterns += [
    *crud(contract_views, "contract", "contracts", "Contract"),
    *crud(contract_views, "contractitem", "contract-items", "ContractItem"),
    *crud(contract_views, "conference", "conferences", "Conference"),
    path(
        "conferences/<int:pk>/evaluate/",
        contract_views.ConferenceEvaluateView.as_view(),
        name="conference_evaluate",
    ),
]

# -- express reports, subscriptions, feeds --
from gexin.exchange import feeds as express_feeds  # noqa: E402
from gexin.exchange.views import express as express_views  # noqa: E402

urlpatterns += [
    *crud(express_views, "expressreport", "express-reports", "ExpressReport"),
    path(
        "express-reports/<int:pk>/publish/",
        express_views.ExpressReportPublishView.as_view(),
        name="expressreport_publish",
    ),
    path(
        "report-subscriptions/",
        express_views.SubscriptionListView.as_view(),
        name="subscription_list",
    ),
    path(
        "report-subscriptions/add/",
        express_views.SubscriptionEditView.as_view(),
        name="subscription_add",
    ),
    path(
        "report-subscriptions/<int:pk>/delete/",
        express_views.SubscriptionDeleteView.as_view(),
        name="subscription_delete",
    ),
    path(
        "plants/<slug:code>/express-reports.atom",
        express_feeds.plant_feed,
        name="expressreport_feed",
    ),
]

# -- cards, cooperation, same-type comparison --
from gexin.exchange.views import cards as card_views  # noqa: E402
from gexin.exchange.views import comparison as comparison_views  # noqa: E402
from gexin.exchange.views import cooperation as cooperation_views  # noqa: E402


def exchange_routes(view_module, model, plural, name):
    """The list, add, detail, edit, delete and history routes of <name>…View, and the
    moves of a card or a cooperation (match, deliver, confirm, withdraw)."""

    def view(kind):
        return getattr(view_module, f"{name}{kind}View").as_view()

    prefix = "Card" if model == "assistancecard" else name
    return [
        path(f"{plural}/", view("List"), name=f"{model}_list"),
        path(f"{plural}/add/", view("Edit"), name=f"{model}_add"),
        path(f"{plural}/<int:pk>/", view("Detail"), name=f"{model}_detail"),
        path(f"{plural}/<int:pk>/edit/", view("Edit"), name=f"{model}_edit"),
        path(f"{plural}/<int:pk>/delete/", view("Delete"), name=f"{model}_delete"),
        path(f"{plural}/<int:pk>/history/", view("History"), name=f"{model}_history"),
        *[
            path(
                f"{plural}/<int:pk>/{move}/",
                getattr(view_module, f"{prefix}{move.title()}View").as_view(),
                name=f"{model}_{move}",
            )
            for move in ("match", "deliver", "confirm", "withdraw")
        ],
    ]


urlpatterns += [
    *exchange_routes(card_views, "assistancecard", "cards", "AssistanceCard"),
    *exchange_routes(cooperation_views, "cooperation", "cooperation", "Cooperation"),
    path(
        "cooperation-items/add/",
        cooperation_views.CooperationItemEditView.as_view(),
        name="cooperationitem_add",
    ),
    path(
        "cooperation-items/<int:pk>/edit/",
        cooperation_views.CooperationItemEditView.as_view(),
        name="cooperationitem_edit",
    ),
    path(
        "cooperation-items/<int:pk>/delete/",
        cooperation_views.CooperationItemDeleteView.as_view(),
        name="cooperationitem_delete",
    ),
    path("comparison/", comparison_views.ComparisonView.as_view(), name="comparison"),
]
