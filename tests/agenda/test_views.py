import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from agenda.models import AgendaItem, Meeting, Topic
from decisions.models import Decision, FollowUp, Postponement
from tests.conftest import agenda_item_data, error_messages, success_messages
from tests.factories import (
    AgendaItemFactory,
    DecisionFactory,
    FollowUpFactory,
    MeetingFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
Kind = FollowUp.TargetKind


def counts():
    return {
        "meetings": Meeting.objects.count(),
        "topics": Topic.objects.count(),
        "items": AgendaItem.objects.count(),
        "decisions": Decision.objects.count(),
        "follow_ups": FollowUp.objects.count(),
        "postponements": Postponement.objects.count(),
    }


def field_error(response, field_id: str, message: str):
    """The error is rendered with the field (crispy's invalid-feedback tied to the input id)."""
    content = response.content.decode()
    assert f'id="error_1_id_{field_id}"' in content, f"no error rendered beside {field_id}"
    after = content[content.index(f'id="error_1_id_{field_id}"') :]
    assert escape(message) in after[:400], f"{message!r} not beside {field_id}"


@pytest.fixture
def november():
    return MeetingFactory(date=D(2020, 11, 23), held=True, location="Ministerie van JenV, Den Haag")


@pytest.fixture
def roosterdruk():
    return TopicFactory(name="Roosterdruk", description="Inzetbaarheid en roosterdruk in de GGP.")


@pytest.fixture
def item(november, roosterdruk):
    return AgendaItemFactory(
        meeting=november,
        topic=roosterdruk,
        summary="De politie is binnen de eenheden bezig met het maken van de plannen.",
    )


@pytest.fixture
def follow_up(item, korpschef):
    DecisionFactory(agenda_item=item, text="Het landelijke plan komt in februari op de agenda.")
    return FollowUpFactory(
        agenda_item=item,
        description="Landelijk plan en regionale plannen agenderen",
        owner=korpschef,
        target_kind=Kind.MONTH,
        target_month=D(2021, 2, 1),
        promise_text="in het LOVP van februari",
    )


# --- read pages ---------------------------------------------------------------------------------


class TestReadPages:
    def test_meeting_list(self, member_client, follow_up):
        response = member_client.get(reverse("agenda:meeting_list"))
        assert response.status_code == 200
        assertContains(response, "LOVP 23 november 2020")
        assertContains(response, "maandag 23 november 2020")
        assertContains(response, reverse("agenda:meeting_detail", args=[follow_up.agenda_item.meeting.pk]))
        # Members read; only the secretariat gets the button to add a meeting.
        assertNotContains(response, reverse("agenda:meeting_create"))

    def test_meeting_list_is_newest_first(self, member_client):
        for day in (D(2021, 2, 8), D(2020, 11, 23), D(2021, 4, 12), D(2020, 10, 5)):
            MeetingFactory(date=day)
        response = member_client.get(reverse("agenda:meeting_list"))
        assert [m.date for m in response.context["meeting_list"]] == [
            D(2021, 4, 12),
            D(2021, 2, 8),
            D(2020, 11, 23),
            D(2020, 10, 5),
        ]
        content = response.content.decode()
        positions = [
            content.index(title)
            for title in (
                "LOVP 12 april 2021",
                "LOVP 8 februari 2021",
                "LOVP 23 november 2020",
                "LOVP 5 oktober 2020",
            )
        ]
        assert positions == sorted(positions)

    def test_meeting_list_offers_the_secretariat_a_new_meeting(self, secretariat_client, november):
        response = secretariat_client.get(reverse("agenda:meeting_list"))
        assertContains(response, reverse("agenda:meeting_create"))

    def test_meeting_detail(self, member_client, follow_up, november):
        response = member_client.get(november.get_absolute_url())
        assert response.status_code == 200
        assertContains(response, "<h1>LOVP 23 november 2020</h1>", html=True)
        assertContains(response, "maandag 23 november 2020")
        assertContains(response, "Ministerie van JenV, Den Haag")
        assertContains(response, "Roosterdruk")
        assertContains(response, "De politie is binnen de eenheden bezig met het maken van de plannen.")
        assertContains(response, "Het landelijke plan komt in februari op de agenda.")
        assertContains(response, "Landelijk plan en regionale plannen agenderen")
        assertContains(response, "februari 2021")
        assertContains(response, "28 februari 2021")
        assertContains(response, "Korpschef")
        assertNotContains(response, reverse("agenda:agenda_item_create", args=[november.pk]))

    def test_meeting_detail_shows_what_comes_back_there(self, member_client, follow_up):
        february = MeetingFactory(date=D(2021, 2, 8))
        follow_up.resolve_target()
        follow_up.save()
        response = member_client.get(february.get_absolute_url())
        assert response.status_code == 200
        assertContains(response, "LOVP 8 februari 2021")
        assertContains(response, "Komt terug in deze vergadering")
        assertContains(response, "Landelijk plan en regionale plannen agenderen")
        assertContains(response, "februari 2021 (LOVP 8 februari 2021)")

    def test_meeting_detail_offers_the_secretariat_its_actions(self, secretariat_client, item, november):
        response = secretariat_client.get(november.get_absolute_url())
        assertContains(response, reverse("agenda:agenda_item_create", args=[november.pk]))
        assertContains(response, reverse("agenda:agenda_item_update", args=[november.pk, item.pk]))

    def test_unknown_meeting_is_404(self, member_client):
        assert member_client.get(reverse("agenda:meeting_detail", args=[999999])).status_code == 404

    def test_topic_list(self, member_client, follow_up):
        TopicFactory(name="Rondvraag", is_standing=True)
        response = member_client.get(reverse("agenda:topic_list"))
        assert response.status_code == 200
        assertContains(response, "Roosterdruk")
        assertContains(response, "Rondvraag")
        assertContains(response, "vast agendapunt")
        assertContains(response, reverse("agenda:topic_detail", args=["roosterdruk"]))

    def test_topic_detail(self, member_client, follow_up, roosterdruk, secretariat_user):
        services_postpone(follow_up, secretariat_user)
        response = member_client.get(roosterdruk.get_absolute_url())
        assert response.status_code == 200
        assertContains(response, "<h1>Roosterdruk</h1>", html=True)
        assertContains(response, "Inzetbaarheid en roosterdruk in de GGP.")
        assertContains(response, "LOVP 23 november 2020")
        assertContains(response, "De politie is binnen de eenheden bezig met het maken van de plannen.")
        assertContains(response, "Het landelijke plan komt in februari op de agenda.")
        assertContains(response, "Landelijk plan en regionale plannen agenderen")
        # The postponement is part of the topic's history ...
        assertContains(response, "van februari 2021 naar april 2021")
        assertContains(response, "Niet klaar.")
        # ... and the topic says when it comes back now.
        assertContains(response, "uiterlijk 30 april 2021")

    def test_topic_detail_marks_what_is_overdue(self, member_client, follow_up, roosterdruk, today):
        today(D(2021, 3, 1))
        response = member_client.get(roosterdruk.get_absolute_url())
        assertContains(response, "is-overdue")
        assertContains(response, "over tijd")
        today(D(2021, 2, 28))
        response = member_client.get(roosterdruk.get_absolute_url())
        assertNotContains(response, "is-overdue")


def services_postpone(follow_up, user):
    from decisions.services import followup_postpone

    followup_postpone(
        follow_up=follow_up, target_kind=Kind.MONTH, target_month=D(2021, 4, 1), reason="Niet klaar.", by=user
    )


# --- meetings -----------------------------------------------------------------------------------


def meeting_data(**fields):
    data = {
        "date": "2021-02-08",
        "start_time": "10:00",
        "kind": "regular",
        "location": "Den Haag",
        "notes": "",
    }
    data.update(fields)
    return data


class TestMeetingCreate:
    def test_form_renders(self, secretariat_client):
        response = secretariat_client.get(reverse("agenda:meeting_create"))
        assert response.status_code == 200
        assertContains(response, "Nieuwe vergadering")

    @pytest.mark.parametrize("typed", ["2021-02-08", "08-02-2021", "8-2-2021"])
    def test_create(self, secretariat_client, typed):
        response = secretariat_client.post(reverse("agenda:meeting_create"), meeting_data(date=typed))
        meeting = Meeting.objects.get()
        assertRedirects(response, meeting.get_absolute_url(), fetch_redirect_response=False)
        assert meeting.date == D(2021, 2, 8)
        assert meeting.start_time == datetime.time(10, 0)
        assert meeting.status == Meeting.Status.PLANNED
        assert success_messages(response) == ["De vergadering is aangemaakt."]

    def test_creating_a_meeting_re_points_follow_ups(self, secretariat_client, follow_up):
        assert follow_up.target_meeting is None
        secretariat_client.post(reverse("agenda:meeting_create"), meeting_data(date="2021-02-08"))
        follow_up.refresh_from_db()
        assert follow_up.target_meeting.date == D(2021, 2, 8)

    @pytest.mark.parametrize(
        ("fields", "field", "message"),
        [
            ({"date": "31-02-2021"}, "date", "Voer een geldige datum in."),
            ({"date": ""}, "date", "Vul de datum van de vergadering in."),
            ({"start_time": "25:00"}, "start_time", "Voer een geldige tijd in."),
        ],
    )
    def test_invalid(self, secretariat_client, fields, field, message):
        before = counts()
        response = secretariat_client.post(
            reverse("agenda:meeting_create"), meeting_data(location="Provinciehuis Utrecht", **fields)
        )
        assert response.status_code == 200
        field_error(response, field, message)
        assertContains(response, "Provinciehuis Utrecht")
        for value in fields.values():
            if value:
                assertContains(response, f'value="{value}"')
        assert counts() == before


class TestMeetingUpdate:
    def test_moving_a_meeting_re_points_follow_ups(self, secretariat_client, follow_up):
        february = MeetingFactory(date=D(2021, 2, 8))
        follow_up.resolve_target()
        follow_up.save()
        response = secretariat_client.post(
            reverse("agenda:meeting_update", args=[february.pk]), meeting_data(date="2021-03-01")
        )
        assertRedirects(response, february.get_absolute_url(), fetch_redirect_response=False)
        february.refresh_from_db()
        assert february.date == D(2021, 3, 1)
        follow_up.refresh_from_db()
        assert follow_up.target_meeting is None
        assert follow_up.due_date == D(2021, 2, 28)

    def test_form_shows_the_current_values(self, secretariat_client, november):
        response = secretariat_client.get(reverse("agenda:meeting_update", args=[november.pk]))
        assert response.status_code == 200
        assertContains(response, 'value="2020-11-23"')
        assertContains(response, "LOVP 23 november 2020 wijzigen")


class TestMeetingMarkHeld:
    def test_mark_held(self, secretariat_client):
        meeting = MeetingFactory(date=D(2021, 2, 8))
        response = secretariat_client.post(reverse("agenda:meeting_mark_held", args=[meeting.pk]))
        assertRedirects(response, meeting.get_absolute_url(), fetch_redirect_response=False)
        meeting.refresh_from_db()
        assert meeting.is_held
        assert success_messages(response) == ["De vergadering staat nu als gehouden."]

    def test_mark_held_twice_says_so(self, secretariat_client, november):
        response = secretariat_client.post(reverse("agenda:meeting_mark_held", args=[november.pk]))
        assert response.status_code == 302
        assert error_messages(response) == ["Deze vergadering is al als gehouden gemarkeerd."]

    def test_get_is_not_allowed(self, secretariat_client, november):
        assert (
            secretariat_client.get(reverse("agenda:meeting_mark_held", args=[november.pk])).status_code == 405
        )


class TestMeetingDelete:
    def test_confirm_and_delete(self, secretariat_client):
        meeting = MeetingFactory(date=D(2021, 2, 8))
        url = reverse("agenda:meeting_delete", args=[meeting.pk])
        response = secretariat_client.get(url)
        assert response.status_code == 200
        assertContains(response, "LOVP 8 februari 2021")
        response = secretariat_client.post(url)
        assertRedirects(response, reverse("agenda:meeting_list"), fetch_redirect_response=False)
        assert not Meeting.objects.filter(pk=meeting.pk).exists()

    def test_deleting_re_points_follow_ups(self, secretariat_client, follow_up):
        february = MeetingFactory(date=D(2021, 2, 8))
        follow_up.resolve_target()
        follow_up.save()
        secretariat_client.post(reverse("agenda:meeting_delete", args=[february.pk]))
        follow_up.refresh_from_db()
        assert follow_up.target_meeting is None

    def test_a_meeting_with_agenda_items_stays(self, secretariat_client, item, november):
        response = secretariat_client.post(reverse("agenda:meeting_delete", args=[november.pk]))
        assertRedirects(response, november.get_absolute_url(), fetch_redirect_response=False)
        assert error_messages(response) == [
            "Deze vergadering heeft agendapunten en kan daarom niet worden verwijderd. "
            "U kunt haar wel archiveren."
        ]
        assert Meeting.objects.filter(pk=november.pk).exists()


# --- topics -------------------------------------------------------------------------------------


class TestTopicForms:
    def test_create(self, secretariat_client):
        response = secretariat_client.post(
            reverse("agenda:topic_create"),
            {"name": "Inzet politiehonden", "description": "Na de Zembla-uitzending.", "is_standing": ""},
        )
        topic = Topic.objects.get(name="Inzet politiehonden")
        assert topic.slug == "inzet-politiehonden"
        assertRedirects(response, "/onderwerpen/inzet-politiehonden/", fetch_redirect_response=False)
        assert success_messages(response) == ["Het onderwerp is aangemaakt."]

    def test_duplicate_name_is_refused_in_dutch(self, secretariat_client, roosterdruk):
        before = counts()
        response = secretariat_client.post(
            reverse("agenda:topic_create"), {"name": "Roosterdruk", "description": "Nog eens"}
        )
        assert response.status_code == 200
        field_error(response, "name", "Er is al een onderwerp met bijna dezelfde naam: ‘Roosterdruk’.")
        assertContains(response, "Nog eens")
        assert counts() == before

    @pytest.mark.parametrize("name", ["roosterdruk", "Roosterdruk!"])
    def test_a_name_with_the_same_slug_does_not_crash(self, secretariat_client, roosterdruk, name):
        response = secretariat_client.post(reverse("agenda:topic_create"), {"name": name, "description": ""})
        if response.status_code == 302:
            new = Topic.objects.get(name=name)
            assert new.slug != roosterdruk.slug
        else:
            assert response.status_code == 200
            assert response.context["form"].errors
            assert Topic.objects.count() == 1

    def test_a_name_without_letters_does_not_break_the_topic_list(self, secretariat_client, member_client):
        response = secretariat_client.post(reverse("agenda:topic_create"), {"name": "???", "description": ""})
        assert response.status_code in (200, 302)
        assert member_client.get(reverse("agenda:topic_list")).status_code == 200

    def test_rename_keeps_the_address(self, secretariat_client, roosterdruk):
        response = secretariat_client.post(
            reverse("agenda:topic_update", args=["roosterdruk"]),
            {"name": "Inzetbaarheid en roosterdruk", "description": "", "is_standing": ""},
        )
        assertRedirects(response, "/onderwerpen/roosterdruk/", fetch_redirect_response=False)
        roosterdruk.refresh_from_db()
        assert roosterdruk.name == "Inzetbaarheid en roosterdruk"


# --- the one-screen agenda item form ------------------------------------------------------------


class TestAgendaItemCreate:
    def test_form_renders_with_the_three_prefixes(self, secretariat_client, november):
        response = secretariat_client.get(reverse("agenda:agenda_item_create", args=[november.pk]))
        assert response.status_code == 200
        assertContains(response, "Nieuw agendapunt")
        for name in (
            "item-topic",
            "item-summary",
            "decisions-TOTAL_FORMS",
            "followups-TOTAL_FORMS",
            "followups-0-target_kind",
            "followups-0-target_month",
        ):
            assertContains(response, f'name="{name}"')

    def test_item_with_decisions_and_follow_ups_in_one_post(
        self, secretariat_client, secretariat_user, november, roosterdruk, korpschef
    ):
        february = MeetingFactory(date=D(2021, 2, 8))
        honden = TopicFactory(name="Inzet politiehonden")
        data = agenda_item_data(
            topic=roosterdruk,
            summary="De politie werkt aan een landelijk plan.",
            introducer="Regioburgemeesters",
            decisions=[
                {"text": "Het landelijke plan komt in februari op de agenda.", "kind": "agreement"},
                {"text": "De minister bekijkt aanvullende maatregelen.", "kind": "commitment"},
            ],
            follow_ups=[
                {
                    "description": "Landelijk plan agenderen",
                    "owner": korpschef,
                    "target_kind": "month",
                    "target_month": "2021-02",
                    "promise_text": "in het LOVP van februari",
                },
                {
                    "description": "Zembla-uitzending over politiehonden",
                    "topic": honden,
                    "target_kind": "next_meeting",
                },
                {
                    "description": "Doelen mensenhandel",
                    "owner": korpschef,
                    "target_kind": "period",
                    "target_date": "31-03-2021",
                },
            ],
            blank_extra=True,
        )
        response = secretariat_client.post(reverse("agenda:agenda_item_create", args=[november.pk]), data)

        item = AgendaItem.objects.get()
        assertRedirects(response, item.get_absolute_url(), fetch_redirect_response=False)
        assert success_messages(response) == ["Het agendapunt ‘Roosterdruk’ is opgeslagen."]
        assert (item.meeting, item.topic, item.summary, item.introducer) == (
            november,
            roosterdruk,
            "De politie werkt aan een landelijk plan.",
            "Regioburgemeesters",
        )
        assert item.position == 1
        assert item.created_by == secretariat_user
        assert [(d.text, d.kind) for d in item.decisions.order_by("pk")] == [
            ("Het landelijke plan komt in februari op de agenda.", "agreement"),
            ("De minister bekijkt aanvullende maatregelen.", "commitment"),
        ]
        plan, honden_follow_up, mensenhandel = item.follow_ups.order_by("pk")
        assert item.follow_ups.count() == 3
        assert (plan.topic, plan.owner, plan.target_month, plan.target_meeting, plan.due_date) == (
            roosterdruk,
            korpschef,
            D(2021, 2, 1),
            february,
            D(2021, 2, 28),
        )
        assert plan.promise_text == "in het LOVP van februari"
        assert (honden_follow_up.topic, honden_follow_up.owner, honden_follow_up.target_meeting) == (
            honden,
            None,
            february,
        )
        assert (mensenhandel.target_date, mensenhandel.due_date) == (D(2021, 3, 31), D(2021, 3, 31))

    def test_next_item_goes_last_and_save_and_add(self, secretariat_client, item, november, roosterdruk):
        data = agenda_item_data(topic=TopicFactory(name="BOA"), summary="Kort gesproken.")
        data["save_and_add"] = "1"
        response = secretariat_client.post(reverse("agenda:agenda_item_create", args=[november.pk]), data)
        assertRedirects(
            response, reverse("agenda:agenda_item_create", args=[november.pk]), fetch_redirect_response=False
        )
        new = AgendaItem.objects.get(topic__name="BOA")
        assert new.position == item.position + 1

    def test_an_empty_summary_is_fine(self, secretariat_client, november, roosterdruk):
        response = secretariat_client.post(
            reverse("agenda:agenda_item_create", args=[november.pk]), agenda_item_data(topic=roosterdruk)
        )
        assert response.status_code == 302
        assert AgendaItem.objects.get().summary == ""

    @pytest.mark.parametrize(
        ("change", "field_id", "message"),
        [
            ({"item-topic": ""}, "item-topic", "Kies het onderwerp van dit agendapunt."),
            (
                {"followups-0-target_month": ""},
                "followups-0-target_month",
                "Vul de maand in waarin het terugkomt.",
            ),
            (
                {"followups-0-target_month": "2021-13"},
                "followups-0-target_month",
                "Vul een maand in, bijvoorbeeld 2021-02 of februari 2021.",
            ),
            (
                {"followups-0-target_kind": "date", "followups-0-target_date": "31-02-2021"},
                "followups-0-target_date",
                "Voer een geldige datum in.",
            ),
            (
                {"followups-0-description": ""},
                "followups-0-description",
                "Beschrijf wat er terug moet komen.",
            ),
            ({"decisions-0-text": ""}, "decisions-0-text", "Schrijf op wat er is afgesproken"),
        ],
    )
    def test_invalid_post_keeps_what_was_typed_and_saves_nothing(
        self, secretariat_client, november, roosterdruk, korpschef, change, field_id, message
    ):
        data = agenda_item_data(
            topic=roosterdruk,
            summary="Afgesproken is dat het landelijke plan in februari terugkomt.",
            decisions=[{"text": "Landelijk plan in februari op de agenda."}],
            follow_ups=[
                {
                    "description": "Landelijk plan agenderen",
                    "owner": korpschef,
                    "target_kind": "month",
                    "target_month": "februari 2021",
                }
            ],
        )
        if change.get("decisions-0-text") == "":
            # A decision row with text removed but its kind changed is not an "empty extra" row.
            data["decisions-0-kind"] = "commitment"
        data.update(change)
        before = counts()

        response = secretariat_client.post(reverse("agenda:agenda_item_create", args=[november.pk]), data)

        assert response.status_code == 200
        field_error(response, field_id, message)
        assertContains(response, "Het agendapunt is niet opgeslagen. Verbeter de fouten hieronder.")
        assertContains(response, "Afgesproken is dat het landelijke plan in februari terugkomt.")
        for key in ("decisions-0-text", "followups-0-description", "followups-0-target_month"):
            if data[key]:
                assertContains(response, escape(data[key]))
        assert counts() == before

    def test_member_cannot_post(self, member_client, november, roosterdruk):
        before = counts()
        response = member_client.post(
            reverse("agenda:agenda_item_create", args=[november.pk]), agenda_item_data(topic=roosterdruk)
        )
        assert response.status_code == 403
        assert counts() == before


class TestAgendaItemUpdate:
    def existing(self, item, follow_up, **overrides):
        decision = item.decisions.get()
        follow_up_row = {
            "id": follow_up.pk,
            "description": follow_up.description,
            "owner": follow_up.owner,
            "topic": follow_up.topic,
            "target_kind": follow_up.target_kind,
            "target_month": "2021-02",
            "promise_text": follow_up.promise_text,
        }
        follow_up_row.update(overrides.pop("row", {}))
        data = {
            "topic": item.topic,
            "summary": item.summary,
            "decisions": [{"id": decision.pk, "text": decision.text, "kind": decision.kind}],
            "follow_ups": [follow_up_row],
        }
        data.update(overrides)
        return data

    def test_form_shows_the_existing_rows(self, secretariat_client, follow_up, item, november):
        response = secretariat_client.get(reverse("agenda:agenda_item_update", args=[november.pk, item.pk]))
        assert response.status_code == 200
        assertContains(response, "‘Roosterdruk’ wijzigen")
        assertContains(response, "De politie is binnen de eenheden bezig met het maken van de plannen.")
        assertContains(response, "Het landelijke plan komt in februari op de agenda.")
        assertContains(response, "Landelijk plan en regionale plannen agenderen")
        assertContains(response, 'value="2021-02"')

    def test_edit_summary_change_target_remove_decision_add_follow_up(
        self, secretariat_client, follow_up, item, november, korpschef
    ):
        april = MeetingFactory(date=D(2021, 4, 12))
        spec = self.existing(
            item, follow_up, row={"target_month": "april 2021"}, summary="Bijgewerkt verslag."
        )
        spec["decisions"][0]["DELETE"] = True
        spec["follow_ups"].append(
            {
                "description": "Vakbonden terugkoppelen",
                "owner": korpschef,
                "target_kind": "meeting",
                "target_meeting": april,
            }
        )
        response = secretariat_client.post(
            reverse("agenda:agenda_item_update", args=[november.pk, item.pk]), agenda_item_data(**spec)
        )
        assert response.status_code == 302, response.context and response.context["form"].errors
        item.refresh_from_db()
        assert item.summary == "Bijgewerkt verslag."
        assert not item.decisions.exists()
        follow_up.refresh_from_db()
        assert (follow_up.target_month, follow_up.target_meeting, follow_up.due_date) == (
            D(2021, 4, 1),
            april,
            D(2021, 4, 30),
        )
        added = item.follow_ups.get(description="Vakbonden terugkoppelen")
        assert (added.target_meeting, added.due_date, added.topic) == (april, D(2021, 4, 12), item.topic)

    def test_a_follow_up_without_history_can_be_removed(self, secretariat_client, follow_up, item, november):
        spec = self.existing(item, follow_up, row={"DELETE": True})
        response = secretariat_client.post(
            reverse("agenda:agenda_item_update", args=[november.pk, item.pk]), agenda_item_data(**spec)
        )
        assert response.status_code == 302
        assert not FollowUp.objects.filter(pk=follow_up.pk).exists()

    @pytest.mark.parametrize("history", ["postponed", "done"])
    def test_a_follow_up_with_history_cannot_be_removed(
        self, secretariat_client, secretariat_user, follow_up, item, november, history
    ):
        if history == "postponed":
            services_postpone(follow_up, secretariat_user)
        else:
            follow_up.mark_done(resolution="Besproken.", meeting=november, by=secretariat_user)
            follow_up.save()
        follow_up.refresh_from_db()
        month = follow_up.target_month.strftime("%Y-%m")
        spec = self.existing(item, follow_up, row={"DELETE": True, "target_month": month})
        before = counts()
        response = secretariat_client.post(
            reverse("agenda:agenda_item_update", args=[november.pk, item.pk]), agenda_item_data(**spec)
        )
        assert counts() == before, "the follow-up (and any postponement history) was deleted"
        assert response.status_code == 200
        assertContains(
            response,
            "Deze vervolgactie heeft al een geschiedenis en kan niet worden verwijderd. Laat haar vervallen.",
        )
        assert counts() == before

    def test_item_from_another_meeting_is_404(self, secretariat_client, item):
        other = MeetingFactory(date=D(2021, 2, 8))
        response = secretariat_client.get(reverse("agenda:agenda_item_update", args=[other.pk, item.pk]))
        assert response.status_code == 404


class TestAgendaItemDelete:
    def test_an_item_without_follow_ups_can_be_deleted(self, secretariat_client, item, november):
        url = reverse("agenda:agenda_item_delete", args=[november.pk, item.pk])
        assert secretariat_client.get(url).status_code == 200
        response = secretariat_client.post(url)
        assertRedirects(response, november.get_absolute_url(), fetch_redirect_response=False)
        assert not AgendaItem.objects.filter(pk=item.pk).exists()

    def test_an_item_with_follow_ups_stays(self, secretariat_client, follow_up, item, november):
        response = secretariat_client.post(reverse("agenda:agenda_item_delete", args=[november.pk, item.pk]))
        assert response.status_code == 302
        assert error_messages(response) == [
            "Dit agendapunt heeft vervolgacties en kan niet worden verwijderd."
        ]
        assert AgendaItem.objects.filter(pk=item.pk).exists()


# --- language -------------------------------------------------------------------------------------


class TestLanguage:
    def test_dutch_even_when_the_browser_asks_for_english(self, member_client, november):
        response = member_client.get(november.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        assert response["Content-Language"] == "nl"
        assertContains(response, '<html lang="nl">')
        assertContains(response, "LOVP 23 november 2020")
        assertContains(response, "maandag 23 november 2020")

    def test_the_language_switch_sets_a_cookie(self, member_client, november):
        url = november.get_absolute_url()
        response = member_client.post(
            reverse("set_language"), {"language": "en", "next": url}, HTTP_ACCEPT_LANGUAGE="nl"
        )
        assertRedirects(response, url, fetch_redirect_response=False)
        assert response.cookies["django_language"].value == "en"

        response = member_client.get(url)
        assert response["Content-Language"] == "en"
        assertContains(response, '<html lang="en">')
        assertContains(response, "23 November 2020")

        member_client.post(reverse("set_language"), {"language": "nl", "next": url})
        response = member_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response["Content-Language"] == "nl"
        assertContains(response, "maandag 23 november 2020")

    def test_form_errors_follow_the_language(self, secretariat_client):
        secretariat_client.post(reverse("set_language"), {"language": "en", "next": "/"})
        response = secretariat_client.post(reverse("agenda:meeting_create"), meeting_data(date=""))
        assert response.status_code == 200
        assertContains(response, "Enter the date of the meeting.")

    def test_an_unknown_language_cookie_falls_back_to_dutch(self, member_client, november):
        member_client.cookies["django_language"] = "xx"
        response = member_client.get(november.get_absolute_url())
        assert response["Content-Language"] == "nl"

    def test_the_login_page_is_dutch_for_anonymous_visitors(self, anonymous_client):
        response = anonymous_client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
        assert response.status_code == 200
        assert response["Content-Language"] == "nl"
