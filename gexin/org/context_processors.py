"""Template context from the org app."""

from django.utils.functional import SimpleLazyObject

from gexin.org.backends import own_person


def my_person(request):
    """`my_person`: the signed-in user's person (home unit first in the menu), or None."""
    user = getattr(request, "user", None)
    return {"my_person": SimpleLazyObject(lambda: own_person(user) if user is not None else None)}
