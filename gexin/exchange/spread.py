"""Spreading an advanced experience (推广) and each receiving unit's adoption (贯彻).

An experience is pushed to chosen units with a date by which each reports back. Each
receiving unit then records its adoption (when, how, its own figures before and after,
the result) or why it did not adopt; one that has reported neither by its check date is
overdue. Pushing is for whoever holds `exchange.push_experience` on the experience's
source unit, or on every unit it goes to (a plant's manager pulls an experience into
the plant's own workshops); whoever may push there also moves the check date of a push
not yet answered. Recording is for the receiving unit (`change_adoption`). An answer
stays on record: a push is withdrawn only while it is unanswered.

Every move re-reads the adoption (or, for a push, the experience) under a row lock
inside its transaction, so a double submit, or an answer racing another answer or a
withdrawal, ends in a clear refusal instead of one silently overwriting the other.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gexin.core.notify import notify, recipients_of
from gexin.core.permissions import is_path_in_scope
from gexin.exchange.choices import AdoptionStatus
from gexin.exchange.models import PLANT_KINDS, Adoption, Experience
from gexin.org.choices import Role
from gexin.org.models import Person
from gexin.org.permissions import LEADERS

# Who is told of an experience to adopt, and of what a unit did with one.
TOLD_ROLES = (Role.MANAGER, Role.TECHNICIAN, *LEADERS)
CHECK_AFTER_DAYS = 30
# The dates the pages and the API take (a date input accepts far more).
FIRST_YEAR, LAST_YEAR = 1900, 2199


# --- Dates, checked alike by the forms, the API and the services ---


def check_year(day):
    """Refuses a date outside 1900–2199."""
    if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError(_("Give a date between 1900 and 2199."))


def check_introduced_on(day, today=None):
    """When an experience was introduced: within the years, and not in the future."""
    check_year(day)
    if day is not None and day > (today or datetime.date.today()):
        raise ValidationError(_("An experience cannot be introduced in the future."))


def check_check_due(adoption, check_due):
    """A moved check date: within the years, and not before the push."""
    if check_due is None:
        raise ValidationError(_("Give the new check date."))
    check_year(check_due)
    if check_due < adoption.pushed_on:
        raise ValidationError(_("The check cannot be due before the push."))


def default_check_due(today=None):
    """The usual date by which a receiving unit reports: a month after the push."""
    return (today or datetime.date.today()) + datetime.timedelta(days=CHECK_AFTER_DAYS)


def overdue_q(today=None):
    """Adoptions not recorded by their check date."""
    return Q(status=AdoptionStatus.PUSHED, check_due__lt=today or datetime.date.today())


def may_push(user, experience, units=()):
    """True when `user` may push `experience` to `units`: the push right on its source
    unit, or on every one of the units (none given: on the source unit only)."""
    if is_path_in_scope(user, Experience, "push", experience.unit.path):
        return True
    units = list(units)
    return bool(units) and all(
        is_path_in_scope(user, Experience, "push", unit.path) for unit in units
    )


def may_record(user, adoption):
    """True when `user` may record what the receiving unit did with the experience."""
    return is_path_in_scope(user, Adoption, "change", adoption.unit.path)


def may_take_back(user, adoption):
    """True when `user` may withdraw the push while it is unanswered: the receiving
    unit's management (`delete_adoption`) or whoever may push from the source unit."""
    return is_path_in_scope(user, Adoption, "delete", adoption.unit.path) or may_push(
        user, adoption.experience
    )


def may_withdraw(user, adoption):
    """A push not yet answered may be withdrawn (see `may_take_back`); an answer stays."""
    return adoption.status == AdoptionStatus.PUSHED and may_take_back(user, adoption)


def may_move_check_due(user, adoption):
    """True when `user` may move the check date: whoever may push the experience to the
    receiving unit (its source unit's management, or the receiving side's own)."""
    return may_push(user, adoption.experience, [adoption.unit])


def told_about(unit):
    """The people told for a unit: its managers, technicians and leaders, or, when it has
    none, those of the nearest unit above it within its plant."""
    lineage = [*unit.lineage(), unit]
    plant_at = max(
        (index for index, ancestor in enumerate(lineage) if ancestor.kind in PLANT_KINDS),
        default=0,
    )
    paths = [ancestor.path for ancestor in lineage[plant_at:]]
    holders = Person.objects.filter(
        roles__role__in=TOLD_ROLES, roles__unit__path__in=paths, is_active=True
    ).values_list("pk", "roles__unit__depth")
    if not holders:
        return Person.objects.none()
    nearest = max(depth for _pk, depth in holders)
    chosen = {pk for pk, depth in holders if depth == nearest}
    return Person.objects.filter(pk__in=chosen).select_related("user")


