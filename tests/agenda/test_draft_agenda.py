"""Issue 4, the draft agenda as services: draft_agenda_build (what is proposed, grouped how, and that a
re-run changes nothing), the daily draft_agenda_check (lead time, e-mail to the secretariat once), the
secretariat's review (draft_line_decide, draft_line_move, agenda_item_move), agenda_publish with the
e-mail to the members, and the management command draft_agenda.

The scenario is the demo data as it stood in January 2021: meeting 2 (8 February 2021) planned, with no
agenda yet; the clock at 15 January 2021.
"""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings

from agenda import services, tasks
from agenda.models import AgendaItem, DraftAgendaLine, Meeting, MeetingStateError, Topic
from decisions.models import FollowUp
from decisions.services import followups_flag_overdue
from lovp.models import User
from tests.factories import FollowUpFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
JANUARY_15 = D(2021, 1, 15)
FROM_NOVEMBER = "terugkomafspraak uit LOVP 23 november 2020"
STANDING = "vast agendapunt"
# Due at the meeting of 8 February 2021: 1, 2 and 5 (month February 2021), 6 (the next meeting).
DUE_IN_FEBRUARY = {1, 2, 5, 6}


@pytest.fixture
def february(demo_data, today):
    """Meeting 2 as it was in January 2021: planned, no agenda; follow-up 4 still open (it was done at
    meeting 2, and is due only at the end of March)."""
    Meeting.objects.filter(pk=2).update(
        status=Meeting.Status.PLANNED, agenda_status=Meeting.AgendaStatus.NONE
    )
    follow_up = FollowUp.objects.get(pk=4)
    follow_up.reopen()
    follow_up.save()
    today(JANUARY_15)
    return Meeting.objects.get(pk=2)


def lines(meeting: Meeting) -> list[DraftAgendaLine]:
    return list(meeting.draft_lines.select_related("agenda_item__topic", "follow_up").order_by("pk"))


def snapshot(meeting: Meeting):
    """Everything the secretariat can change on a draft agenda."""
    return (
        sorted(
            meeting.draft_lines.values_list(
                "pk", "agenda_item_id", "follow_up_id", "reason", "origin_text", "decision", "position"
            )
        ),
        sorted(meeting.agenda_items.values_list("pk", "topic_id", "position", "source", "title", "summary")),
        Meeting.objects.filter(pk=meeting.pk).values_list("agenda_status", flat=True).get(),
    )


def line_for(
    meeting: Meeting, *, follow_up: int | None = None, standing: str | None = None
) -> DraftAgendaLine:
    if standing:
        return meeting.draft_lines.get(follow_up__isnull=True, agenda_item__topic__slug=standing)
    return meeting.draft_lines.get(follow_up_id=follow_up)


