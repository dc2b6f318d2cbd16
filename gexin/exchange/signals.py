"""Keeps the search index in step with experiences, problems and key issues.

The index is written once the save or deletion has committed (`transaction.on_commit`):
a rolled-back save leaves no entry, and the index costs the saving request nothing
inside its transaction. Bulk loads that create objects without saving them one by one
(the demo) rebuild the index with `search.reindex_all()` at their end.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from gexin.exchange import search
from gexin.exchange.models import Experience


def _after_commit(kind, pk, using):
    # robust: the save has committed; an index that fails to follow it is logged (and
    # mended by `gexin reindex`) rather than turning the saved request into an error.
    def refresh_search_index():
        search.refresh(kind, pk)

    transaction.on_commit(refresh_search_index, using=using, robust=True)


def object_saved(sender, instance, raw=False, using=None, **kwargs):
    if raw:  # loaded from a fixture: `gexin reindex` follows
        return
    _after_commit(search.kind_of(sender), instance.pk, using)


def object_deleted(sender, instance, using=None, **kwargs):
    if instance.pk is not None:
        _after_commit(search.kind_of(sender), instance.pk, using)


def people_changed(sender, instance, action, using=None, **kwargs):
    """The names of an experience's people are searched too."""
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Experience):
        _after_commit(search.kind_of(instance), instance.pk, using)


def connect():
    for kind, model in search.models_by_kind().items():
        post_save.connect(object_saved, sender=model, dispatch_uid=f"exchange-search-save-{kind}")
        post_delete.connect(
            object_deleted, sender=model, dispatch_uid=f"exchange-search-delete-{kind}"
        )
    m2m_changed.connect(
        people_changed, sender=Experience.people.through, dispatch_uid="exchange-search-people"
    )


connect()
