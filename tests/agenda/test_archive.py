"""A meeting with something recorded at it is never deleted: it is archived (hidden from the list)."""

import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from agenda.models import Meeting
from decisions.models import FollowUp
from tests.conftest import error_messages, success_messages
from tests.factories import AgendaItemFactory, DecisionFactory, FollowUpFactory, MeetingFactory, TopicFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def november(db):
    return MeetingFactory(date=D(2020, 11, 23), held=True)


@pytest.fixture
def follow_up(november):
    item = AgendaItemFactory(meeting=november, topic=TopicFactory(name="Roosterdruk"))
    DecisionFactory(agenda_item=item, text="Landelijk plan in februari.")
    return FollowUpFactory(agenda_item=item, description="Landelijk plan agenderen", month=True)


def test_the_delete_page_offers_archiving_instead(secretariat_client, november, follow_up):
    response = secretariat_client.get(reverse("agenda:meeting_delete", args=[november.pk]))
    assert response.status_code == 200
    assertContains(response, "kan daarom niet worden verwijderd")
    assertContains(response, f'action="{reverse("agenda:meeting_archive", args=[november.pk])}"')
    assertContains(response, ">Archiveren</button>")
    assertNotContains(response, "Ja, verwijderen")

    response = secretariat_client.post(reverse("agenda:meeting_delete", args=[november.pk]))
    assertRedirects(response, november.get_absolute_url(), fetch_redirect_response=False)
    assert error_messages(response) == [
        "Deze vergadering heeft agendapunten en kan daarom niet worden verwijderd. "
        "U kunt haar wel archiveren."
    ]
    assert Meeting.objects.filter(pk=november.pk).exists()


def test_a_meeting_without_agenda_items_may_still_be_deleted(secretariat_client):
    spare = MeetingFactory(date=D(2021, 2, 8))
    response = secretariat_client.get(reverse("agenda:meeting_delete", args=[spare.pk]))
    assertContains(response, "Ja, verwijderen")
    secretariat_client.post(reverse("agenda:meeting_delete", args=[spare.pk]))
    assert not Meeting.objects.filter(pk=spare.pk).exists()


def test_archiving_hides_the_meeting_from_the_list_and_keeps_everything(
    secretariat_client, member_client, secretariat_user, november, follow_up
):
    response = secretariat_client.post(reverse("agenda:meeting_archive", args=[november.pk]))
    assertRedirects(response, november.get_absolute_url(), fetch_redirect_response=False)
    assert success_messages(response)
    november.refresh_from_db()
    assert november.archived_at is not None

    # Not in the list, unless asked for.
    response = member_client.get(reverse("agenda:meeting_list"))
    assertNotContains(response, november.get_absolute_url())
    assertContains(response, "Toon gearchiveerde")
    response = member_client.get(reverse("agenda:meeting_list"), {"archived": "1"})
    assertContains(response, november.get_absolute_url())
    assertContains(response, "Gearchiveerd")

    # Its page says so; what was recorded there is all still there.
    response = member_client.get(november.get_absolute_url())
    assertContains(response, "Gearchiveerd")
    assertContains(response, "Landelijk plan in februari.")
    # Its follow-ups stay visible everywhere.
    assertContains(member_client.get(reverse("decisions:followup_list")), "Landelijk plan agenderen")
    assertContains(member_client.get(follow_up.get_absolute_url()), "Landelijk plan agenderen")
    assert FollowUp.objects.filter(pk=follow_up.pk).exists()

    # And the archiving is in the audit trail.
    record = november.history.order_by("-history_date", "-history_id").first()
    assert (record.history_user, record.archived_at) == (secretariat_user, november.archived_at)
    response = secretariat_client.get(november.get_absolute_url())
    assertContains(response, "Gearchiveerd op: (leeg) →")
    assertContains(response, ">Uit het archief halen</button>")


def test_unarchiving_brings_it_back(secretariat_client, november, follow_up):
    secretariat_client.post(reverse("agenda:meeting_archive", args=[november.pk]))
    response = secretariat_client.post(reverse("agenda:meeting_unarchive", args=[november.pk]))
    assertRedirects(response, november.get_absolute_url(), fetch_redirect_response=False)
    assert Meeting.objects.get(pk=november.pk).archived_at is None
    assertContains(secretariat_client.get(reverse("agenda:meeting_list")), november.get_absolute_url())


def test_the_meeting_page_offers_archiving_when_deleting_is_not_possible(
    secretariat_client, november, follow_up
):
    response = secretariat_client.get(november.get_absolute_url())
    assertContains(response, f'action="{reverse("agenda:meeting_archive", args=[november.pk])}"')
    assertNotContains(response, reverse("agenda:meeting_delete", args=[november.pk]))


def test_archive_and_unarchive_are_post_only_and_for_the_secretariat(
    member_client, secretariat_client, november
):
    url = reverse("agenda:meeting_archive", args=[november.pk])
    assert secretariat_client.get(url).status_code == 405
    assert member_client.post(url).status_code == 403
    assert Meeting.objects.get(pk=november.pk).archived_at is None
