"""Base models and the records every app shares: users and the audit trail."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus

from gexin.core import audit, versioning
from gexin.core.choices import ChangeKind, Language
from gexin.core.querysets import RestrictedQuerySet


class User(AbstractUser):
    """A person's account. Scoped roles are held by the person it belongs to."""

    language = models.CharField(
        _("language"),
        max_length=10,
        choices=Language.choices,
        blank=True,
        help_text=_("Language of the interface; empty follows the browser."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class ChangeRecord(models.Model):
    """One change to an audited object: who, when, what and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    changed_object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=200)
    kind = models.CharField(_("change"), max_length=10, choices=ChangeKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_records",
    )
    actor_name = models.CharField(_("by"), max_length=150, blank=True)
    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict)
    reason = models.TextField(_("reason"), blank=True)
    request_id = models.CharField(max_length=32, blank=True)

    objects = models.Manager()

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-time"])]
        verbose_name = _("change record")
        verbose_name_plural = _("change records")

    def __str__(self):
        return f"{self.get_kind_display()} {self.object_repr}"

    @classmethod
    def for_object(cls, obj):
        """The history of one object, newest first."""
        return cls.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_id=str(obj.pk),
        ).select_related("actor")

    def field_changes(self, model):
        """The changes as (label, old, new) rows, with field labels in the active language."""
        rows = []
        for name, (old, new) in self.changes.items():
            if self.kind == ChangeKind.CREATE and new in (None, ""):
                continue  # a new object's empty fields say nothing
            try:
                label = model._meta.get_field(name).verbose_name
            except Exception:  # a field removed since: keep its name
                label = name
            rows.append((label, old, new))
        return rows


class DataVersion(models.Model):
    """A counter that grows with changes of data: row 1 with every change but those
    counted per model in the other rows (see core.versioning)."""

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("data version")

    def __str__(self):
        return str(self.value)


class AuditedModel(models.Model):
    """A model whose creation, changes and deletion are written to the audit trail."""

    audit_exclude = ("created", "last_updated")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        is_new = self._state.adding or self.pk is None
        with transaction.atomic(using=self._state.db or "default"):
            before = {} if is_new else self._stored_snapshot()
            super().save(*args, **kwargs)
            after = audit.snapshot(self)
            changes = audit.diff(before, after)
            if is_new or changes:
                self._write_change_record(
                    ChangeKind.CREATE if is_new else ChangeKind.UPDATE, changes
                )
                versioning.bump(self._state.db or "default", models=[type(self)])

    def delete(self, *args, **kwargs):
        with transaction.atomic(using=self._state.db or "default"):
            before = audit.snapshot(self)
            pk = self.pk
            result = super().delete(*args, **kwargs)
            self.pk = pk
            self._write_change_record(ChangeKind.DELETE, {k: [v, None] for k, v in before.items()})
            # What the deletion took with it (cascades) is not counted per model.
            versioning.bump(self._state.db or "default")
            self.pk = None
        return result

    def _stored_snapshot(self):
        stored = type(self)._base_manager.filter(pk=self.pk).first()
        return audit.snapshot(stored) if stored is not None else {}

    def _write_change_record(self, kind, changes):
        context = audit.current_context()
        ChangeRecord.objects.create(
            content_type=ContentType.objects.get_for_model(self, for_concrete_model=True),
            object_id=str(self.pk),
            object_repr=str(self)[:200],
            kind=kind,
            actor=context.actor,
            actor_name=context.actor.get_username() if context.actor else "",
            changes=changes,
            reason=context.reason,
            request_id=context.request_id,
        )

    def history(self):
        """This object's change records, newest first."""
        return ChangeRecord.for_object(self)


class GexinModel(AuditedModel):
    """Base of every domain model: timestamps, audit, and scope restriction.

    Subclasses set `scope_path_lookup` to the lookup that reaches the tree path of
    the unit owning the object (e.g. "unit__path").
    """

    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_updated = models.DateTimeField(_("last updated"), auto_now=True)

    scope_path_lookup = "unit__path"

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    def scope_path(self):
        """The tree path this object's scope is decided by."""
        value = self
        for part in self.scope_path_lookup.split("__"):
            value = getattr(value, part)
        return value


class Notification(models.Model):
    """A message to one user about something that concerns them, shown in the app.

    Written by `gexin.core.notify.notify`, which also sends it by email.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created = models.DateTimeField(_("sent"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    is_emailed = models.BooleanField(_("emailed"), default=False)

    objects = models.Manager()

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("notification_open", args=[self.pk])

    @property
    def is_read(self):
        return self.read_at is not None


class Session(AbstractBaseSession):
    """A browser's signed-in session, with the account it belongs to.

    Knowing the account lets gexin end all of its sessions at once when it is
    disabled (gexin.core.sessions). The account is a plain number, not a foreign
    key, so that saving a session never waits on the user table.
    """

    user_id = models.BigIntegerField(null=True, db_index=True)

    class Meta(AbstractBaseSession.Meta):
        db_table = "core_session"


class BackgroundTaskQuerySet(models.QuerySet):
    def ready(self, backend_name="default", queue_names=None):
        """The tasks a worker may start now, the next one first."""
        due = models.Q(run_after__isnull=True) | models.Q(run_after__lte=timezone.now())
        ready = self.filter(due, status=TaskResultStatus.READY, backend_name=backend_name)
        if queue_names is not None:
            ready = ready.filter(queue_name__in=queue_names)
        return ready.order_by("-priority", "enqueued_at")


class BackgroundTask(models.Model):
    """A piece of background work queued in the database (`gexin.core.tasks`).

    `gexin db_worker` takes the ready ones in turn and keeps each afterwards with its
    result, or with the error it raised so that nothing failed goes unnoticed.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task_path = models.CharField(max_length=200)
    queue_name = models.CharField(max_length=32, default="default")
    backend_name = models.CharField(max_length=32, default="default")
    priority = models.SmallIntegerField(_("priority"), default=0)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TaskResultStatus.choices,
        default=TaskResultStatus.READY,
    )
    run_after = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    last_attempted_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    worker_ids = models.JSONField(default=list)
    return_value = models.JSONField(null=True, blank=True)
    errors = models.JSONField(default=list)

    objects = BackgroundTaskQuerySet.as_manager()

    class Meta:
        ordering = ["-priority", "enqueued_at"]
        indexes = [
            # The worker's question, "the next ready task", answered from a small index.
            models.Index(
                fields=["backend_name", "queue_name", "-priority", "enqueued_at"],
                condition=models.Q(status=TaskResultStatus.READY),
                name="core_backgroundtask_ready",
            )
        ]
        verbose_name = _("background task")
        verbose_name_plural = _("background tasks")

    def __str__(self):
        return f"{self.task_path} {self.status}"
