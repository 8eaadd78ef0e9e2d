"""lovp.scale_demo / `manage.py seed_demo`: demo data at scale, bulk-written, with realistic shapes."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q

from agenda.models import AgendaItem, Meeting, Topic
from decisions.models import Decision, FollowUp, Postponement
from lovp import roles
from lovp.models import User
from lovp.scale_demo import seed_scale

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def seeded(db, today):
    today(TODAY)
    return seed_scale(meetings=120, follow_ups=3000, users=60, today=TODAY)


def test_it_makes_what_was_asked(seeded):
    assert Meeting.objects.count() == seeded.meetings == 120
    assert FollowUp.objects.count() == seeded.follow_ups == 3000
    assert User.objects.filter(username__startswith="gebruiker").count() == seeded.users == 60
    assert AgendaItem.objects.count() == seeded.agenda_items
    assert Decision.objects.count() == seeded.decisions
    assert Postponement.objects.count() == seeded.postponements


def test_shapes_are_realistic(seeded):
    follow_ups = FollowUp.objects.all()
    # About one in ten over time, most old ones resolved, some still to come.
    overdue_share = follow_ups.overdue(on=TODAY).count() / 3000
    assert 0.06 < overdue_share < 0.14
    assert follow_ups.filter(status__in=["done", "dropped"]).count() > 3000 * 0.7
    assert Meeting.objects.upcoming(TODAY).count() >= 2
    assert not Meeting.objects.filter(status=Meeting.Status.HELD, date__gte=TODAY).exists()
    # Topics recur over meetings, some much more often than others.
    per_topic = sorted(
        Topic.objects.filter(is_standing=False).annotate(n=Count("agenda_items")).values_list("n", flat=True)
    )
    assert per_topic[-1] > 3 * max(per_topic[len(per_topic) // 2], 1)
    # Postponed several times, with a row per postponement.
    assert follow_ups.filter(postponement_count__gte=2).exists()
    assert sum(follow_ups.values_list("postponement_count", flat=True)) == Postponement.objects.count()
    # Owners spread over parties, some without; a few confidential.
    assert follow_ups.values("owner").distinct().count() > 3
    assert follow_ups.filter(owner__isnull=True).exists()
    assert 0 < follow_ups.filter(is_confidential=True).count() < 300


def test_targets_are_what_the_application_would_work_out(seeded):
    """Each seeded target meeting and due date equals FollowUp.resolve_target's answer, so the jobs and
    lists see data as if entered through the forms (postponed ones aside: their "next meeting" counts
    from a later day)."""
    checked = 0
    for follow_up in FollowUp.objects.filter(postponement_count=0).order_by("pk")[:600]:
        seeded_target = (follow_up.target_meeting_id, follow_up.due_date)
        follow_up.resolve_target()
        assert (follow_up.target_meeting_id, follow_up.due_date) == seeded_target, follow_up.target_kind
        checked += 1
    assert checked > 400


def test_users_are_members_who_can_log_in(seeded, client):
    user = User.objects.get(username="gebruiker00001")
    assert user.groups.filter(name=roles.MEMBER).exists()
    assert client.login(username="gebruiker00001", password="demo-schaal")
    assert User.objects.filter(weekly_digest=True).exists()


def test_ids_continue_after_the_seeded_rows(seeded):
    meeting = Meeting.objects.create(date=TODAY + datetime.timedelta(days=200))
    assert meeting.pk > max(Meeting.objects.exclude(pk=meeting.pk).values_list("pk", flat=True))


def test_the_command_refuses_a_database_with_meetings(seeded):
    with pytest.raises(CommandError, match="already has meetings"):
        call_command("seed_demo", meetings=10, follow_ups=10, users=1)


def test_the_command_prints_what_it_made(db, capsys):
    call_command("seed_demo", meetings=20, follow_ups=200, users=5)
    output = capsys.readouterr().out
    assert "20 vergaderingen" in output and "200 vervolgacties" in output
    assert FollowUp.objects.filter(~Q(topic=None)).count() == 200
