"""The database router: writes on the primary, marked reads on a replica.

Replicas (`GEXIN_REPLICA_URL`, aliases in `GEXIN_REPLICAS`) are copies of the primary
kept by PostgreSQL's streaming replication: gexin never writes to them and never
migrates them. Which reads go there is decided per request by `gexin.core.replicas`.
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from gexin.core import replicas


class ReplicaRouter:
    """Route reads inside `replicas.replica_reads` to its replica, everything else to
    the primary."""

    def db_for_read(self, model, **hints):
        alias = replicas.read_alias()
        if alias != DEFAULT_DB_ALIAS:
            return alias
        instance = hints.get("instance")
        if instance is not None and instance._state.db in self._replicas():
            # An object read from a replica earlier would otherwise send the reads of
            # its relations back there (Django follows the instance's database).
            return DEFAULT_DB_ALIAS
        return None

    def db_for_write(self, model, **hints):
        replicas.note_write()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The primary and its replicas hold the same rows: an object read from a
        # replica may be linked to one read from the primary.
        same_data = {DEFAULT_DB_ALIAS, *self._replicas()}
        if obj1._state.db in same_data and obj2._state.db in same_data:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if db in self._replicas():
            return False
        return None

    def _replicas(self):
        return getattr(settings, "GEXIN_REPLICAS", ())
