import calendar
import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agenda.models import AgendaItem, DraftAgendaLine, Meeting, Topic
from lovp.confidentiality import Confidential, ConfidentialQuerySet


class FollowUpStateError(Exception):
    """A follow-up was asked to make a transition its status does not allow."""


class PartyManager(models.Manager):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class Party(models.Model):
    """Who carries a follow-up: Minister van JenV, Korpschef, Regioburgemeesters, OM, ..."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=100, unique=True)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("actief"), default=True)

    objects = PartyManager()

    class Meta:
        verbose_name = _("partij")
        verbose_name_plural = _("partijen")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class DecisionQuerySet(ConfidentialQuerySet):
    # A decision has no flag of its own: it is as confidential as its agenda item.
    confidential_paths = ("agenda_item__",)


class Decision(Confidential, models.Model):
    """An agreement recorded at an agenda item."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("besluit")
        AGREEMENT = "agreement", _("afspraak")
        COMMITMENT = "commitment", _("toezegging")

    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agendapunt"), on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.TextField(_("tekst"))
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices, default=Kind.AGREEMENT)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["agenda_item", "position", "pk"]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"

    def is_confidential_on(self, on: datetime.date) -> bool:
        return self.agenda_item.is_confidential_on(on)


def last_day_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


_MEETING_BOOKKEEPING = (
    "notes",
    "agenda_published_at",
    "draft_notified_at",
    "members_notified_at",
    "archived_at",
    "created_at",
    "updated_at",
)
_UNSHOWN_RELATED_FIELDS = (
    "agenda_item__summary", "agenda_item__introducer", "agenda_item__created_at", "agenda_item__updated_at",
    "agenda_item__created_by", "topic__description", "agenda_item__topic__description",
    *(
        f"{path}__{field}"
        for path in ("agenda_item__meeting", "target_meeting", "resolved_in")
        for field in _MEETING_BOOKKEEPING
    ),
)

# The rows of the partial indexes: not done and not dropped (FollowUp.UNRESOLVED_STATUSES).
UNRESOLVED = Q(status__in=["open", "scheduled"])


class FollowUpQuerySet(ConfidentialQuerySet):
    # Confidential by its own flag, or by that of the agenda item where it was agreed.
    confidential_paths = ("", "agenda_item__")

    def unresolved(self):
        return self.filter(status__in=FollowUp.UNRESOLVED_STATUSES)

    def overdue(self, *, on: datetime.date):
        """Over time on a date: not done or dropped, and either its due date has passed or its target
        meeting has been held (on or before that date) without resolving it.

        This is the one definition of "over tijd"; every list, count, e-mail and job uses it.
        """
        return self.unresolved().filter(self.overdue_condition(on=on))

    @staticmethod
    def overdue_condition(*, on: datetime.date) -> Q:
        """The date part of `overdue`, for rows already known to be unresolved: to count or annotate
        in the same pass rather than with a subquery."""
        return Q(due_date__lt=on) | Q(target_meeting__status=Meeting.Status.HELD, target_meeting__date__lte=on)

    def not_overdue(self, *, on: datetime.date):
        return self.exclude(pk__in=self.overdue(on=on).values("pk"))

    def due_for_meeting(self, meeting: Meeting):
        """Unresolved follow-ups that should come back at a meeting: targeted at it, or due on or
        before its date."""
        return self.unresolved().filter(self.due_for_meeting_condition(meeting))

    @staticmethod
    def due_for_meeting_condition(meeting: Meeting) -> Q:
        """The target part of `due_for_meeting`, for rows already known to be unresolved."""
        return Q(target_meeting=meeting) | Q(due_date__lte=meeting.date)

    def left_over_from(self, meeting: Meeting):
        """Unresolved follow-ups that were due at a meeting or accepted on its agenda: after it is
        held, what is left from it."""
        # The accepted lines are read first (a handful): "target is this meeting OR id in (a few
        # ids)" can use two indexes, where "OR id IN (subquery)" makes PostgreSQL read every row.
        accepted = DraftAgendaLine.objects.filter(
            meeting=meeting, decision=DraftAgendaLine.Decision.ACCEPTED, follow_up__isnull=False
        ).values_list("follow_up_id", flat=True)
        return self.unresolved().filter(Q(target_meeting=meeting) | Q(pk__in=list(accepted)))

    def with_relations(self):
        """With the rows a follow-up is shown with (topic, owner, where it was agreed, where it comes
        back, where it was resolved), leaving out their columns no list shows: on a page of a few
        hundred follow-ups, reading the agenda items' summaries and every meeting's timestamps costs
        more than the rest of the query."""
        return self.select_related(
            "topic", "owner", "agenda_item__meeting", "agenda_item__topic", "target_meeting", "resolved_in"
        ).defer(*_UNSHOWN_RELATED_FIELDS)


