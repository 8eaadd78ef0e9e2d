"""No lost edits (lovp.locking): a save based on an older version of an agenda item or follow-up is
refused, shows what the other person changed, and keeps the user's own input."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from agenda import services as agenda_services
from agenda.models import AgendaItem, DraftAgendaLine
from decisions import services as decision_services
from decisions.models import FollowUp
from lovp.locking import StaleEditError
from tests.conftest import agenda_item_data, error_messages
from tests.factories import AgendaItemFactory, FollowUpFactory, MeetingFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def colleague_client(db) -> Client:
    """A second member of the secretariat, in a browser of her own."""
    client = Client()
    client.force_login(
        UserFactory(username="collega", first_name="Carla", last_name="Collega", secretariat=True)
    )
    return client


@pytest.fixture
def february(db):
    return MeetingFactory(date=D(2021, 2, 8))


@pytest.fixture
def item(db):
    meeting = MeetingFactory(date=D(2020, 11, 23), held=True)
    return AgendaItemFactory(
        meeting=meeting, topic=TopicFactory(name="Roosterdruk"), summary="Stand van zaken."
    )


@pytest.fixture
def follow_up(item, february, korpschef):
    return FollowUpFactory(
        agenda_item=item,
        description="Landelijk plan agenderen",
        owner=korpschef,
        target_kind=FollowUp.TargetKind.MEETING,
        target_meeting=february,
    )


def follow_up_form(client, follow_up) -> dict:
    """The edit form as it opens: its fields with their current values (the hidden version too)."""
    response = client.get(reverse("decisions:followup_update", args=[follow_up.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    data = {name: form[name].value() for name in form.fields}
    return {name: "" if value is None else value for name, value in data.items()}


# --- follow-ups ---------------------------------------------------------------------------------


def test_the_second_of_two_edits_is_refused_and_shows_the_first(
    secretariat_client, colleague_client, follow_up
):
    url = reverse("decisions:followup_update", args=[follow_up.pk])
    mine = follow_up_form(secretariat_client, follow_up)
    hers = follow_up_form(colleague_client, follow_up)
    assert mine["version"] == hers["version"] == 1

    response = colleague_client.post(
        url, {**hers, "description": "Landelijk plan en regionale plannen agenderen"}
    )
    assert response.status_code == 302

    response = secretariat_client.post(url, {**mine, "description": "Landelijk plan in februari agenderen"})
    assert response.status_code == 409
    follow_up.refresh_from_db()
    assert follow_up.description == "Landelijk plan en regionale plannen agenderen"
    # What the colleague changed, who and when ...
    assertContains(response, "Niet opgeslagen: iemand anders heeft dit intussen gewijzigd", status_code=409)
    assertContains(response, "<strong>Carla Collega</strong>", status_code=409)
    assertContains(
        response,
        "<li>Omschrijving: Landelijk plan agenderen → Landelijk plan en regionale plannen agenderen</li>",
        html=True,
        status_code=409,
    )
    # ... and my own input, still in the form.
    assertContains(response, "Landelijk plan in februari agenderen</textarea>", status_code=409)
    form = response.context["form"]
    assert form["version"].value() == "2"

    # Having seen it, saving again replaces her version knowingly.
    response = secretariat_client.post(url, {name: form[name].value() or "" for name in form.fields})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.description, follow_up.version) == ("Landelijk plan in februari agenderen", 3)


def test_an_edit_form_opened_before_a_postponement_is_refused(
    secretariat_client, colleague_client, follow_up
):
    url = reverse("decisions:followup_update", args=[follow_up.pk])
    mine = follow_up_form(secretariat_client, follow_up)

    response = colleague_client.post(
        reverse("decisions:followup_postpone", args=[follow_up.pk]),
        {"target_kind": "month", "target_month": "2021-04", "reason": "Het plan is nog niet klaar."},
    )
    assert response.status_code == 302

    response = secretariat_client.post(url, {**mine, "owner": ""})
    assert response.status_code == 409
    assertContains(
        response, "<li>Komt terug in: een bepaalde vergadering → een maand</li>", html=True, status_code=409
    )
    follow_up.refresh_from_db()
    assert (follow_up.target_kind, follow_up.target_month, follow_up.owner_id) == (
        "month",
        D(2021, 4, 1),
        mine["owner"],
    )


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("followup_resolve", {"resolution": "Besproken.", "meeting": ""}),
        ("followup_drop", {"reason": "Achterhaald.", "meeting": ""}),
    ],
)
def test_resolving_or_dropping_makes_an_open_edit_form_stale(
    secretariat_client, colleague_client, follow_up, action, data
):
    mine = follow_up_form(secretariat_client, follow_up)
    colleague_client.post(reverse(f"decisions:{action}", args=[follow_up.pk]), data)
    response = secretariat_client.post(reverse("decisions:followup_update", args=[follow_up.pk]), mine)
    assert response.status_code == 409
    assert FollowUp.objects.get(pk=follow_up.pk).is_resolved


def test_every_write_counts_the_version_up(follow_up, february, secretariat_user):
    def version():
        return FollowUp.objects.get(pk=follow_up.pk).version

    assert version() == 1
    decision_services.followup_postpone(
        follow_up=follow_up,
        target_kind=FollowUp.TargetKind.MEETING,
        target_meeting=february,
        reason="Later.",
        by=None,
    )
    assert version() == 2
    decision_services.followup_resolve(
        follow_up=FollowUp.objects.get(pk=follow_up.pk),
        resolution="Klaar.",
        meeting=None,
        by=secretariat_user,
    )
    assert version() == 3
    decision_services.followup_reopen(follow_up=FollowUp.objects.get(pk=follow_up.pk))
    assert version() == 4
    decision_services.followup_drop(
        follow_up=FollowUp.objects.get(pk=follow_up.pk), reason="Weg.", meeting=None, by=None
    )
    assert version() == 5
    decision_services.followup_reopen(follow_up=FollowUp.objects.get(pk=follow_up.pk))

    # Publishing the draft agenda schedules it; holding the meeting without dealing with it reopens it.
    agenda_services.draft_agenda_build(meeting=february, on=D(2021, 1, 15))
    DraftAgendaLine.objects.filter(meeting=february).update(decision=DraftAgendaLine.Decision.ACCEPTED)
    agenda_services.agenda_publish(meeting=february)
    assert (FollowUp.objects.get(pk=follow_up.pk).status, version()) == (FollowUp.Status.SCHEDULED, 7)
    agenda_services.meeting_mark_held(meeting=february)
    assert (FollowUp.objects.get(pk=follow_up.pk).status, version()) == (FollowUp.Status.OPEN, 8)


def test_a_stale_resolve_is_refused(secretariat_client, follow_up):
    stale = FollowUp.objects.get(pk=follow_up.pk)
    FollowUp.objects.filter(pk=follow_up.pk).update(version=2)
    with pytest.raises(StaleEditError):
        decision_services.followup_resolve(follow_up=stale, resolution="Klaar.", meeting=None, by=None)
    assert not FollowUp.objects.get(pk=follow_up.pk).is_resolved


def test_a_form_without_its_version_is_refused(secretariat_client, follow_up):
    data = follow_up_form(secretariat_client, follow_up)
    del data["version"]
    response = secretariat_client.post(reverse("decisions:followup_update", args=[follow_up.pk]), data)
    assertContains(response, "Dit formulier is verouderd.")
    assert FollowUp.objects.get(pk=follow_up.pk).version == 1


# --- agenda items -------------------------------------------------------------------------------


def item_url(item) -> str:
    return reverse("agenda:agenda_item_update", args=[item.meeting_id, item.pk])


def item_data(item, follow_up=None, **changes) -> dict:
    """The agenda item form as it opened: the item (and its follow-up) at their versions then."""
    follow_ups = []
    if follow_up is not None:
        follow_ups.append(
            {
                "id": follow_up.pk,
                "version": follow_up.version,
                "description": follow_up.description,
                "owner": follow_up.owner,
                "topic": follow_up.topic,
                "target_kind": follow_up.target_kind,
                "target_meeting": follow_up.target_meeting,
            }
        )
    fields = {
        "topic": item.topic,
        "summary": item.summary,
        "position": item.position,
        "version": item.version,
    }
    return agenda_item_data(**{**fields, **changes}, follow_ups=follow_ups)


def test_two_edits_of_an_agenda_item(secretariat_client, colleague_client, item):
    hers = item_data(item, summary="Stand van zaken. De taskforce is gestart.")
    mine = item_data(item, summary="Stand van zaken. Roosters onder druk.", introducer="Korpschef")

    assert colleague_client.post(item_url(item), hers).status_code == 302
    response = secretariat_client.post(item_url(item), mine)

    assert response.status_code == 409
    item.refresh_from_db()
    assert (item.summary, item.introducer, item.version) == (
        "Stand van zaken. De taskforce is gestart.",
        "",
        2,
    )
    assertContains(response, "Agendapunt ‘Roosterdruk’", status_code=409)
    assertContains(
        response,
        "<li>Samenvatting: Stand van zaken. → Stand van zaken. De taskforce is gestart.</li>",
        html=True,
        status_code=409,
    )
    assertContains(response, "<strong>Carla Collega</strong>", status_code=409)
    assertContains(response, "Stand van zaken. Roosters onder druk.</textarea>", status_code=409)
    assert response.context["form"]["version"].value() == "2"
    assert not error_messages(response)


def test_a_follow_up_postponed_while_its_agenda_item_was_open(
    secretariat_client, colleague_client, item, follow_up
):
    """I change only the summary; meanwhile my colleague postpones a follow-up that my form still shows
    as it was. My save is refused, and the form shows the follow-up as it is now, so that saving again
    keeps her postponement."""
    mine = item_data(item, follow_up, summary="Stand van zaken. Roosters onder druk.")
    decision_services.followup_postpone(
        follow_up=follow_up,
        target_kind=FollowUp.TargetKind.MONTH,
        target_month=D(2021, 4, 1),
        reason="Nog niet klaar.",
        by=None,
    )

    response = secretariat_client.post(item_url(item), mine)

    assert response.status_code == 409
    assertContains(response, "Vervolgactie ‘Landelijk plan agenderen’", status_code=409)
    assertContains(
        response, "<li>Komt terug in: een bepaalde vergadering → een maand</li>", html=True, status_code=409
    )
    assert AgendaItem.objects.get(pk=item.pk).summary == "Stand van zaken."
    row = response.context["follow_up_formset"].forms[0]
    assert (row["target_kind"].value(), row["target_month"].value(), row["version"].value()) == (
        "month",
        "2021-04-01",
        "2",
    )

    again = response.context["form"].data
    response = secretariat_client.post(item_url(item), again)
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.target_kind, follow_up.target_month, follow_up.postponement_count) == (
        "month",
        D(2021, 4, 1),
        1,
    )
    assert AgendaItem.objects.get(pk=item.pk).summary == "Stand van zaken. Roosters onder druk."


def test_moving_an_agenda_item_makes_an_open_edit_form_stale(secretariat_client, item):
    mine = item_data(item, summary="Nieuw verslag.")
    other = AgendaItemFactory(meeting=item.meeting, position=item.position + 1)
    agenda_services.agenda_item_move(item=other, offset=-1)
    assert AgendaItem.objects.get(pk=item.pk).version == 2

    response = secretariat_client.post(item_url(item), mine)
    assert response.status_code == 409
    assertContains(response, "Volgorde:", status_code=409)
