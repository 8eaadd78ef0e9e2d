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

    class Meta(AbstractUser.Meta):
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    @cached_property
    def group_names(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

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
