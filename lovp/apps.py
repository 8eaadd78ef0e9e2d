from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LovpConfig(AppConfig):
    name = "lovp"
    verbose_name = _("Gebruikers en rollen")
