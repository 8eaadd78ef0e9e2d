import datetime
import functools

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import formats, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lovp.confidentiality import Confidential, ConfidentialQuerySet


class MeetingStateError(Exception):
    """A meeting was asked to make a transition its status does not allow."""


# A meeting without a start time sorts before one with a time on the same day, on every database.
CHRONOLOGICAL = ("date", models.F("start_time").asc(nulls_first=True), "pk")


class MeetingQuerySet(models.QuerySet):
    def planned(self):
        return self.filter(status=Meeting.Status.PLANNED)

    def held(self):
        return self.filter(status=Meeting.Status.HELD)

    def after(self, date: datetime.date):
        """Meetings strictly after a date, earliest first."""
        return self.filter(date__gt=date).order_by(*CHRONOLOGICAL)

    def in_month(self, month: datetime.date):
        """Meetings in the calendar month of `month`, earliest first."""
        return self.filter(date__year=month.year, date__month=month.month).order_by(*CHRONOLOGICAL)

    def upcoming(self, on: datetime.date):
        """Planned meetings on or after a date, earliest first."""
        return self.planned().filter(date__gte=on).order_by(*CHRONOLOGICAL)


class Meeting(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("regulier")
        EXTRA = "extra", _("extra")

    class Status(models.TextChoices):
        PLANNED = "planned", _("gepland")
        HELD = "held", _("gehouden")

    class AgendaStatus(models.TextChoices):
        NONE = "none", _("nog geen agenda")
        DRAFT = "draft", _("conceptagenda")
        PUBLISHED = "published", _("agenda gepubliceerd")

    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("aanvang"), null=True, blank=True)
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    notes = models.TextField(_("toelichting"), blank=True)
    agenda_status = models.CharField(
        _("agenda"), max_length=16, choices=AgendaStatus.choices, default=AgendaStatus.NONE
    )
    agenda_published_at = models.DateTimeField(_("agenda gepubliceerd op"), null=True, blank=True)
    # Set when the secretariat was told a draft agenda is ready, so the daily check tells them once.
    draft_notified_at = models.DateTimeField(_("secretariaat gemeld op"), null=True, blank=True)
    # Set when the members were e-mailed the published agenda, so a retried task mails them once.
    members_notified_at = models.DateTimeField(_("leden gemeld op"), null=True, blank=True)
    # A meeting with decisions or follow-ups is never deleted; it is archived (hidden from lists).
    archived_at = models.DateTimeField(_("gearchiveerd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "draft_notified_at", "members_notified_at"])

    class Meta:
        verbose_name = _("vergadering")
        verbose_name_plural = _("vergaderingen")
        ordering = ["-date", models.F("start_time").desc(nulls_last=True), "-pk"]
        indexes = [models.Index(fields=["date"], name="meeting_date_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """E.g. "LOVP 23 november 2020", or "Extra LOVP 9 maart 2021"."""
        return _meeting_title(self.date, self.kind == self.Kind.EXTRA, translation.get_language())

    def get_absolute_url(self) -> str:
        return reverse("agenda:meeting_detail", kwargs={"pk": self.pk})

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    def mark_held(self) -> None:
        if self.status != self.Status.PLANNED:
            raise MeetingStateError(_("Deze vergadering is al als gehouden gemarkeerd."))
        self.status = self.Status.HELD

    def reopen(self) -> None:
        if self.status != self.Status.HELD:
            raise MeetingStateError(_("Deze vergadering staat nog als gepland."))
        self.status = self.Status.PLANNED


class TopicManager(models.Manager):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class Topic(models.Model):
    """A recurring theme of the LOVP, such as "Bewaken en beveiligen"."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(_("korte naam in de adresbalk"), max_length=200, unique=True, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)
    is_standing = models.BooleanField(
        _("vast agendapunt"),
        default=False,
        help_text=_("Staat op elke agenda, zoals Mededelingen of Rondvraag."),
    )

    objects = TopicManager()

    class Meta:
        verbose_name = _("onderwerp")
        verbose_name_plural = _("onderwerpen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def save(self, *args, **kwargs):
        # The slug is part of the topic's address; it is chosen once and then kept stable.
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("agenda:topic_detail", kwargs={"slug": self.slug})


class AgendaItem(Confidential, models.Model):
    """A topic as it was (or will be) on the agenda of one meeting.

    A confidential item shows a member only its topic (see lovp.confidentiality).
    """

    class Kind(models.TextChoices):
        INFORMATION = "information", _("ter informatie")
        DISCUSSION = "discussion", _("ter bespreking")
        DECISION = "decision", _("ter besluitvorming")

    class Source(models.TextChoices):
        MANUAL = "manual", _("handmatig")
        FOLLOW_UP = "follow_up", _("uit een vervolgactie")
        STANDING = "standing", _("vast agendapunt")
        IMPORTED = "imported", _("geïmporteerd")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("vergadering"), on_delete=models.PROTECT, related_name="agenda_items"
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("onderwerp"), on_delete=models.PROTECT, related_name="agenda_items"
    )
    title = models.CharField(
        _("titel"),
        max_length=300,
        blank=True,
        help_text=_("Laat leeg om de naam van het onderwerp te gebruiken."),
    )
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices, default=Kind.DISCUSSION)
    summary = models.TextField(_("samenvatting"), blank=True, help_text=_("Wat er besproken is."))
    introducer = models.CharField(_("inbreng door"), max_length=200, blank=True)
    source = models.CharField(_("herkomst"), max_length=16, choices=Source.choices, default=Source.MANUAL)
    is_confidential = models.BooleanField(
        _("vertrouwelijk"),
        default=False,
        help_text=_("Leden zien dat dit agendapunt er is, maar niet wat er is besproken. Het secretariaat ziet alles."),
    )
    public_from = models.DateField(
        _("openbaar vanaf"),
        null=True,
        blank=True,
        help_text=_("Vanaf deze datum is het niet meer vertrouwelijk. Laat leeg als dat nog niet bekend is."),
    )
    # Optimistic locking: a save based on an older version is refused (see agenda.services).
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    objects = ConfidentialQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.heading

    @property
    def heading(self) -> str:
        return self.title or self.topic.name

    def heading_for(self, user, *, on: datetime.date) -> str:
        """The heading as this user may read it: for a hidden item its topic, marked confidential."""
        if self.is_hidden_for(user, on=on):
            return _("%(topic)s (vertrouwelijk)") % {"topic": self.topic.name}
        return self.heading

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#agendapunt-{self.pk}"


class DraftAgendaLine(models.Model):
    """One proposed line of a draft agenda: a follow-up (or a standing topic) and why it is there.

    The secretariat accepts or rejects each line; publishing the agenda schedules the accepted
    follow-ups. Lines are never proposed twice for the same meeting, so re-running the draft
    generation leaves the secretariat's decisions alone.
    """

    class Decision(models.TextChoices):
        PROPOSED = "proposed", _("voorgesteld")
        ACCEPTED = "accepted", _("opgenomen")
        REJECTED = "rejected", _("afgewezen")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("vergadering"), on_delete=models.CASCADE, related_name="draft_lines"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agendapunt"), on_delete=models.CASCADE, related_name="draft_lines"
    )
    follow_up = models.ForeignKey(
        "decisions.FollowUp",
        verbose_name=_("vervolgactie"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="draft_lines",
    )
    reason = models.CharField(_("reden"), max_length=300)
    origin_text = models.TextField(_("oorspronkelijke tekst"), blank=True)
    decision = models.CharField(_("beslissing"), max_length=16, choices=Decision.choices, default=Decision.PROPOSED)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("regel van de conceptagenda")
        verbose_name_plural = _("regels van de conceptagenda")
        ordering = ["meeting", "agenda_item__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "follow_up"],
                condition=models.Q(follow_up__isnull=False),
                name="draftline_one_per_follow_up",
            ),
            models.UniqueConstraint(
                fields=["meeting", "agenda_item"],
                condition=models.Q(follow_up__isnull=True),
                name="draftline_one_standing_per_item",
            ),
        ]

    def __str__(self) -> str:
        return self.reason


@functools.lru_cache(maxsize=4096)
def _meeting_title(date: datetime.date, extra: bool, language: str | None) -> str:
    # Formatted once per date and language: long tables show the same meetings on many rows.
    date_text = formats.date_format(date, "j F Y")
    if extra:
        return _("Extra LOVP %(date)s") % {"date": date_text}
    return _("LOVP %(date)s") % {"date": date_text}
