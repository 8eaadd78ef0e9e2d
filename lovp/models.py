import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from lovp import roles


class User(AbstractUser):
    """A person who logs in: a member of the LOVP (mayor, korpschef, ...) or of its secretariat."""

    party = models.ForeignKey(
        "decisions.Party",
        verbose_name=_("partij"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("De partij namens wie deze persoon deelneemt. Bepaalt welke vervolgacties van hem of haar zijn."),
    )

    weekly_digest = models.BooleanField(
        _("wekelijkse samenvatting"),
        default=False,
        help_text=_("Elke maandag een e-mail met wat over tijd is en wat terugkomt, ook als niets van uw partij is."),
    )
    # Secret part of the personal calendar feed address; empty when the feed is switched off.
    calendar_token = models.CharField(_("agendafeedsleutel"), max_length=64, unique=True, null=True, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    @cached_property
    def group_names(self) -> frozenset[str]:
        # .all(): uses prefetch_related("groups") when the caller fetched many users at once.
        return frozenset(group.name for group in self.groups.all())

    @property
    def is_secretariat(self) -> bool:
        """May enter and change meetings, agenda items, decisions and follow-ups."""
        return self.is_active and (self.is_superuser or roles.SECRETARIAT in self.group_names)

    @property
    def role_label(self) -> str:
        if self.is_superuser:
            return _("beheerder")
        if roles.SECRETARIAT in self.group_names:
            return _("secretariaat")
        return _("lid")

    def renew_calendar_token(self) -> str:
        """Give the personal calendar feed a new secret address; the old address stops working."""
        self.calendar_token = secrets.token_urlsafe(32)
        return self.calendar_token

    def revoke_calendar_token(self) -> None:
        self.calendar_token = None
