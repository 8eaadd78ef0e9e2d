from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from agenda.models import AgendaItem, Meeting, Topic
from decisions.forms import DecisionForm, FollowUpForm
from decisions.models import Decision, FollowUp
from lovp.forms import DateInput


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "start_time", "kind", "location", "notes"]
        widgets = {
            "date": DateInput(),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["name", "description", "is_standing"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["topic", "title", "kind", "position", "introducer", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].help_text = _("Laat leeg om het punt achteraan te zetten.")

    def clean_position(self):
        return self.cleaned_data.get("position") or 0


DecisionFormSet = inlineformset_factory(
    AgendaItem, Decision, form=DecisionForm, extra=1, can_delete=True, max_num=50, validate_max=True
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
)


class FollowUpFormSet(BaseFollowUpFormSet):
    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["agenda_item"] = self.instance
        return kwargs
