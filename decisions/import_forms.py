from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from agenda.models import Meeting, Topic
from decisions.forms import TargetFieldsMixin
from decisions.importer import ImportReadError, read_document
from decisions.models import FollowUp, Party
from lovp.forms import DateInput, MonthField, normalize_newlines

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class ImportStartForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Vergadering"),
        queryset=Meeting.objects.order_by("-date"),
        required=False,
        help_text=_("De vergadering waar deze terugkoppeling over gaat."),
    )
    meeting_date = forms.DateField(
        label=_("Of: datum van een vergadering die er nog niet is"),
        required=False,
        widget=DateInput(),
        help_text=_("Vul dit alleen in als de vergadering nog niet in de lijst staat."),
    )
    text = forms.CharField(
        label=_("Tekst van de terugkoppeling"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Plak hier de hele tekst, met de titel en de kopjes."),
    )
    file = forms.FileField(
        label=_("Of kies een bestand"),
        required=False,
        help_text=_("Een .txt-, .docx- of .pdf-bestand van hoogstens 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.pdf,text/plain,application/pdf"}),
    )

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("meeting") and not cleaned_data.get("meeting_date") and "meeting_date" not in self.errors:
            self.add_error("meeting", _("Kies de vergadering, of vul de datum van een nieuwe vergadering in."))
        upload = cleaned_data.get("file")
        text = cleaned_data.get("text") or ""
        self.source_name = ""
        if upload:
            if upload.size > MAX_UPLOAD_BYTES:
                self.add_error("file", _("Dit bestand is te groot (meer dan 10 MB). Plak de tekst in het tekstvak."))
                return cleaned_data
            try:
                text = read_document(upload.read(), upload.name)
            except ImportReadError as error:
                self.add_error("file", str(error))
                return cleaned_data
            self.source_name = upload.name
        elif not text.strip():
            self.add_error("text", _("Plak de tekst van de terugkoppeling, of kies een bestand."))
        cleaned_data["source_text"] = text
        return cleaned_data


def topic_choices(empty_label):
    return [("", empty_label), *[(topic.pk, topic.name) for topic in Topic.objects.order_by("name")]]


class ReviewMetaForm(forms.Form):
    meeting = forms.ModelChoiceField(queryset=Meeting.objects.all(), required=False, widget=forms.HiddenInput)
    meeting_date = forms.DateField(required=False, widget=forms.HiddenInput)
    source_name = forms.CharField(required=False, widget=forms.HiddenInput, max_length=255)
    source_text = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("meeting") and not cleaned_data.get("meeting_date"):
            raise forms.ValidationError(_("De vergadering ontbreekt. Begin opnieuw met inlezen."))
        return cleaned_data


class ReviewItemForm(forms.Form):
    include = forms.BooleanField(label=_("Overnemen"), required=False, initial=True)
    heading = forms.CharField(label=_("Kop"), max_length=300, required=False)
    topic = forms.TypedChoiceField(label=_("Onderwerp"), coerce=int, empty_value=None, required=False)
    summary = forms.CharField(label=_("Samenvatting"), required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = topics

    def clean_summary(self):
        return normalize_newlines(self.cleaned_data["summary"])

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("include") and not (cleaned_data.get("heading") or "").strip():
            self.add_error("heading", _("Geef dit agendapunt een kop."))
        return cleaned_data


class ReviewDecisionForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    index = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    include = forms.BooleanField(label=_("Overnemen"), required=False, initial=True)
    text = forms.CharField(label=_("Afspraak"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("include") and not (cleaned_data.get("text") or "").strip():
            self.add_error("text", _("Vul de tekst van de afspraak in, of vink ‘Overnemen’ uit."))
        return cleaned_data


class ReviewFollowUpForm(TargetFieldsMixin, forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    decision_index = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    sentence_number = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    include = forms.BooleanField(label=_("Overnemen"), required=False, initial=True)
    promise_text = forms.CharField(label=_("Zin in de tekst"), required=False, widget=forms.HiddenInput)
    description = forms.CharField(
        label=_("Omschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    topic = forms.TypedChoiceField(label=_("Onderwerp"), coerce=int, empty_value=None, required=False)
    owner = forms.ModelChoiceField(label=_("Eigenaar"), queryset=Party.objects.filter(is_active=True), required=False)
    target_kind = forms.ChoiceField(label=_("Komt terug in"), choices=FollowUp.TargetKind.choices)
    target_meeting = forms.ModelChoiceField(label=_("Vergadering"), queryset=Meeting.objects.none(), required=False)
    target_month = MonthField(label=_("Maand"), required=False)
    target_date = forms.DateField(label=_("Datum"), required=False, widget=DateInput())

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_target_fields()
        self.fields["topic"].choices = topics

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("include"):
            return cleaned_data
        if not (cleaned_data.get("description") or "").strip():
            self.add_error("description", _("Beschrijf wat er terug moet komen, of vink ‘Overnemen’ uit."))
        return self.clean_target(cleaned_data)


# absolute_max: a request claiming more rows than that is refused without building them all first.
ReviewItemFormSet = formset_factory(ReviewItemForm, extra=0, max_num=200, validate_max=True, absolute_max=200)
ReviewDecisionFormSet = formset_factory(
    ReviewDecisionForm, extra=0, max_num=500, validate_max=True, absolute_max=500
)
ReviewFollowUpFormSet = formset_factory(
    ReviewFollowUpForm, extra=0, max_num=500, validate_max=True, absolute_max=500
)
