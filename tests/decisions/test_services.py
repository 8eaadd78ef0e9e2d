import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from decisions import services
from decisions.models import FollowUp, FollowUpStateError, Postponement
from tests.factories import AgendaItemFactory, FollowUpFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
Kind = FollowUp.TargetKind
Status = FollowUp.Status


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def item():
    return AgendaItemFactory(meeting=MeetingFactory(date=D(2020, 11, 23), held=True))


@pytest.fixture
def february():
    return MeetingFactory(date=D(2021, 2, 8))


class TestFollowUpCreate:
    def test_resolves_the_target_and_defaults_the_topic(self, item, february, korpschef):
        follow_up = services.followup_create(
            agenda_item=item,
            description="Landelijk plan roosterdruk agenderen",
            owner=korpschef,
            promise_text="in het LOVP van februari",
            target_kind=Kind.MONTH,
            target_month=D(2021, 2, 1),
        )
        follow_up.refresh_from_db()
        assert follow_up.topic == item.topic
        assert follow_up.target_meeting == february
        assert follow_up.due_date == D(2021, 2, 28)
        assert follow_up.status == Status.OPEN
        assert follow_up.postponement_count == 0

    def test_refuses_a_month_target_without_a_month(self, item):
        with pytest.raises(ValidationError, match="Kies de maand waarin het terugkomt."):
            services.followup_create(agenda_item=item, description="Zonder maand", target_kind=Kind.MONTH)
        assert not FollowUp.objects.exists()

    def test_refuses_a_meeting_target_without_a_meeting(self, item):
        with pytest.raises(ValidationError, match="Kies de vergadering waarin het terugkomt."):
            services.followup_create(
                agenda_item=item, description="Zonder vergadering", target_kind=Kind.MEETING
            )
        assert not FollowUp.objects.exists()


