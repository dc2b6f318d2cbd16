"""Who is told what when a meeting or a proposal moves on."""

from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from gexin.core.notify import notify, recipients_of
from gexin.meetings.choices import ProposalStatus
from gexin.meetings.signals import meeting_moved, proposal_moved
from gexin.org.models import Person


@receiver(meeting_moved)
def tell_the_members(sender, meeting, step, by, **kwargs):
    """Members and invitees learn of a published agenda or a cancellation."""
    if step not in ("published", "cancelled"):
        return
    people = meeting.members().select_related("user")
    users = [user for user in recipients_of(people) if user != by]
    if step == "published":
        subject = _("Agenda: %(meeting)s")
        body = _(
            "The agenda of %(meeting)s at %(place)s is published. Please read it and come "
            "prepared:\n%(items)s"
        )
    else:
        subject = _("Cancelled: %(meeting)s")
        body = _("%(meeting)s has been cancelled.")
    items = "\n".join(f"{item.position}. {item.title}" for item in meeting.agenda_items.all())
    notify(
        users,
        subject,
        body,
        meeting.get_absolute_url(),
        {"meeting": meeting, "place": meeting.place or "—", "items": items},
    )


STEP_MESSAGES = {
    ProposalStatus.SUBMITTED: _("Your proposal “%(title)s” was received by %(holder)s."),
    ProposalStatus.ESCALATED: _(
        "Your proposal “%(title)s” was passed up to %(holder)s, which now owes its disposition."
    ),
    ProposalStatus.ADOPTED: _("Your proposal “%(title)s” was adopted by %(holder)s."),
    ProposalStatus.NOT_ADOPTED: _(
        "Your proposal “%(title)s” was not adopted by %(holder)s. The explanation: %(note)s"
    ),
    ProposalStatus.IMPLEMENTED: _("Your proposal “%(title)s” has been implemented."),
    ProposalStatus.MEASURED: _("The benefit of your proposal “%(title)s” has been measured."),
    ProposalStatus.AWARDED: _("Your proposal “%(title)s” has been awarded: %(award)s."),
}


@receiver(proposal_moved)
def tell_the_authors(sender, proposal, step, by, **kwargs):
    """The authors are told at every step; a unit that must now decide is told too."""
    last = proposal.dispositions.order_by("-pk").first()
    params = {
        "title": proposal.title,
        "holder": proposal.holder,
        "note": last.note if last else "",
        "award": proposal.award,
    }
    authors = recipients_of(proposal.authors.select_related("user"))
    notify(
        authors,
        _("Proposal: %(title)s"),
        STEP_MESSAGES[ProposalStatus(step)],
        proposal.get_absolute_url(),
        params,
    )
    if step in (ProposalStatus.SUBMITTED, ProposalStatus.ESCALATED):
        deciders = [
            user
            for user in recipients_of(deciders_of(proposal.holder))
            if user not in authors and user != by
        ]
        notify(
            deciders,
            _("A proposal awaits your disposition: %(title)s"),
            _("%(holder)s owes a disposition of “%(title)s” by %(due)s."),
            proposal.get_absolute_url(),
            {**params, "due": proposal.due_on.isoformat() if proposal.due_on else "—"},
        )


def deciders_of(unit):
    """Who answers for the unit's proposals: the people with a disposing role on it, or,
    when it has none, on its nearest ancestor that has."""
    from gexin.meetings.permissions import DISPOSING_ROLES

    holders = Person.objects.filter(
        roles__role__in=DISPOSING_ROLES,
        is_active=True,
        roles__unit__path__in=[*unit.ancestor_paths(), unit.path],
    ).values_list("pk", "roles__unit__depth")
    if not holders:
        return Person.objects.none()
    nearest = max(depth for _pk, depth in holders)
    chosen = {pk for pk, depth in holders if depth == nearest}
    return Person.objects.filter(pk__in=chosen).select_related("user")
