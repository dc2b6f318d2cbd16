"""Keeps the search index in step with experiences, problems and key issues.

The index is written once the save or deletion has committed (`transaction.on_commit`):
a rolled-back save leaves no entry, and the index costs the saving request nothing
inside its transaction. Bulk loads that create objects without saving them one by one
(the demo) rebuild the index with `search.reindex_all()` at their end.

Entries also copy what belongs to others: the name, work type and plant of the unit
(an experience's unit name is searched; the plant and work type filter) and the names
of an experience's people. A unit or person saved with one of those changed has the
entries concerned rewritten after the commit, in bulk; a save that changes nothing of
them costs one read of the stored row and no more.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from gexin.exchange import search
from gexin.exchange.choices import DocumentKind
from gexin.exchange.models import Experience
from gexin.org.models import Person, Unit

# The fields of units and people the entries copy (attribute names).
UNIT_FIELDS = ("name", "name_zh", "work_type_id", "parent_id", "path", "kind")
PERSON_FIELDS = ("name", "name_latin")
STALE = "_search_stale"


def _on_commit(work, using):
    # robust: the save has committed; an index that fails to follow it is logged (and
    # mended by `gexin reindex`) rather than turning the saved request into an error.
    transaction.on_commit(work, using=using, robust=True)


def _after_commit(kind, pk, using):
    def refresh_search_index():
        search.refresh(kind, pk)

    _on_commit(refresh_search_index, using)


def object_saved(sender, instance, raw=False, using=None, **kwargs):
    if raw:  # loaded from a fixture: `gexin reindex` follows
        return
    _after_commit(search.kind_of(sender), instance.pk, using)


def object_deleted(sender, instance, using=None, **kwargs):
    if instance.pk is not None:
        _after_commit(search.kind_of(sender), instance.pk, using)


def people_changed(sender, instance, action, reverse=False, pk_set=None, using=None, **kwargs):
    """The names of an experience's people are searched too."""
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            _after_commit(DocumentKind.EXPERIENCE, instance.pk, using)
        return
    # From the person's side (person.experiences.add(…)): the experiences named.
    if action == "pre_clear":
        pk_set = set(instance.experiences.values_list("pk", flat=True))
    elif action not in ("post_add", "post_remove"):
        return
    if pk_set:
        _reindex_after_commit(DocumentKind.EXPERIENCE, pk_set, using)


def _reindex_after_commit(kind, pks, using):
    pks = sorted(pks)

    def reindex_search_entries():
        search.reindex_objects(kind, pks)

    _on_commit(reindex_search_entries, using)


def _changed_fields(sender, instance, fields, raw, using, update_fields):
    """The `fields` whose stored values an update of `instance` changes: set() for a new
    object, a raw load or an update of other fields only (no query then)."""
    if raw or instance._state.adding or instance.pk is None:
        return set()
    if update_fields is not None:
        names = {name.removesuffix("_id") for name in update_fields}
        if not names & {field.removesuffix("_id") for field in fields}:
            return set()
    stored = (
        sender._base_manager.using(using)
        .filter(pk=instance.pk)
        .order_by()
        .values_list(*fields)
        .first()
    )
    if stored is None:
        return set()
    return {
        field for field, old in zip(fields, stored, strict=True) if getattr(instance, field) != old
    }


def unit_saving(sender, instance, raw=False, using=None, update_fields=None, **kwargs):
    # A move (org.services.save_unit) has rewritten the paths already, but the stored
    # parent is still the old one until this save.
    changed = _changed_fields(sender, instance, UNIT_FIELDS, raw, using, update_fields)
    setattr(instance, STALE, changed)


def unit_saved(sender, instance, raw=False, using=None, **kwargs):
    changed = instance.__dict__.pop(STALE, None)
    if not changed:
        return
    pk = instance.pk

    def refresh_search_entries():
        search.refresh_unit(pk, changed)

    _on_commit(refresh_search_entries, using)


def person_saving(sender, instance, raw=False, using=None, update_fields=None, **kwargs):
    changed = _changed_fields(sender, instance, PERSON_FIELDS, raw, using, update_fields)
    setattr(instance, STALE, changed)


def person_saved(sender, instance, raw=False, using=None, **kwargs):
    if not instance.__dict__.pop(STALE, None):
        return
    pk = instance.pk

    def refresh_search_entries():
        search.refresh_experiences_of(pk)

    _on_commit(refresh_search_entries, using)


def person_deleting(sender, instance, using=None, **kwargs):
    """A person deleted leaves the experiences without a signal: note them first."""
    if instance.pk is None:
        return
    through = Experience.people.through
    experiences = set(
        through.objects.using(using)
        .filter(person_id=instance.pk)
        .values_list("experience_id", flat=True)
    )
    if experiences:
        _reindex_after_commit(DocumentKind.EXPERIENCE, experiences, using)


def connect():
    for kind, model in search.models_by_kind().items():
        post_save.connect(object_saved, sender=model, dispatch_uid=f"exchange-search-save-{kind}")
        post_delete.connect(
            object_deleted, sender=model, dispatch_uid=f"exchange-search-delete-{kind}"
        )
    m2m_changed.connect(
        people_changed, sender=Experience.people.through, dispatch_uid="exchange-search-people"
    )
    pre_save.connect(unit_saving, sender=Unit, dispatch_uid="exchange-search-unit-saving")
    post_save.connect(unit_saved, sender=Unit, dispatch_uid="exchange-search-unit-saved")
    pre_save.connect(person_saving, sender=Person, dispatch_uid="exchange-search-person-saving")
    post_save.connect(person_saved, sender=Person, dispatch_uid="exchange-search-person-saved")
    pre_delete.connect(
        person_deleting, sender=Person, dispatch_uid="exchange-search-person-deleting"
    )


connect()