class TestBuild:
    def test_proposes_what_is_due_and_the_standing_topics(self, february):
        result = services.draft_agenda_build(meeting=february, on=JANUARY_15)

        proposed = sorted((line.follow_up_id or 0, line.reason) for line in lines(february))
        assert proposed == [
            (0, STANDING),  # Mededelingen
            (0, STANDING),  # Rondvraag
            (1, FROM_NOVEMBER),
            (2, FROM_NOVEMBER),
            (5, FROM_NOVEMBER),
            (6, FROM_NOVEMBER),
        ]
        standing = sorted(line.agenda_item.topic.name for line in lines(february) if line.follow_up is None)
        assert standing == ["Mededelingen", "Rondvraag"]
        assert {line.decision for line in lines(february)} == {"proposed"}
        # Not follow-up 4 (due 31 March), not 3 (April), nor 7-10, agreed at this very meeting.
        assert (result.lines_added, result.items_created) == (6, 4)
        assert Meeting.objects.get(pk=2).agenda_status == Meeting.AgendaStatus.DRAFT

    def test_each_line_keeps_the_promise_as_it_was_worded(self, february):
        services.draft_agenda_build(meeting=february, on=JANUARY_15)
        for line in lines(february):
            if line.follow_up:
                assert line.origin_text == line.follow_up.promise_text, line.follow_up_id
                assert line.origin_text
            else:
                assert line.origin_text == ""

    def test_groups_the_lines_by_topic_into_agenda_items(self, february):
        services.draft_agenda_build(meeting=february, on=JANUARY_15)

        by_item: dict[AgendaItem, list[DraftAgendaLine]] = {}
        for line in lines(february):
            by_item.setdefault(line.agenda_item, []).append(line)
            if line.follow_up:
                assert line.agenda_item.topic_id == line.follow_up.topic_id
            assert line.agenda_item.meeting_id == 2
        topics = {
            item.topic.slug: sorted(line.follow_up_id or 0 for line in item_lines)
            for item, item_lines in by_item.items()
        }
        assert topics == {
            "mededelingen": [0],
            "rondvraag": [0],
            "inzetbaarheid-en-roosterdruk": [1, 2],
            "ict-en-intelligence": [5],
            "inzet-politiehonden": [6],
        }
        # One agenda item per topic; lines numbered 1, 2, ... within their item.
        assert len({item.topic_id for item in by_item}) == len(by_item)
        for item_lines in by_item.values():
            assert sorted(line.position for line in item_lines) == list(range(1, len(item_lines) + 1))
        sources = {item.topic.slug: item.source for item in by_item}
        assert sources["mededelingen"] == sources["rondvraag"] == AgendaItem.Source.STANDING
        assert sources["ict-en-intelligence"] == sources["inzet-politiehonden"] == AgendaItem.Source.FOLLOW_UP
        # The new agenda items come after the ones already there, numbered on.
        positions = sorted(february.agenda_items.values_list("position", flat=True))
        assert positions == list(range(1, len(positions) + 1))

    def test_a_re_run_changes_nothing(self, february):
        services.draft_agenda_build(meeting=february, on=JANUARY_15)
        before = snapshot(february)

        result = services.draft_agenda_build(meeting=february, on=JANUARY_15)

        assert (result.lines_added, result.items_created) == (0, 0)
        assert snapshot(february) == before

    def test_a_re_run_leaves_the_secretariats_work_alone(self, february):
        services.draft_agenda_build(meeting=february, on=JANUARY_15)
        services.draft_line_decide(line=line_for(february, follow_up=1), decision="accepted")
        services.draft_line_decide(line=line_for(february, follow_up=6), decision="rejected")
        services.draft_line_decide(line=line_for(february, standing="rondvraag"), decision="rejected")
        services.draft_line_move(line=line_for(february, follow_up=2), offset=-1)
        services.agenda_item_move(item=line_for(february, follow_up=5).agenda_item, offset=-1)
        edited = line_for(february, follow_up=5)
        edited.reason = "Graag samen met de ontwikkelagenda"
        edited.save()
        before = snapshot(february)
        assert line_for(february, follow_up=2).position == 1

        for day in (JANUARY_15, D(2021, 1, 29), D(2021, 2, 5)):
            result = services.draft_agenda_build(meeting=february, on=day)
            assert (result.lines_added, result.items_created) == (0, 0), day

        assert snapshot(february) == before
        assert line_for(february, follow_up=5).reason == "Graag samen met de ontwikkelagenda"

    def test_only_what_is_new_is_added_on_a_re_run(self, february):
        services.draft_agenda_build(meeting=february, on=JANUARY_15)
        before = snapshot(february)
        new = FollowUpFactory(
            agenda_item_id=1, description="Nog iets uit november", target_kind="next_meeting"
        )
        assert new.target_meeting_id == 2

        result = services.draft_agenda_build(meeting=february, on=JANUARY_15)

        assert result.lines_added == 1
        assert line_for(february, follow_up=new.pk).reason == FROM_NOVEMBER
        after = snapshot(february)
        assert set(before[0]) < set(after[0])

    def test_an_over_time_follow_up_says_since_when(self, demo_data):
        # In the demo data as it is now, meeting 2 was held: its follow-ups are over time, and come
        # back at the next meeting.
        june = MeetingFactory(date=D(2021, 6, 14))
        followups_flag_overdue(on=D(2021, 5, 17))
        services.draft_agenda_build(meeting=june, on=D(2021, 5, 17))

        reasons = dict(june.draft_lines.filter(follow_up__isnull=False).values_list("follow_up_id", "reason"))
        assert reasons[3] == "over tijd sinds 1 mei 2021; terugkomafspraak uit LOVP 23 november 2020"
        assert reasons[1] == "over tijd sinds 8 februari 2021; terugkomafspraak uit LOVP 23 november 2020"
        assert reasons[10] == "over tijd sinds 10 maart 2021; terugkomafspraak uit LOVP 8 februari 2021"
        assert set(reasons) == {1, 2, 3, 5, 6, 10}

    def test_since_when_also_before_the_daily_flag_ran(self, demo_data):
        june = MeetingFactory(date=D(2021, 6, 14))
        services.draft_agenda_build(meeting=june, on=D(2021, 5, 17))
        reasons = dict(june.draft_lines.filter(follow_up__isnull=False).values_list("follow_up_id", "reason"))
        assert reasons[3].startswith("over tijd sinds 1 mei 2021;")
        assert reasons[1].startswith("over tijd sinds 8 februari 2021;")

    def test_a_published_agenda_is_left_alone(self, february):
        services.draft_agenda_build(meeting=february, on=JANUARY_15)
        decide_all(february)
        services.agenda_publish(meeting=february)
        before = snapshot(february)
        FollowUpFactory(agenda_item_id=1, description="Nog iets uit november", target_kind="next_meeting")

        result = services.draft_agenda_build(meeting=february, on=JANUARY_15)

        assert result.lines_added == 0
        assert snapshot(february) == before


