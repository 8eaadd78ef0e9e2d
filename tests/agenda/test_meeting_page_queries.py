"""The meeting page reads a fixed number of queries, however many follow-ups were agreed, are due,
were resolved or are left over there (bench/RESULTS.md measures it at a million follow-ups)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agenda.models import DraftAgendaLine
from decisions.models import FollowUp
from tests.factories import AgendaItemFactory, FollowUpFactory, MeetingFactory, TopicFactory


def meeting_with(count: int):
    earlier = MeetingFactory(date=datetime.date(2021, 1, 11), held=True)
    meeting = MeetingFactory(date=datetime.date(2021, 2, 8), held=True)
    later = MeetingFactory(date=datetime.date(2021, 4, 12))
    for number in range(count):
        topic = TopicFactory()
        here = AgendaItemFactory(meeting=meeting, topic=topic)
        before = AgendaItemFactory(meeting=earlier, topic=topic)
        FollowUpFactory(agenda_item=here, target_kind=FollowUp.TargetKind.MEETING, target_meeting=later)
        due_here = FollowUpFactory(
            agenda_item=before, target_kind=FollowUp.TargetKind.MEETING, target_meeting=meeting
        )
        FollowUpFactory(
            agenda_item=before,
            status=FollowUp.Status.DONE,
            resolved_in=meeting,
            is_confidential=number % 2 == 0,
        )
        DraftAgendaLine.objects.create(
            meeting=meeting,
            agenda_item=here,
            follow_up=due_here,
            reason="r",
            decision=DraftAgendaLine.Decision.ACCEPTED,
        )
    return meeting


def queries_of(client, meeting) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/vergaderingen/{meeting.pk}/")
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("client_name", ["member_client", "secretariat_client"])
def test_the_meeting_page_queries_do_not_grow_with_its_follow_ups(db, request, client_name):
    client = request.getfixturevalue(client_name)
    small, large = meeting_with(2), meeting_with(25)
    client.get("/")  # the first request after logging in saves the session
    assert queries_of(client, small) == queries_of(client, large)
