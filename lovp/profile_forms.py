from django import forms
from django.utils.translation import gettext_lazy as _

from lovp.models import User


class WeeklyDigestForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["weekly_digest"]
        labels = {"weekly_digest": _("Wekelijkse samenvatting per e-mail")}