class FollowUp(Confidential, models.Model):
    """A promise to come back to something: what, by whom, and when.

    A confidential follow-up (or one agreed at a confidential agenda item) shows a member its topic,
    owner, target, status and dates, but no text (see lovp.confidentiality).
    """

    HIDDEN_DESCRIPTION = _("Vertrouwelijke vervolgactie")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        SCHEDULED = "scheduled", _("geagendeerd")
        DONE = "done", _("afgerond")
        DROPPED = "dropped", _("vervallen")

    class TargetKind(models.TextChoices):
        MEETING = "meeting", _("een bepaalde vergadering")
        NEXT_MEETING = "next_meeting", _("de volgende vergadering")
        MONTH = "month", _("een maand")
        DATE = "date", _("een datum")
        PERIOD = "period", _("een periode (uiterlijk op de einddatum)")
        UNSPECIFIED = "unspecified", _("niet bepaald")

    UNRESOLVED_STATUSES = (Status.OPEN, Status.SCHEDULED)

    description = models.TextField(_("omschrijving"), help_text=_("Wat moet er terugkomen?"))
    topic = models.ForeignKey(Topic, verbose_name=_("onderwerp"), on_delete=models.PROTECT, related_name="follow_ups")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agendapunt van herkomst"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("afspraak van herkomst"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    owner = models.ForeignKey(
        Party,
        verbose_name=_("eigenaar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        help_text=_("De partij die ervoor zorgt dat het terugkomt."),
    )
    promise_text = models.TextField(
        _("oorspronkelijke formulering"),
        blank=True,
        help_text=_("Zoals het in het verslag staat, bijvoorbeeld: in het LOVP van februari."),
    )
    target_kind = models.CharField(
        _("komt terug in"), max_length=16, choices=TargetKind.choices, default=TargetKind.NEXT_MEETING
    )
    # PROTECT: agenda.services.meeting_delete re-points computed targets before a meeting goes.
    target_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("vergadering waarin het terugkomt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targeted_follow_ups",
    )
    target_month = models.DateField(_("maand"), null=True, blank=True, help_text=_("De eerste dag van de maand."))
    target_date = models.DateField(_("datum"), null=True, blank=True)
    # For "the next meeting" after a postponement: the next meeting after this day rather than after
    # the meeting where it was agreed.
    next_meeting_after = models.DateField(_("volgende vergadering na"), null=True, blank=True, editable=False)
    due_date = models.DateField(_("uiterlijk"), null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(_("afhandeling"), blank=True)
    resolved_in = models.ForeignKey(
        Meeting,
        verbose_name=_("afgehandeld in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolved_follow_ups",
    )
    resolved_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgehandeld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set by the daily overdue flagging (decisions.services.followups_flag_overdue): the day it
    # became over time; cleared once it is resolved or postponed.
    overdue_since = models.DateField(_("over tijd sinds"), null=True, blank=True, editable=False)
    # Kept in step by FollowUp.postpone(); stored so lists can filter on it without counting rows.
    postponement_count = models.PositiveIntegerField(_("aantal keer uitgesteld"), default=0, editable=False)
    is_confidential = models.BooleanField(
        _("vertrouwelijk"),
        default=False,
        help_text=_("Leden zien dat deze vervolgactie er is, maar niet de tekst. Het secretariaat ziet alles."),
    )
    public_from = models.DateField(
        _("openbaar vanaf"),
        null=True,
        blank=True,
        help_text=_("Vanaf deze datum is het niet meer vertrouwelijk. Laat leeg als dat nog niet bekend is."),
    )
    # Optimistic locking: a save based on an older version is refused.
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = FollowUpQuerySet.as_manager()
    # The daily overdue mark is derived state, not an edit: it is left out of the audit trail.
    history = HistoricalRecords(excluded_fields=["updated_at", "overdue_since"])

    class Meta:
        verbose_name = _("vervolgactie")
        verbose_name_plural = _("vervolgacties")
        ordering = [models.F("due_date").asc(nulls_last=True), "pk"]
        # Measured with bench/run.py at a million follow-ups (bench/README.md). The partial indexes
        # hold only the unresolved rows (about one in six), which is what over-time lists, counts,
        # reminders and the daily job ask for.
        indexes = [
            models.Index(fields=["status", "due_date"], name="followup_status_due_idx"),
            models.Index(fields=["target_kind", "target_month"], name="followup_target_month_idx"),
            # The list's default order (due date, empty last, then id), read from either end.
            models.Index(fields=["due_date", "id"], name="followup_due_id_idx"),
            # The list's counts per status and owner, from the index alone.
            models.Index(fields=["status", "owner"], name="followup_status_owner_idx"),
            # With the columns the over-time condition reads: counted from the index alone.
            models.Index(
                fields=["due_date", "id"],
                include=["target_meeting", "owner"],
                name="followup_open_due_idx",
                condition=UNRESOLVED,
            ),
            models.Index(fields=["topic", "due_date"], name="followup_open_topic_idx", condition=UNRESOLVED),
            models.Index(fields=["owner", "due_date"], name="followup_open_owner_idx", condition=UNRESOLVED),
            models.Index(fields=["target_meeting"], name="followup_open_target_idx", condition=UNRESOLVED),
            models.Index(
                fields=["-postponement_count", "due_date"],
                name="followup_open_postponed_idx",
                condition=UNRESOLVED,
            ),
            models.Index(
                fields=["id"], name="followup_overdue_mark_idx", condition=Q(overdue_since__isnull=False)
            ),
            # A dossier page's resolutions outside a meeting, by day.
            models.Index(
                fields=["topic", "resolved_at"],
                name="followup_topic_resolved_idx",
                condition=Q(resolved_in__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(target_kind="meeting") | Q(target_meeting__isnull=False),
                name="followup_meeting_target_has_meeting",
                violation_error_message=_("Kies de vergadering waarin het terugkomt."),
            ),
            models.CheckConstraint(
                condition=~Q(target_kind="month") | Q(target_month__isnull=False),
                name="followup_month_target_has_month",
                violation_error_message=_("Kies de maand waarin het terugkomt."),
            ),
            models.CheckConstraint(
                condition=~Q(target_kind__in=["date", "period"]) | Q(target_date__isnull=False),
                name="followup_date_target_has_date",
                violation_error_message=_("Vul de datum in waarop het terugkomt."),
            ),
        ]

    def __str__(self) -> str:
        text = self.description
        return text if len(text) <= 80 else f"{text[:79]}…"

    def get_absolute_url(self) -> str:
        return reverse("decisions:followup_detail", kwargs={"pk": self.pk})

    # --- confidentiality ---------------------------------------------------------------------------

    def is_confidential_on(self, on: datetime.date) -> bool:
        """Its own flag, or that of its agenda item: the stricter of the two wins."""
        return super().is_confidential_on(on) or self.agenda_item.is_confidential_on(on)

    def description_for(self, user, *, on: datetime.date) -> str:
        """The description as this user may read it ("Vertrouwelijke vervolgactie" when hidden)."""
        return str(self.HIDDEN_DESCRIPTION) if self.is_hidden_for(user, on=on) else self.description

    # --- target --------------------------------------------------------------------------------

    @property
    def origin_meeting(self) -> Meeting:
        return self.agenda_item.meeting

    @property
    def target_label(self) -> str:
        """The target in words, e.g. "LOVP 8 februari 2021", "april 2021", "voor 31 maart 2021"."""
        kind = self.TargetKind
        if self.target_kind == kind.MEETING and self.target_meeting:
            return self.target_meeting.title
        if self.target_kind == kind.MONTH and self.target_month:
            month = formats.date_format(self.target_month, "F Y")
            if self.target_meeting:
                return _("%(month)s (%(meeting)s)") % {"month": month, "meeting": self.target_meeting.title}
            return month
        if self.target_kind == kind.NEXT_MEETING:
            if self.target_meeting:
                return _("volgende vergadering (%(meeting)s)") % {"meeting": self.target_meeting.title}
            return _("volgende vergadering (nog niet gepland)")
        if self.target_kind == kind.DATE and self.target_date:
            return formats.date_format(self.target_date, "j F Y")
        if self.target_kind == kind.PERIOD and self.target_date:
            return _("uiterlijk %(date)s") % {"date": formats.date_format(self.target_date, "j F Y")}
        return _("niet bepaald")

    def resolve_target(self) -> None:
        """Work out the target meeting and due date from the target as it was promised.

        A month or "the next meeting" points at whichever meeting is then on the calendar, so this
        runs again whenever meetings are added, moved or removed (see agenda.services).
        """
        kind = self.TargetKind
        if self.target_kind == kind.MEETING:
            self.due_date = self.target_meeting.date if self.target_meeting else None
        elif self.target_kind == kind.MONTH:
            self.target_meeting = Meeting.objects.in_month(self.target_month).first()
            # The promise is "in that month": over time once the month is over, or earlier when the
            # meeting in that month has been held without resolving it.
            self.due_date = last_day_of_month(self.target_month)
        elif self.target_kind == kind.NEXT_MEETING:
            origin_date = max(filter(None, [self._origin_date(), self.next_meeting_after]), default=None)
            self.target_meeting = Meeting.objects.after(origin_date).first() if origin_date else None
            self.due_date = self.target_meeting.date if self.target_meeting else None
        elif self.target_kind in (kind.DATE, kind.PERIOD):
            self.target_meeting = None
            self.due_date = self.target_date
        else:
            self.target_meeting = None
            self.due_date = None

    def _origin_date(self) -> datetime.date | None:
        if self.agenda_item_id is None:
            return None
        return AgendaItem.objects.filter(pk=self.agenda_item_id).values_list("meeting__date", flat=True).first()

    # --- state -----------------------------------------------------------------------------------

    @property
    def is_resolved(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.DROPPED)

    def is_overdue(self, *, on: datetime.date) -> bool:
        """The row-level mirror of FollowUpQuerySet.overdue, for an instance already in memory."""
        if self.is_resolved:
            return False
        if self.due_date is not None and self.due_date < on:
            return True
        meeting = self.target_meeting
        return bool(meeting and meeting.status == Meeting.Status.HELD and meeting.date <= on)

    def overdue_start(self) -> datetime.date | None:
        """The first day it was over time: as flagged by the daily job, or else worked out the same way
        (the day after the due date, or the day the target meeting was held, whichever came first)."""
        if self.overdue_since:
            return self.overdue_since
        days = []
        if self.due_date:
            days.append(self.due_date + datetime.timedelta(days=1))
        if self.target_meeting and self.target_meeting.status == Meeting.Status.HELD:
            days.append(self.target_meeting.date)
        return min(days, default=None)

    def _require_unresolved(self) -> None:
        if self.is_resolved:
            raise FollowUpStateError(
                _("Deze vervolgactie is al %(status)s.") % {"status": self.get_status_display()}
            )

    def mark_done(self, *, resolution: str, meeting: Meeting | None, by) -> None:
        self._require_unresolved()
        self._close(self.Status.DONE, resolution=resolution, meeting=meeting, by=by)

    def drop(self, *, reason: str, meeting: Meeting | None, by) -> None:
        self._require_unresolved()
        self._close(self.Status.DROPPED, resolution=reason, meeting=meeting, by=by)

    def _close(self, status, *, resolution: str, meeting: Meeting | None, by) -> None:
        self.status = status
        self.resolution = resolution
        self.resolved_in = meeting
        self.resolved_by = by
        self.resolved_at = timezone.now()

    def reopen(self) -> None:
        if not self.is_resolved:
            raise FollowUpStateError(_("Deze vervolgactie staat nog open."))
        self.status = self.Status.OPEN
        self.resolution = ""
        self.resolved_in = None
        self.resolved_by = None
        self.resolved_at = None

    def schedule(self) -> None:
        self._require_unresolved()
        self.status = self.Status.SCHEDULED


class Postponement(models.Model):
    """One postponement of a follow-up: what the target was, what it became, why, by whom and when."""

    follow_up = models.ForeignKey(
        FollowUp, verbose_name=_("vervolgactie"), on_delete=models.CASCADE, related_name="postponements"
    )
    previous_target_kind = models.CharField(_("was: komt terug in"), max_length=16, choices=FollowUp.TargetKind.choices)
    previous_target_label = models.CharField(_("was"), max_length=300)
    previous_promise_text = models.TextField(_("was: formulering"), blank=True)
    previous_due_date = models.DateField(_("was: uiterlijk"), null=True, blank=True)
    previous_target_meeting = models.ForeignKey(
        Meeting, verbose_name=_("was: vergadering"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    new_target_label = models.CharField(_("wordt"), max_length=300)
    new_due_date = models.DateField(_("wordt: uiterlijk"), null=True, blank=True)
    reason = models.TextField(_("reden"))
    postponed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgesteld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    postponed_at = models.DateTimeField(_("uitgesteld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("uitstel")
        verbose_name_plural = _("uitstel")
        ordering = ["follow_up", "postponed_at", "pk"]
        # A dossier page's postponements, by day.
        indexes = [models.Index(fields=["postponed_at"], name="postponement_at_idx")]

    def __str__(self) -> str:
        return f"{self.previous_target_label} → {self.new_target_label}"


class ReminderLog(models.Model):
    """One weekly reminder e-mail to one person: which items it listed and whether it went out.

    It lists at most LIST_LIMIT follow-ups per section (over time; due at the next meeting), the
    oldest first, and stores how many there were in all, so an e-mail built again on a retry says the
    same ("en nog 1.234 andere ...").

    The unique (user, ISO year, ISO week) row is what makes the reminder go out exactly once a week:
    it exists before the e-mail is sent, is locked while sending, and says "sent" only after the
    mail server accepted the message.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("nog te versturen")
        # Handed to the mail server; if the sender died before it could say "sent", the reminder is
        # not sent again automatically (it may have gone out): the secretariat sees it in the log.
        SENDING = "sending", _("wordt verstuurd")
        SENT = "sent", _("verstuurd")

    LIST_LIMIT = 25

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="reminders"
    )
    iso_year = models.PositiveIntegerField(_("jaar"))
    iso_week = models.PositiveIntegerField(_("week"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    # The follow-ups it lists: the oldest over time, then the oldest due at the next meeting.
    follow_up_ids = models.JSONField(_("vervolgacties"), default=list)
    overdue_total = models.PositiveIntegerField(_("aantal over tijd"), default=0)
    due_next_total = models.PositiveIntegerField(_("aantal voor de volgende vergadering"), default=0)
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    last_error = models.TextField(_("laatste fout"), blank=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        ordering = ["-iso_year", "-iso_week", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "iso_year", "iso_week"], name="reminder_once_per_user_per_week")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.iso_year}-W{self.iso_week:02d}"

    def listed_ids(self) -> tuple[list[int], list[int]]:
        """The follow-ups it lists over time, and those due at the next meeting, as planned: follow_up_ids
        holds the first, then the second."""
        split = min(self.overdue_total, self.LIST_LIMIT)
        return self.follow_up_ids[:split], self.follow_up_ids[split:]


class MinutesImport(models.Model):
    """A published terugkoppeling read into the system: which text, for which meeting, by whom.

    The fingerprint of the text (white space folded) refuses the same document a second time.
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("vergadering"), on_delete=models.PROTECT, related_name="minutes_imports"
    )
    fingerprint = models.CharField(_("vingerafdruk"), max_length=64, unique=True)
    source_name = models.CharField(_("bestand"), max_length=255, blank=True)
    source_text = models.TextField(_("tekst"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ingelezen door"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    imported_at = models.DateTimeField(_("ingelezen op"), auto_now_add=True)
    item_count = models.PositiveIntegerField(_("agendapunten"), default=0)
    decision_count = models.PositiveIntegerField(_("afspraken"), default=0)
    follow_up_count = models.PositiveIntegerField(_("vervolgacties"), default=0)

    class Meta:
        verbose_name = _("ingelezen terugkoppeling")
        verbose_name_plural = _("ingelezen terugkoppelingen")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.meeting} ({self.source_name or _('geplakte tekst')})"
