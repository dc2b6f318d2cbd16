"""Forms for technical assistance contracts, their items, conferences and the
conference's evaluation sheet."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gexin.core.forms import ScopedModelForm
from gexin.exchange import contracts
from gexin.exchange.choices import Verdict
from gexin.exchange.models import PLANT_KINDS, Conference, Contract, ContractItem, Experience
from gexin.meetings.forms import DATE_INPUT
from gexin.org.forms import UnitField
from gexin.org.models import Unit


def add_rule_errors(form, check, fields=None, **values):
    """Run `check(**values)` (a rule of gexin.exchange.contracts); its errors go to the
    form's fields, named through `fields` ({rule's name: form field}) where they differ."""
    fields = fields or {}
    try:
        check(**values)
    except ValidationError as error:
        for name, errors in error.error_dict.items():
            target = fields.get(name, name)
            for each in errors:
                form.add_error(target if target in form.fields else None, each)


def check_years(form, *names):
    add_rule_errors(
        form, contracts.check_years, **{name: form.cleaned_data.get(name) for name in names}
    )


def plants():
    return Unit.objects.filter(kind__in=PLANT_KINDS)


class UnitsField(forms.Field):
    """Several units entered by their codes, separated by commas or spaces, limited to
    the units in `queryset` (here: plants and enterprises)."""

    widget = forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"})
    default_error_messages = {
        "missing": _("No plant with the code(s) %(codes)s."),
    }

    def __init__(self, queryset=None, **kwargs):
        self.queryset = queryset if queryset is not None else Unit.objects.none()
        kwargs.setdefault("help_text", _("The plants' codes, separated by commas."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, str):
            return value
        if value is None:
            return ""
        codes = []
        for unit in value:
            if isinstance(unit, Unit):
                codes.append(unit.code)
            else:
                found = Unit.objects.filter(pk=unit).only("code").first()
                codes.append(found.code if found else str(unit))
        return ", ".join(codes)

    def to_python(self, value):
        codes = []
        for part in (value or "").replace(",", " ").replace("，", " ").split():
            if part not in codes:
                codes.append(part)
        if not codes:
            return []
        found = {unit.code: unit for unit in self.queryset.filter(code__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            raise ValidationError(
                self.error_messages["missing"], code="missing", params={"codes": ", ".join(missing)}
            )
        return [found[code] for code in codes]

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")


class ContractForm(ScopedModelForm):
    """A contract between plants, kept by one of them (or a unit above them)."""

    unit_ref = UnitField(
        label=_("Kept by"),
        help_text=_("One of the parties, or a unit above them, that keeps the contract."),
    )
    party_units = UnitsField(
        label=_("Parties"),
        help_text=_(
            "The codes of the plants bound by the contract (at least two), separated by commas."
        ),
    )

    class Meta:
        model = Contract
        fields = ["number", "title", "signed_on", "starts_on", "ends_on", "status", "description"]
        widgets = {
            "signed_on": DATE_INPUT,
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"number": _("e.g. 1958-3; as written on the signed copy.")}

    field_order = ["number", "title", "unit_ref", "party_units", "signed_on", "starts_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["unit_ref"].queryset = Unit.objects.where_user_holds(
            self.user, f"exchange.{action}_contract"
        )
        self.fields["party_units"].queryset = plants()
        if self.instance.pk:
            self.initial.setdefault("unit_ref", self.instance.unit.code)
            self.initial.setdefault("party_units", list(self.instance.parties.all()))

    def clean(self):
        data = super().clean()
        add_rule_errors(
            self,
            contracts.check_contract_dates,
            **{name: data.get(name) for name in ("signed_on", "starts_on", "ends_on")},
        )
        unit, parties = data.get("unit_ref"), data.get("party_units")
        if unit is not None:
            self.instance.unit = unit
        if parties is not None and "party_units" not in self.errors:
            try:
                contracts.check_contract(unit, parties)
            except ValidationError as error:
                for name, errors in error.error_dict.items():
                    target = "unit_ref" if name == "unit" else "party_units"
                    for each in errors:
                        self.add_error(target, each)
        return data

    def save(self, commit=True):
        contract = self.instance
        contract.unit = self.cleaned_data["unit_ref"]
        contract.save()
        contract.parties.set(self.cleaned_data["party_units"])
        return contract


class ContractItemForm(ScopedModelForm):
    """An item of a contract. Its terms (what, by whom, for whom, by when) are set by
    management; the owning workshop's organisers move its status."""

    obliged_ref = UnitField(
        label=_("Owned by"),
        help_text=_("The workshop of the obliged plant that carries the item out."),
    )
    beneficiary_ref = UnitField(
        label=_("For"), help_text=_("The plant, or a unit of it, that receives the help.")
    )

    class Meta:
        model = ContractItem
        fields = [
            "contract",
            "kind",
            "description",
            "due_on",
            "experience",
            "status",
            "done_on",
            "note",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
            "due_on": DATE_INPUT,
            "done_on": DATE_INPUT,
        }
        help_texts = {
            "done_on": _("Required once the item is done."),
            "note": _("Required when the item is cancelled: say why."),
        }

    field_order = ["contract", "kind", "description", "obliged_ref", "beneficiary_ref", "due_on"]

    def __init__(self, *args, contract=None, **kwargs):
        super().__init__(*args, **kwargs)
        item = self.instance
        self.previous_status = item.status if item.pk else None
        self.fields["obliged_ref"].queryset = Unit.objects.all()
        self.fields["beneficiary_ref"].queryset = Unit.objects.all()
        self.fields["experience"].queryset = Experience.objects.restrict(self.user, "view")
        if item.pk:
            contract = item.contract
            # Codes, so that a disabled field cleans its initial value as typed text.
            self.initial.setdefault("obliged_ref", item.obliged_unit.code)
            self.initial.setdefault("beneficiary_ref", item.beneficiary.code)
        self.contract = contract
        if contract is not None:
            self.fields["contract"].queryset = Contract.objects.filter(pk=contract.pk)
            self.initial["contract"] = contract.pk
            self.fields["contract"].disabled = True
        else:
            self.fields["contract"].queryset = contracts.contracts_open_to_items(self.user)
        self.manages = item.pk is None or contracts.may_manage_item(
            self.user, contract, item.obliged_unit
        )
        self.moves = item.pk is None or contracts.may_move_item(self.user, item)
        if not self.manages:
            # The owning workshop moves the item; its terms stay as management set them.
            for name in ("kind", "description", "obliged_ref", "beneficiary_ref", "due_on"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Set by the management that signed the contract.")
        if not self.moves:
            # Management keeping the contract corrects the terms; the owning workshop
            # records how the item goes.
            for name in contracts.ITEM_MOVES_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Recorded by the workshop that owns the item.")

    def clean(self):
        data = super().clean()
        check_years(self, "due_on", "done_on")
        item = self.instance
        contract = data.get("contract") or self.contract
        if contract is None:
            return data
        item.contract = contract
        if data.get("obliged_ref") is not None:
            item.obliged_unit = data["obliged_ref"]
        if data.get("beneficiary_ref") is not None:
            item.beneficiary = data["beneficiary_ref"]
        for name in ("kind", "description", "due_on", "status", "done_on", "note"):
            if name in data:
                setattr(item, name, data[name])
        if self.errors:
            return data
        if (
            self.manages
            and item.obliged_unit_id
            and not contracts.may_manage_item(self.user, contract, item.obliged_unit)
        ):
            self.add_error(
                "obliged_ref",
                _("You may add items owed by your own units, or to a contract your unit keeps."),
            )
            return data
        try:
            contracts.check_item(item, contract.parties.all(), self.previous_status)
        except ValidationError as error:
            for name, errors in error.error_dict.items():
                target = {"obliged_unit": "obliged_ref", "beneficiary": "beneficiary_ref"}.get(
                    name, name
                )
                for each in errors:
                    self.add_error(target if target in self.fields else None, each)
        return data

    def save(self, commit=True):
        item = self.instance
        item.experience = self.cleaned_data.get("experience")
        return contracts.save_item(item, user=self.user, previous_status=self.previous_status)


class ConferenceForm(ScopedModelForm):
    """A conference of the plants: who took part, the contract judged, the decisions and
    the experiences exchanged."""

    unit_ref = UnitField(label=_("Host"), help_text=_("The plant (or unit) that hosts it."))
    participant_units = UnitsField(
        label=_("Participating plants"),
        help_text=_("The codes of the plants taking part, separated by commas."),
    )

    class Meta:
        model = Conference
        fields = ["number", "title", "held_on", "place", "contract", "decisions", "experiences"]
        widgets = {
            "held_on": DATE_INPUT,
            "decisions": forms.Textarea(attrs={"rows": 4}),
            "experiences": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "number": _("e.g. 5 for the fifth conference."),
            "experiences": _("The advanced experiences the plants exchanged at the conference."),
        }

    field_order = ["number", "title", "unit_ref", "held_on", "place", "participant_units"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["unit_ref"].queryset = Unit.objects.where_user_holds(
            self.user, f"exchange.{action}_conference"
        )
        self.fields["participant_units"].queryset = plants()
        self.fields["contract"].queryset = Contract.objects.restrict(self.user, "view")
        self.fields["experiences"].queryset = Experience.objects.restrict(
            self.user, "view"
        ).select_related("unit")
        if self.instance.pk:
            self.initial.setdefault("unit_ref", self.instance.unit.code)
            self.initial.setdefault("participant_units", list(self.instance.participants.all()))

    def clean(self):
        data = super().clean()
        check_years(self, "held_on")
        if data.get("unit_ref") is not None:
            self.instance.unit = data["unit_ref"]
        if "unit_ref" not in self.errors and "participant_units" not in self.errors:
            add_rule_errors(
                self,
                contracts.check_conference,
                {"unit": "unit_ref", "participants": "participant_units"},
                unit=data.get("unit_ref"),
                participants=data.get("participant_units") or [],
                contract=data.get("contract"),
            )
        return data

    def save(self, commit=True):
        conference = self.instance
        conference.unit = self.cleaned_data["unit_ref"]
        conference.save()
        conference.participants.set(self.cleaned_data["participant_units"])
        conference.experiences.set(self.cleaned_data.get("experiences") or [])
        return conference


class EvaluationRowForm(forms.Form):
    """One row of the evaluation sheet: the verdict on one item (empty: not judged)."""

    verdict = forms.ChoiceField(
        label=_("Verdict"), choices=[("", _("not judged"))] + list(Verdict.choices), required=False
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.TextInput()
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item


def sheet_forms(items, evaluations, data=None):
    """A row form per item, prefixed by the item's id, filled with its current verdict."""
    rows = []
    for item in items:
        current = evaluations.get(item.pk)
        initial = {"verdict": current.verdict, "note": current.note} if current else {}
        rows.append(EvaluationRowForm(data, prefix=f"item-{item.pk}", initial=initial, item=item))
    return rows