class TestPostpone:
    def test_records_the_previous_target_reason_who_and_when(self, item, february, secretariat_user, today):
        today(D(2021, 2, 8))
        follow_up = FollowUpFactory(
            agenda_item=item, target_kind=Kind.MONTH, target_month=D(2021, 2, 1), promise_text="in februari"
        )
        assert follow_up.target_meeting == february

        postponement = services.followup_postpone(
            follow_up=follow_up,
            target_kind=Kind.MONTH,
            target_month=D(2021, 4, 1),
            promise_text="in april",
            reason="Het landelijke plan is nog niet klaar.",
            by=secretariat_user,
        )

        postponement.refresh_from_db()
        assert postponement.follow_up == follow_up
        assert postponement.previous_target_kind == Kind.MONTH
        assert postponement.previous_target_label == "februari 2021 (LOVP 8 februari 2021)"
        assert postponement.previous_promise_text == "in februari"
        assert postponement.previous_due_date == D(2021, 2, 28)
        assert postponement.previous_target_meeting == february
        assert postponement.new_target_label == "april 2021"
        assert postponement.new_due_date == D(2021, 4, 30)
        assert postponement.reason == "Het landelijke plan is nog niet klaar."
        assert postponement.postponed_by == secretariat_user
        assert timezone.localtime(postponement.postponed_at).date() == D(2021, 2, 8)

        follow_up.refresh_from_db()
        assert follow_up.target_kind == Kind.MONTH
        assert follow_up.target_month == D(2021, 4, 1)
        assert follow_up.target_meeting is None
        assert follow_up.due_date == D(2021, 4, 30)
        assert follow_up.promise_text == "in april"
        assert follow_up.postponement_count == 1

    def test_without_new_wording_the_old_promise_text_is_kept(self, item, secretariat_user):
        follow_up = FollowUpFactory(agenda_item=item, promise_text="een volgend LOVP")
        services.followup_postpone(
            follow_up=follow_up,
            target_kind=Kind.DATE,
            target_date=D(2021, 6, 1),
            reason="Later.",
            by=secretariat_user,
        )
        follow_up.refresh_from_db()
        assert follow_up.promise_text == "een volgend LOVP"
        assert follow_up.due_date == D(2021, 6, 1)

    def test_postponing_twice_keeps_both_and_counts_two(self, item, february, secretariat_user):
        april = MeetingFactory(date=D(2021, 4, 12))
        other = UserFactory(secretariat=True)
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.NEXT_MEETING)
        assert follow_up.target_meeting == february

        services.followup_postpone(
            follow_up=follow_up,
            target_kind=Kind.MEETING,
            target_meeting=april,
            reason="Eerste keer.",
            by=secretariat_user,
        )
        services.followup_postpone(
            follow_up=follow_up,
            target_kind=Kind.PERIOD,
            target_date=D(2021, 6, 30),
            reason="Tweede keer.",
            by=other,
        )

        follow_up.refresh_from_db()
        assert follow_up.postponement_count == 2
        history = list(follow_up.postponements.all())
        assert len(history) == 2
        first, second = history
        assert (first.previous_target_kind, first.previous_target_meeting, first.previous_due_date) == (
            Kind.NEXT_MEETING,
            february,
            D(2021, 2, 8),
        )
        assert first.previous_target_label == "volgende vergadering (LOVP 8 februari 2021)"
        assert first.new_target_label == "LOVP 12 april 2021"
        assert (first.reason, first.postponed_by) == ("Eerste keer.", secretariat_user)
        assert (second.previous_target_kind, second.previous_target_meeting, second.previous_due_date) == (
            Kind.MEETING,
            april,
            D(2021, 4, 12),
        )
        assert second.new_target_label == "uiterlijk 30 juni 2021"
        assert second.new_due_date == D(2021, 6, 30)
        assert (second.reason, second.postponed_by) == ("Tweede keer.", other)
        assert follow_up.target_kind == Kind.PERIOD
        assert follow_up.target_meeting is None
        assert follow_up.due_date == D(2021, 6, 30)

    def test_a_scheduled_follow_up_is_open_again_after_postponement(self, item, february, secretariat_user):
        follow_up = FollowUpFactory(agenda_item=item, status=Status.SCHEDULED)
        services.followup_postpone(
            follow_up=follow_up,
            target_kind=Kind.MONTH,
            target_month=D(2021, 5, 1),
            reason="Agenda vol.",
            by=secretariat_user,
        )
        follow_up.refresh_from_db()
        assert follow_up.status == Status.OPEN

    def test_postponing_no_longer_overdue(self, item, secretariat_user):
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.DATE, target_date=D(2021, 1, 31))
        assert follow_up.is_overdue(on=D(2021, 2, 10))
        services.followup_postpone(
            follow_up=follow_up,
            target_kind=Kind.MONTH,
            target_month=D(2021, 3, 1),
            reason="Uitstel.",
            by=secretariat_user,
        )
        assert not FollowUp.objects.overdue(on=D(2021, 2, 10)).exists()

    @pytest.mark.parametrize("trait", ["done", "dropped"])
    def test_a_resolved_follow_up_cannot_be_postponed(self, item, secretariat_user, trait):
        follow_up = FollowUpFactory(
            agenda_item=item, target_kind=Kind.MONTH, target_month=D(2021, 2, 1), **{trait: True}
        )
        with pytest.raises(FollowUpStateError):
            services.followup_postpone(
                follow_up=follow_up,
                target_kind=Kind.MONTH,
                target_month=D(2021, 4, 1),
                reason="Te laat.",
                by=secretariat_user,
            )
        follow_up.refresh_from_db()
        assert follow_up.target_month == D(2021, 2, 1)
        assert follow_up.postponement_count == 0
        assert not Postponement.objects.exists()

    def test_checks_the_stored_state_not_a_stale_copy(self, item, secretariat_user):
        """The service reads the follow-up afresh, so one closed meanwhile in another tab is refused."""
        stale = FollowUpFactory(agenda_item=item)
        fresh = FollowUp.objects.get(pk=stale.pk)
        fresh.mark_done(resolution="Al besproken.", meeting=None, by=secretariat_user)
        fresh.save()
        with pytest.raises(FollowUpStateError):
            services.followup_postpone(
                follow_up=stale, target_kind=Kind.UNSPECIFIED, reason="Uitstel.", by=secretariat_user
            )
        assert not Postponement.objects.exists()


def test_postponing_to_the_next_meeting_means_the_one_after_the_current_target(item, secretariat_user, today):
    today(D(2021, 2, 8))
    february = MeetingFactory(date=D(2021, 2, 8))
    april = MeetingFactory(date=D(2021, 4, 12))
    follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.NEXT_MEETING)
    assert follow_up.target_meeting == february
    february.mark_held()
    february.save()

    services.followup_postpone(
        follow_up=follow_up,
        target_kind=Kind.NEXT_MEETING,
        reason="Niet aan toegekomen.",
        by=secretariat_user,
    )

    follow_up.refresh_from_db()
    assert (follow_up.target_meeting, follow_up.due_date) == (april, D(2021, 4, 12))
    assert not follow_up.is_overdue(on=D(2021, 2, 8))