def push(experience, units, *, check_due, user, today=None):
    """Push `experience` to each of `units`, to be checked by `check_due`; returns the
    new adoptions. Refused (nothing pushed) for the source unit itself, for a unit that
    already holds the experience, or for a check date in the past."""
    today = today or datetime.date.today()
    units = list({unit.pk: unit for unit in units}.values())
    if not units:
        raise ValidationError(_("Choose at least one unit to push the experience to."))
    if not may_push(user, experience, units):
        raise PermissionDenied(
            gettext(
                "Pushing this experience needs the right to push on its source unit, "
                "or on every unit it goes to."
            )
        )
    check_due = check_due or default_check_due(today)
    try:
        with transaction.atomic():
            # Pushes of one experience wait for each other here, so a unit another push
            # reached meanwhile is named below rather than meeting the unique constraint.
            if not _locked_experience(experience):
                raise ValidationError(_("The experience was deleted meanwhile."))
            _check_push(experience, units, check_due, today)
            made = [
                Adoption.objects.create(
                    experience=experience,
                    unit=unit,
                    pushed_on=today,
                    pushed_by=user,
                    check_due=check_due,
                )
                for unit in units
            ]
    except IntegrityError:
        raise ValidationError(
            _("Someone pushed this experience to one of these units meanwhile; try again.")
        ) from None
    for adoption in made:
        notify(
            [u for u in recipients_of(told_about(adoption.unit)) if u != user],
            _("Advanced experience to adopt: %(title)s"),
            _(
                "“%(title)s” from %(source)s was pushed to %(unit)s. Record by %(due)s how "
                "it was adopted and what it achieved against your own figure before, or "
                "why it was not adopted."
            ),
            adoption.get_absolute_url(),
            {
                "title": experience.title,
                "source": experience.unit,
                "unit": adoption.unit,
                "due": check_due.isoformat(),
            },
        )
    return made


def _locked_experience(experience):
    return list(
        Experience.objects.select_for_update().filter(pk=experience.pk).values_list("pk", flat=True)
    )


def _check_push(experience, units, check_due, today):
    """Every reason the push is refused, all at once (read under the experience's lock)."""
    errors = []
    try:
        check_year(check_due)
    except ValidationError as error:
        errors.extend(error.messages)
    if check_due < today:
        errors.append(_("The check cannot be due before today."))
    held = dict(
        Adoption.objects.filter(experience=experience, unit__in=units).values_list(
            "unit_id", "status"
        )
    )
    for unit in units:
        if unit.pk == experience.unit_id:
            errors.append(
                _("%(unit)s is where the experience comes from; it is not pushed there.")
                % {"unit": unit.display_name}
            )
        elif unit.pk in held:
            errors.append(
                _("%(unit)s already holds this experience (%(status)s).")
                % {"unit": unit.display_name, "status": AdoptionStatus(held[unit.pk]).label}
            )
    if errors:
        raise ValidationError(errors)


def _locked(adoption):
    """The adoption as it now stands, its row locked until the transaction ends: the
    caller's copy may be stale (a double submit, an answer racing another, a withdrawal).
    Its experience and unit never change, so the caller's are kept."""
    current = Adoption.objects.select_for_update().filter(pk=adoption.pk).first()
    if current is None:
        raise ValidationError(_("This push was withdrawn meanwhile."))
    current.experience = adoption.experience
    current.unit = adoption.unit
    return current


def _copy_back(adoption, current):
    """The caller's copy takes the values saved."""
    for field in Adoption._meta.concrete_fields:
        setattr(adoption, field.attname, getattr(current, field.attname))
    return adoption


def answered(adoption):
    """Why an answered adoption is not withdrawn or deleted: it stays on record."""
    return ValidationError(
        _(
            "%(unit)s has answered (%(status)s): the adoption stays on record. Correct it "
            "by editing, which keeps its history."
        )
        % {"unit": adoption.unit.display_name, "status": adoption.get_status_display()}
    )


def already_answered(adoption):
    return ValidationError(
        _("%(unit)s has already answered: %(status)s.")
        % {"unit": adoption.unit.display_name, "status": adoption.get_status_display()}
    )


def _check_recorder(adoption, user):
    if not may_record(user, adoption):
        raise PermissionDenied(
            gettext("Only the receiving unit records what it did with the experience.")
        )


def _tell_the_source(adoption, user):
    experience = adoption.experience
    people = told_about(experience.unit)
    users = [u for u in recipients_of(people) if u != user]
    pusher = adoption.pushed_by
    if pusher is not None and pusher.pk != user.pk and pusher.is_active and pusher not in users:
        users.append(pusher)
    if adoption.status == AdoptionStatus.ADOPTED:
        subject = _("Adopted: %(title)s at %(unit)s")
        body = _("%(unit)s adopted “%(title)s” on %(day)s: %(answer)s")
        day = adoption.adopted_on.isoformat()
    else:
        subject = _("Not adopted: %(title)s at %(unit)s")
        body = _("%(unit)s did not adopt “%(title)s”. The reason: %(answer)s")
        day = ""
    notify(
        users,
        subject,
        body,
        adoption.get_absolute_url(),
        {
            "title": experience.title,
            "unit": adoption.unit,
            "day": day,
            "answer": adoption.how
            if adoption.status == AdoptionStatus.ADOPTED
            else adoption.declined_reason,
        },
    )


