from django import forms
from django.forms import inlineformset_factory
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from agenda.models import AgendaItem, DraftAgendaLine, Meeting, Topic
from decisions.forms import DecisionForm, FollowUpForm
from decisions.models import Decision, FollowUp
from lovp.forms import ConfidentialityFieldsMixin, DateInput, normalize_newlines
from lovp.locking import VersionedFormMixin


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "start_time", "kind", "location", "notes"]
        widgets = {
            "date": DateInput(),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        # Errors that say what to do (plain Dutch, B1).
        error_messages = {"date": {"required": _("Vul de datum van de vergadering in.")}}


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["name", "description", "is_standing"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"required": _("Vul de naam van het onderwerp in.")}}

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if self.instance.pk:
            # The address (slug) of an existing topic stays as it is when it is renamed.
            return name
        slug = slugify(name)
        if not slug:
            raise forms.ValidationError(_("Gebruik in de naam minstens één letter of cijfer."))
        existing = Topic.objects.filter(slug=slug).first()
        if existing is not None:
            raise forms.ValidationError(
                _("Er is al een onderwerp met bijna dezelfde naam: ‘%(name)s’. Kies dat onderwerp of een andere naam.")
                % {"name": existing.name}
            )
        return name


class AgendaItemForm(VersionedFormMixin, ConfidentialityFieldsMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "topic", "title", "kind", "position", "introducer", "summary", "is_confidential", "public_from"
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 8}), "public_from": DateInput()}
        error_messages = {"topic": {"required": _("Kies het onderwerp van dit agendapunt.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].help_text = _("Laat leeg om het punt achteraan te zetten.")

    def clean_summary(self):
        return normalize_newlines(self.cleaned_data["summary"])

    def clean_position(self):
        return self.cleaned_data.get("position") or 0


# absolute_max: a request claiming more rows (TOTAL_FORMS=99999) is refused without building (and
# rendering) a thousand forms first, which took minutes.
DecisionFormSet = inlineformset_factory(
    AgendaItem,
    Decision,
    form=DecisionForm,
    extra=1,
    can_delete=True,
    max_num=50,
    validate_max=True,
    absolute_max=50,
)


class FollowUpInlineForm(FollowUpForm):
    class Meta(FollowUpForm.Meta):
        fields = [field for field in FollowUpForm.Meta.fields if field != "decision"]


BaseFollowUpFormSet = inlineformset_factory(
    AgendaItem,
    FollowUp,
    form=FollowUpInlineForm,
    extra=1,
    can_delete=True,
    max_num=50,
    validate_max=True,
    absolute_max=50,
)


class FollowUpFormSet(BaseFollowUpFormSet):
    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["agenda_item"] = self.instance
        return kwargs

    def clean(self):
        super().clean()
        # Formsets skip the errors of rows marked for deletion, so the guard lives here.
        for form in self.forms:
            instance = form.instance
            if (
                self.can_delete
                and self._should_delete_form(form)
                and instance.pk
                and (instance.postponement_count or instance.is_resolved)
            ):
                raise forms.ValidationError(
                    _(
                        "De vervolgactie ‘%(follow_up)s’ is al uitgesteld of afgehandeld en kan daarom niet "
                        "worden verwijderd. Laat haar vervallen op de pagina van de vervolgactie."
                    )
                    % {"follow_up": instance}
                )


class DraftLineForm(forms.ModelForm):
    class Meta:
        model = DraftAgendaLine
        fields = ["reason", "origin_text"]
        widgets = {"origin_text": forms.Textarea(attrs={"rows": 3})}
