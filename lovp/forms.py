"""Form fields shared by both apps."""

import datetime
import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

DUTCH_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan"),
            ("februari", "feb"),
            ("maart", "mrt", "mar"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augustus", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as ISO 8601, typed Dutch dates still parse."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MonthInput(forms.TextInput):
    input_type = "month"

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return value.strftime("%Y-%m")
        return super().format_value(value)


class MonthField(forms.Field):
    """A calendar month, stored as its first day. Accepts 2021-02, 02-2021 and "februari 2021"."""

    widget = MonthInput
    default_error_messages = {
        "invalid": _("Vul een maand in, bijvoorbeeld 2021-02 of februari 2021."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        text = str(value).strip().lower()
        year = month = None
        if match := re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?", text):
            year, month = int(match[1]), int(match[2])
        elif match := re.fullmatch(r"(\d{1,2})[-/ ](\d{4})", text):
            month, year = int(match[1]), int(match[2])
        elif match := re.fullmatch(r"([a-z]+)\.?\s+(\d{4})", text):
            month, year = DUTCH_MONTHS.get(match[1]), int(match[2])
        try:
            return datetime.date(year, month, 1)
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class ConfidentialityFieldsMixin:
    """For a model form with `is_confidential` and `public_from` (lovp.confidentiality)."""

    def clean_public_from(self):
        public_from = self.cleaned_data.get("public_from")
        if public_from and not self.cleaned_data.get("is_confidential"):
            # A date without the mark would leave the text readable while its author thinks it is not.
            raise ValidationError(
                _(
                    "Zet ‘vertrouwelijk’ aan, of laat ‘openbaar vanaf’ leeg: alleen iets vertrouwelijks "
                    "wordt later openbaar."
                ),
                code="public_from_without_confidential",
            )
        return public_from


def claims_too_many_forms(*formsets) -> bool:
    """Whether a bound formset says it holds more rows than it accepts (TOTAL_FORMS=99999): a broken or
    hostile request, to refuse before a form is built, checked and rendered for each of those rows."""
    for formset in formsets:
        management = formset.management_form
        if management.is_valid() and management.cleaned_data["TOTAL_FORMS"] > formset.max_num:
            return True
    return False


def normalize_newlines(text: str) -> str:
    """Browsers send CRLF from a textarea; store plain newlines so paragraphs stay recognisable."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class LoginForm(AuthenticationForm):
    """Django's login form with errors that say what to do."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = _("Vul uw gebruikersnaam in.")
        self.fields["password"].error_messages["required"] = _("Vul uw wachtwoord in.")


class FastSelect(forms.Select):
    """A select menu rendered in Python rather than one template per option: the same HTML, for
    menus of hundreds of topics, parties or meetings that would otherwise cost milliseconds per page.
    Single choice, no option groups."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = {str(item) for item in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option_value, mark_safe(" selected") if str(option_value) in selected else "", label)
                for option_value, label in self._plain_choices()
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)

    def _plain_choices(self):
        for option_value, label in self.choices:
            option_value = "" if option_value is None else getattr(option_value, "value", option_value)
            yield option_value, label