def check_figures(before_value, after_value):
    """Both figures or neither: a result is measured against the unit's own before."""
    if (before_value is None) != (after_value is None):
        raise ValidationError(
            _("Give both the unit's own figure before and its figure after, or neither.")
        )


def check_adopted_on(adoption, adopted_on, today=None):
    today = today or datetime.date.today()
    if adopted_on is None:
        raise ValidationError(_("Give the date the unit adopted the experience."))
    check_year(adopted_on)
    if adopted_on > today:
        raise ValidationError(_("An adoption cannot be dated in the future."))
    if adopted_on < adoption.pushed_on:
        raise ValidationError(
            _("An adoption cannot be dated before the push (%(day)s).")
            % {"day": adoption.pushed_on.isoformat()}
        )


def record_adoption(adoption, *, adopted_on, how, before_value, after_value, result, user):
    """The receiving unit adopted the experience: when, how, its own figures before and
    after, and the result. A unit that declined may adopt later after all."""
    _check_recorder(adoption, user)
    check_adopted_on(adoption, adopted_on)
    if not (how or "").strip():
        raise ValidationError(_("Say how the unit adopted the experience."))
    check_figures(before_value, after_value)
    with transaction.atomic():
        current = _locked(adoption)
        if current.status == AdoptionStatus.ADOPTED:
            raise ValidationError(
                _("%(unit)s has already recorded its adoption; edit it to correct the figures.")
                % {"unit": current.unit.display_name}
            )
        current.status = AdoptionStatus.ADOPTED
        current.adopted_on = adopted_on
        current.how = how.strip()
        current.before_value = before_value
        current.after_value = after_value
        current.result = (result or "").strip()
        current.declined_reason = ""
        current.recorded_by = user
        current.save()
        _tell_the_source(current, user)
    return _copy_back(adoption, current)


def record_decline(adoption, *, reason, user):
    """The receiving unit did not adopt the experience, and says why."""
    _check_recorder(adoption, user)
    if not (reason or "").strip():
        raise ValidationError(_("Say why the experience was not adopted."))
    with transaction.atomic():
        current = _locked(adoption)
        if current.status != AdoptionStatus.PUSHED:
            raise already_answered(current)
        current.status = AdoptionStatus.DECLINED
        current.declined_reason = reason.strip()
        current.recorded_by = user
        current.save()
        _tell_the_source(current, user)
    return _copy_back(adoption, current)


def move_check_due(adoption, *, check_due, user):
    """Move the date by which the receiving unit reports, while it has not answered."""
    if not may_move_check_due(user, adoption):
        raise PermissionDenied(gettext("Only whoever may push there moves the check date."))
    check_check_due(adoption, check_due)
    with transaction.atomic():
        current = _locked(adoption)
        if current.status != AdoptionStatus.PUSHED:
            raise already_answered(current)
        if current.check_due != check_due:
            current.check_due = check_due
            current.save()
    return _copy_back(adoption, current)


def withdraw(adoption, *, user):
    """Withdraw a push the receiving unit has not answered; an answer stays on record."""
    if not may_take_back(user, adoption):
        raise PermissionDenied(
            gettext(
                "Withdrawing this push needs the right to delete the receiving unit's "
                "adoptions, or to push from the experience's source unit."
            )
        )
    with transaction.atomic():
        current = _locked(adoption)
        if current.status != AdoptionStatus.PUSHED:
            raise answered(current)
        current.delete()


def check_unanswered(experience):
    """Refuses deleting an experience a unit has answered. Locks its adoptions until the
    transaction ends, so an answer racing the deletion is either seen here or refused."""
    statuses = list(
        Adoption.objects.select_for_update()
        .filter(experience_id=experience.pk)
        .values_list("status", flat=True)
    )
    if any(status != AdoptionStatus.PUSHED for status in statuses):
        raise ValidationError(_("Units have answered this experience's push: it stays on record."))


def spread_summary(experience, today=None):
    """Where the experience has spread: one row per receiving unit (an Adoption, with
    `overdue` and `improvement`), and the counts: pushed (every unit it went to),
    awaiting, adopted, declined, overdue, and measured (adopted with both figures)."""
    today = today or datetime.date.today()
    rows = list(
        experience.adoptions.select_related("unit", "experience", "pushed_by").order_by(
            "unit__path"
        )
    )
    counts = {"pushed": len(rows), "awaiting": 0, "adopted": 0, "declined": 0, "overdue": 0}
    counts["measured"] = 0
    for row in rows:
        row.overdue = row.is_overdue(today)
        if row.status == AdoptionStatus.PUSHED:
            counts["awaiting"] += 1
        elif row.status == AdoptionStatus.ADOPTED:
            counts["adopted"] += 1
            if row.before_value is not None and row.after_value is not None:
                counts["measured"] += 1
        else:
            counts["declined"] += 1
        counts["overdue"] += row.overdue
    return {**counts, "rows": rows}
