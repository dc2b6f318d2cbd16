"""The org app's sections of the start page: the user's own unit first."""

from gexin.org.models import Person, RoleAssignment


def own_unit(request):
    person = (
        Person.objects.restrict(request.user)
        .filter(user=request.user)
        .select_related("unit")
        .first()
    )
    if person is None:
        return None
    roles = (
        RoleAssignment.objects.restrict(request.user).filter(person=person).select_related("unit")
    )
    return {
        "template": "org/_home_own_unit.html",
        "person": person,
        "unit": person.unit,
        "roles": roles,
    }


def links(request):
    if not request.user.has_perm("org.view_unit"):
        return None
    return {"template": "org/_home_links.html"}