def decide_all(meeting: Meeting, *, rejected=()) -> None:
    for line in meeting.draft_lines.all():
        key = line.follow_up_id or line.agenda_item.topic.slug
        services.draft_line_decide(line=line, decision="rejected" if key in rejected else "accepted")


# --- the daily check -----------------------------------------------------------------------------------


class TestDailyCheck:
    @override_settings(DRAFT_AGENDA_LEAD_DAYS=10)
    def test_builds_only_once_the_next_meeting_is_within_the_lead_time(self, february):
        too_early = services.draft_agenda_check(on=D(2021, 1, 28))  # 11 days before
        assert (too_early.meeting_id, too_early.lines_added, too_early.secretariat_to_notify) == (
            None,
            0,
            False,
        )
        assert not february.draft_lines.exists()
        assert Meeting.objects.get(pk=2).agenda_status == Meeting.AgendaStatus.NONE

        in_time = services.draft_agenda_check(on=D(2021, 1, 29))  # 10 days before
        assert (in_time.meeting_id, in_time.lines_added, in_time.secretariat_to_notify) == (2, 6, True)
        assert Meeting.objects.get(pk=2).agenda_status == Meeting.AgendaStatus.DRAFT

    @override_settings(DRAFT_AGENDA_LEAD_DAYS=28)
    def test_the_default_four_weeks(self, february):
        assert services.draft_agenda_check(on=D(2021, 1, 10)).meeting_id is None
        assert services.draft_agenda_check(on=D(2021, 1, 11)).meeting_id == 2

    def test_tells_the_secretariat_exactly_once(
        self, february, celery_eager, django_capture_on_commit_callbacks, settings
    ):
        settings.DRAFT_AGENDA_LEAD_DAYS = 28
        settings.SITE_URL = "https://lovp.example"
        second = UserFactory(username="secretaris2", secretariat=True)
        UserFactory(username="oud-secretaris", secretariat=True, is_active=False)

        for day in (JANUARY_15, JANUARY_15, D(2021, 1, 16)):
            with django_capture_on_commit_callbacks(execute=True):
                services.draft_agenda_check(on=day)

        assert sorted(address for message in mail.outbox for address in message.to) == sorted(
            ["sanne.bakker@lovp.example", second.email]
        )
        message = mail.outbox[0]
        assert message.subject == "Conceptagenda klaar voor LOVP 8 februari 2021"
        assert (
            "De conceptagenda voor LOVP 8 februari 2021 staat klaar, met 6 voorgestelde regels."
            in message.body
        )
        assert "https://lovp.example/vergaderingen/2/conceptagenda/" in message.body
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        assert 'href="https://lovp.example/vergaderingen/2/conceptagenda/"' in html
        assert Meeting.objects.get(pk=2).draft_notified_at is not None

    def test_the_e_mail_goes_out_after_commit(
        self, february, celery_eager, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.draft_agenda_check(on=JANUARY_15)
        assert len(callbacks) == 1
        assert mail.outbox == []
        callbacks[0]()
        assert [message.to for message in mail.outbox] == [["sanne.bakker@lovp.example"]]

    def test_a_published_agenda_is_not_rebuilt(self, february, django_capture_on_commit_callbacks):
        services.draft_agenda_build(meeting=february, on=JANUARY_15)
        decide_all(february)
        services.agenda_publish(meeting=february)
        before = snapshot(february)
        with django_capture_on_commit_callbacks() as callbacks:
            result = services.draft_agenda_check(on=JANUARY_15)
        assert (result.lines_added, result.secretariat_to_notify) == (0, False)
        assert callbacks == []
        assert snapshot(february) == before

    def test_a_held_meeting_is_not_the_next_meeting(self, demo_data):
        assert services.draft_agenda_check(on=D(2021, 2, 1)).meeting_id is None
        assert not DraftAgendaLine.objects.exists()


# --- the secretariat's review ----------------------------------------------------------------------------


@pytest.fixture
def draft(february):
    services.draft_agenda_build(meeting=february, on=JANUARY_15)
    return february


class TestReview:
    def test_accept_and_reject(self, draft):
        services.draft_line_decide(line=line_for(draft, follow_up=1), decision="accepted")
        services.draft_line_decide(line=line_for(draft, follow_up=2), decision="rejected")
        assert line_for(draft, follow_up=1).decision == "accepted"
        assert line_for(draft, follow_up=2).decision == "rejected"
        # The follow-ups themselves change only when the agenda is published.
        assert set(FollowUp.objects.filter(pk__in=[1, 2]).values_list("status", flat=True)) == {"open"}
        # A change of mind is allowed until then.
        services.draft_line_decide(line=line_for(draft, follow_up=2), decision="accepted")
        assert line_for(draft, follow_up=2).decision == "accepted"

    def test_move_a_line_within_its_item(self, draft):
        first, second = sorted(
            draft.draft_lines.filter(follow_up__in=[1, 2]), key=lambda line: (line.position, line.pk)
        )
        services.draft_line_move(line=second, offset=-1)
        assert [line.pk for line in second.agenda_item.draft_lines.order_by("position")] == [
            second.pk,
            first.pk,
        ]
        services.draft_line_move(line=second, offset=-1)  # already first: stays
        assert [line.pk for line in second.agenda_item.draft_lines.order_by("position")] == [
            second.pk,
            first.pk,
        ]
        services.draft_line_move(line=second, offset=1)
        assert list(second.agenda_item.draft_lines.order_by("position").values_list("pk", "position")) == [
            (first.pk, 1),
            (second.pk, 2),
        ]

    def test_move_agenda_items_up_and_down(self, draft):
        def order():
            return list(draft.agenda_items.order_by("position", "pk").values_list("pk", flat=True))

        items = order()
        last = AgendaItem.objects.get(pk=items[-1])
        services.agenda_item_move(item=last, offset=-1)
        assert order() == [*items[:-2], items[-1], items[-2]]
        services.agenda_item_move(item=last, offset=1)
        services.agenda_item_move(item=last, offset=1)  # already last: stays
        assert order() == items
        first = AgendaItem.objects.get(pk=items[0])
        services.agenda_item_move(item=first, offset=1)
        assert order() == [items[1], items[0], *items[2:]]
        assert sorted(draft.agenda_items.values_list("position", flat=True)) == list(range(1, len(items) + 1))

    def test_publishing_is_refused_while_lines_are_proposed(self, draft):
        with pytest.raises(MeetingStateError) as error:
            services.agenda_publish(meeting=draft)
        assert str(error.value) == (
            "Er zijn nog 6 voorgestelde regels. Neem ze op of wijs ze af, en publiceer dan."
        )
        decide_all(draft)
        services.draft_line_decide(line=line_for(draft, follow_up=5), decision="proposed")
        with pytest.raises(MeetingStateError) as error:
            services.agenda_publish(meeting=draft)
        assert (
            str(error.value)
            == "Er is nog 1 voorgestelde regel. Neem hem op of wijs hem af, en publiceer dan."
        )
        assert Meeting.objects.get(pk=2).agenda_status == Meeting.AgendaStatus.DRAFT
        assert set(FollowUp.objects.filter(pk__in=DUE_IN_FEBRUARY).values_list("status", flat=True)) == {
            "open"
        }

    def test_publish(self, draft, celery_eager, django_capture_on_commit_callbacks):
        decide_all(draft, rejected={6, "rondvraag", 2})
        items_before = set(draft.agenda_items.values_list("topic__slug", flat=True))

        with django_capture_on_commit_callbacks(execute=True):
            scheduled = services.agenda_publish(meeting=draft)

        assert scheduled == 2
        statuses = dict(FollowUp.objects.filter(pk__in=DUE_IN_FEBRUARY).values_list("pk", "status"))
        assert statuses == {1: "scheduled", 5: "scheduled", 2: "open", 6: "open"}
        # The items that only held rejected proposals are gone; "Inzetbaarheid van politie" keeps its
        # accepted line (1) beside the rejected one (2); the items of the minutes stay.
        items_after = set(draft.agenda_items.values_list("topic__slug", flat=True))
        assert items_before - items_after == {"rondvraag", "inzet-politiehonden"}
        assert not DraftAgendaLine.objects.filter(follow_up_id=6).exists()
        meeting = Meeting.objects.get(pk=2)
        assert meeting.agenda_status == Meeting.AgendaStatus.PUBLISHED
        assert meeting.agenda_published_at is not None
        assert meeting.members_notified_at is not None
        positions = sorted(meeting.agenda_items.values_list("position", flat=True))
        assert len(positions) == len(set(positions))

        active_users = sorted(
            User.objects.filter(is_active=True).exclude(email="").values_list("email", flat=True)
        )
        assert sorted(address for message in mail.outbox for address in message.to) == active_users
        assert all(len(message.to) == 1 for message in mail.outbox)
        message = mail.outbox[0]
        assert message.subject == "Agenda LOVP 8 februari 2021"
        assert "De agenda van LOVP 8 februari 2021 is gepubliceerd:" in message.body
        assert "ICT en intelligence" in message.body and "Mededelingen" in message.body
        assert "Rondvraag" not in message.body
        assert message.alternatives[0][1] == "text/html"

    def test_members_are_e_mailed_once_and_after_commit(
        self, draft, celery_eager, django_capture_on_commit_callbacks
    ):
        decide_all(draft)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.agenda_publish(meeting=draft)
        assert mail.outbox == []
        assert len(callbacks) == 1
        callbacks[0]()
        once = len(mail.outbox)
        assert once == User.objects.filter(is_active=True).exclude(email="").count() == 4

        # A retried or duplicated task sends nothing more.
        assert tasks.notify_agenda_published.delay(draft.pk).get() == 0
        assert tasks.notify_agenda_published(draft.pk) == 0
        assert len(mail.outbox) == once

    def test_a_draft_is_not_announced_to_the_members(self, draft):
        assert tasks.notify_agenda_published(draft.pk) == 0
        assert mail.outbox == []
        assert Meeting.objects.get(pk=2).members_notified_at is None

    def test_publishing_twice_is_refused(self, draft):
        decide_all(draft)
        services.agenda_publish(meeting=draft)
        with pytest.raises(MeetingStateError, match="De agenda is al gepubliceerd."):
            services.agenda_publish(meeting=draft)

    def test_no_decisions_after_publishing(self, draft):
        decide_all(draft)
        services.agenda_publish(meeting=draft)
        with pytest.raises(MeetingStateError, match="al gepubliceerd"):
            services.draft_line_decide(line=line_for(draft, follow_up=1), decision="rejected")
        assert line_for(draft, follow_up=1).decision == "accepted"


# --- the management command -----------------------------------------------------------------------------


class TestCommand:
    def test_for_one_meeting(self, february):
        out = StringIO()
        call_command("draft_agenda", "--meeting", "2", "--date", "2021-01-15", stdout=out)
        output = out.getvalue().splitlines()
        assert output[0] == "LOVP 8 februari 2021: 6 regels toegevoegd, 4 agendapunten aangemaakt."
        assert "  [voorgesteld] Mededelingen: vast agendapunt" in output
        assert "  [voorgesteld] Rondvraag: vast agendapunt" in output
        assert sum(1 for line in output if line.endswith(f": {FROM_NOVEMBER}")) == 4
        assert len(output) == 7

        out = StringIO()
        call_command("draft_agenda", "--meeting", "2", "--date", "2021-01-15", stdout=out)
        assert (
            out.getvalue().splitlines()[0]
            == "LOVP 8 februari 2021: 0 regels toegevoegd, 0 agendapunten aangemaakt."
        )
        assert february.draft_lines.count() == 6

    @override_settings(DRAFT_AGENDA_LEAD_DAYS=28)
    def test_the_daily_check(self, february):
        out = StringIO()
        call_command("draft_agenda", "--date", "2021-01-15", stdout=out)
        assert out.getvalue().splitlines() == [
            "LOVP 8 februari 2021: 6 regels toegevoegd.",
            "Het secretariaat krijgt een e-mail.",
        ]
        out = StringIO()
        call_command("draft_agenda", "--date", "2021-01-16", stdout=out)
        assert out.getvalue().splitlines() == ["LOVP 8 februari 2021: 0 regels toegevoegd."]

    @override_settings(DRAFT_AGENDA_LEAD_DAYS=28)
    def test_the_daily_check_with_no_meeting_near(self, february):
        out = StringIO()
        call_command("draft_agenda", "--date", "2020-12-01", stdout=out)
        assert out.getvalue().strip() == "Geen vergadering binnen de termijn: geen conceptagenda gemaakt."
        assert not DraftAgendaLine.objects.exists()

    def test_the_daily_check_uses_today(self, february):
        out = StringIO()
        call_command("draft_agenda", stdout=out)  # the clock says 15 January 2021
        assert out.getvalue().startswith("LOVP 8 februari 2021: 6 regels toegevoegd.")

    def test_an_unknown_meeting(self, demo_data):
        with pytest.raises(CommandError, match="Er is geen vergadering met nummer 999."):
            call_command("draft_agenda", "--meeting", "999", stdout=StringIO())

    def test_standing_topics_come_from_the_topics(self, february):
        Topic.objects.create(name="Sluiting", is_standing=True)
        out = StringIO()
        call_command("draft_agenda", "--meeting", "2", "--date", "2021-01-15", stdout=out)
        assert "  [voorgesteld] Sluiting: vast agendapunt" in out.getvalue().splitlines()
