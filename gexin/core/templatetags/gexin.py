"""Template helpers shared by every app (loaded as a builtin)."""

from django import template

register = template.Library()


@register.filter
def field_changes(record):
    """A change record's changes as (label, old, new), labelled in the active language."""
    return record.field_changes(record.content_type.model_class())
