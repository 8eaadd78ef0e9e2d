from django import forms
from django.utils.translation import gettext_lazy as _

from agenda.models import Meeting
from decisions.models import Decision, FollowUp, Party
from lovp.forms import ConfidentialityFieldsMixin, DateInput, MonthField
from lovp.locking import VersionedFormMixin


class TargetFieldsMixin:
    """Validates the target of a follow-up: the field that belongs to the chosen kind is required,
    the others are cleared so no stale value lingers."""

    target_fields = {
        FollowUp.TargetKind.MEETING: "target_meeting",
        FollowUp.TargetKind.MONTH: "target_month",
        FollowUp.TargetKind.DATE: "target_date",
        FollowUp.TargetKind.PERIOD: "target_date",
    }
    required_messages = {
        "target_meeting": _("Kies de vergadering waarin het terugkomt."),
        "target_month": _("Vul de maand in waarin het terugkomt."),
        "target_date": _("Vul de datum in."),
    }

    def setup_target_fields(self) -> None:
        self.fields["target_meeting"].queryset = Meeting.objects.order_by("-date")
        self.fields["target_meeting"].required = False
        self.fields["target_date"].required = False
        self.fields["target_meeting"].help_text = _("Alleen bij ‘een bepaalde vergadering’.")
        self.fields["target_month"].help_text = _("Alleen bij ‘een maand’, bijvoorbeeld 2021-04.")
        self.fields["target_date"].help_text = _("Bij ‘een datum’ of ‘een periode’ (de einddatum).")

    def clean_target(self, cleaned_data: dict) -> dict:
        kind = cleaned_data.get("target_kind")
        needed = self.target_fields.get(kind)
        for field in ("target_meeting", "target_month", "target_date"):
            if field == needed:
                if not cleaned_data.get(field) and field not in self.errors:
                    self.add_error(field, self.required_messages[field])
            elif field in cleaned_data:
                cleaned_data[field] = None
        return cleaned_data


class FollowUpForm(VersionedFormMixin, ConfidentialityFieldsMixin, TargetFieldsMixin, forms.ModelForm):
    target_month = MonthField(label=_("Maand"), required=False)

    class Meta:
        model = FollowUp
        fields = [
            "description",
            "topic",
            "owner",
            "decision",
            "promise_text",
            "target_kind",
            "target_meeting",
            "target_month",
            "target_date",
            "is_confidential",
            "public_from",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "promise_text": forms.TextInput(),
            "target_date": DateInput(),
            "public_from": DateInput(),
        }
        # Errors that say what to do (plain Dutch, B1).
        error_messages = {"description": {"required": _("Beschrijf wat er terug moet komen.")}}

    def __init__(self, *args, agenda_item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_target_fields()
        self.fields["topic"].required = False
        self.fields["topic"].help_text = _("Laat leeg voor het onderwerp van het agendapunt.")
        self.fields["owner"].queryset = Party.objects.filter(is_active=True)
        self.fields["is_confidential"].help_text = _(
            "Leden zien dat deze vervolgactie er is, maar niet de tekst. Een vervolgactie bij een "
            "vertrouwelijk agendapunt is vertrouwelijk zolang het agendapunt dat is."
        )
        if "decision" in self.fields:
            item = agenda_item or (self.instance.agenda_item if self.instance.agenda_item_id else None)
            self.fields["decision"].queryset = Decision.objects.filter(agenda_item=item)

    def clean(self):
        cleaned_data = self.clean_target(super().clean())
        instance = self.instance
        if cleaned_data.get("DELETE") and instance.pk and (instance.postponement_count or instance.is_resolved):
            raise forms.ValidationError(
                _("Deze vervolgactie heeft al een geschiedenis en kan niet worden verwijderd. Laat haar vervallen.")
            )
        return cleaned_data


class PostponeForm(TargetFieldsMixin, forms.Form):
    target_kind = forms.ChoiceField(label=_("Komt nu terug in"), choices=FollowUp.TargetKind.choices)
    target_meeting = forms.ModelChoiceField(label=_("Vergadering"), queryset=Meeting.objects.none())
    target_month = MonthField(label=_("Maand"), required=False)
    target_date = forms.DateField(label=_("Datum"), widget=DateInput())
    promise_text = forms.CharField(
        label=_("Nieuwe formulering"),
        required=False,
        help_text=_("Bijvoorbeeld: in het LOVP van juni. Laat leeg om de oude te houden."),
    )
    reason = forms.CharField(
        label=_("Reden van uitstel"),
        error_messages={"required": _("Schrijf op waarom het later terugkomt.")},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Waarom komt het later terug? Dit blijft zichtbaar in de geschiedenis."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_target_fields()

    def clean(self):
        return self.clean_target(super().clean())


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("Hoe is het afgehandeld?"),
        error_messages={"required": _("Schrijf kort op hoe het is afgehandeld.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    meeting = forms.ModelChoiceField(
        label=_("In de vergadering"),
        queryset=Meeting.objects.order_by("-date"),
        required=False,
        help_text=_("De vergadering waarin het is afgehandeld, als dat in een vergadering was."),
    )


class DropForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom vervalt het?"),
        error_messages={"required": _("Schrijf kort op waarom het vervalt.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    meeting = forms.ModelChoiceField(
        label=_("In de vergadering"),
        queryset=Meeting.objects.order_by("-date"),
        required=False,
    )


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text", "kind"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"text": {"required": _("Schrijf op wat er is afgesproken, of vink ‘Verwijderen’ aan.")}}
