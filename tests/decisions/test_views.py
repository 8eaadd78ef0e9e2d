import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from decisions.models import FollowUp, Postponement
from tests.conftest import error_messages, success_messages
from tests.factories import AgendaItemFactory, DecisionFactory, FollowUpFactory, MeetingFactory, TopicFactory

pytestmark = pytest.mark.django_db

D = datetime.date
Kind = FollowUp.TargetKind
Status = FollowUp.Status


def field_error(response, field_id: str, message: str):
    content = response.content.decode()
    marker = f'id="error_1_id_{field_id}"'
    assert marker in content, f"no error rendered beside {field_id}"
    assert message in content[content.index(marker) :][:400]


@pytest.fixture
def november():
    return MeetingFactory(date=D(2020, 11, 23), held=True)


@pytest.fixture
def february():
    return MeetingFactory(date=D(2021, 2, 8))


@pytest.fixture
def item(november):
    return AgendaItemFactory(meeting=november, topic=TopicFactory(name="Bewaken en beveiligen"))


@pytest.fixture
def follow_up(item, korpschef, february):
    return FollowUpFactory(
        agenda_item=item,
        description="Monitoring druk op de basisteams bespreken",
        owner=korpschef,
        target_kind=Kind.MONTH,
        target_month=D(2021, 2, 1),
        promise_text="in het LOVP van februari",
    )


def postpone_data(**fields):
    data = {
        "target_kind": "month",
        "target_meeting": "",
        "target_month": "2021-04",
        "target_date": "",
        "promise_text": "in april",
        "reason": "De teams Bewaken en Beveiligen starten later.",
    }
    data.update(fields)
    return data


class TestReadPages:
    def test_list(self, member_client, follow_up, today):
        today(D(2021, 1, 15))
        done = FollowUpFactory(
            agenda_item=follow_up.agenda_item, description="Vuurwerkverbod toelichten", done=True
        )
        response = member_client.get(reverse("decisions:followup_list"))
        assert response.status_code == 200
        assertContains(response, "Monitoring druk op de basisteams bespreken")
        assertContains(response, done.description)
        assertContains(response, "Bewaken en beveiligen")
        assertContains(response, "Korpschef")
        assertContains(response, "februari 2021 (LOVP 8 februari 2021)")
        assertContains(response, "28 februari 2021")
        assertContains(response, "LOVP 23 november 2020")
        assertContains(response, "afgerond")
        assertNotContains(response, "status-overdue")

    def test_list_marks_overdue(self, member_client, follow_up, today):
        today(D(2021, 3, 1))
        response = member_client.get(reverse("decisions:followup_list"))
        assertContains(response, "status-overdue")

    def test_detail(self, member_client, follow_up, today):
        today(D(2021, 1, 15))
        response = member_client.get(follow_up.get_absolute_url())
        assert response.status_code == 200
        assertContains(response, "<h1>Monitoring druk op de basisteams bespreken</h1>", html=True)
        assertContains(response, "LOVP 23 november 2020, Bewaken en beveiligen")
        assertContains(response, "“in het LOVP van februari”")
        assertContains(response, "februari 2021 (LOVP 8 februari 2021)")
        assertContains(response, "28 februari 2021")
        assertContains(response, "Deze vervolgactie is nog niet uitgesteld.")
        assert response.context["is_overdue"] is False
        # A member reads but gets no buttons.
        assertNotContains(response, reverse("decisions:followup_postpone", args=[follow_up.pk]))

    def test_detail_says_when_it_is_overdue(self, member_client, follow_up, february, today):
        february.mark_held()
        february.save()
        today(D(2021, 2, 8))
        response = member_client.get(follow_up.get_absolute_url())
        assert response.context["is_overdue"] is True
        assertContains(response, "Deze vervolgactie is over tijd")

    def test_detail_buttons_for_the_secretariat(self, secretariat_client, follow_up):
        response = secretariat_client.get(follow_up.get_absolute_url())
        for name in ("followup_postpone", "followup_resolve", "followup_drop", "followup_update"):
            assertContains(response, reverse(f"decisions:{name}", args=[follow_up.pk]))
        assertNotContains(response, reverse("decisions:followup_reopen", args=[follow_up.pk]))

    def test_unknown_follow_up_is_404(self, member_client):
        assert member_client.get(reverse("decisions:followup_detail", args=[999999])).status_code == 404


class TestCreateAndUpdate:
    def test_create_for_an_agenda_item(self, secretariat_client, item, korpschef, february):
        decision = DecisionFactory(agenda_item=item, text="Dit wordt goed gemonitord.")
        response = secretariat_client.post(
            reverse("decisions:followup_create", args=[item.pk]),
            {
                "description": "Druk op het stelsel bespreken",
                "topic": "",
                "owner": korpschef.pk,
                "decision": decision.pk,
                "promise_text": "in april",
                "target_kind": "month",
                "target_month": "april 2021",
                "target_meeting": "",
                "target_date": "",
            },
        )
        follow_up = FollowUp.objects.get()
        assertRedirects(response, follow_up.get_absolute_url(), fetch_redirect_response=False)
        assert (follow_up.agenda_item, follow_up.topic, follow_up.decision, follow_up.owner) == (
            item,
            item.topic,
            decision,
            korpschef,
        )
        assert (follow_up.target_month, follow_up.due_date) == (D(2021, 4, 1), D(2021, 4, 30))
        assert success_messages(response) == ["De vervolgactie is toegevoegd."]

    def test_create_invalid_keeps_the_text(self, secretariat_client, item):
        response = secretariat_client.post(
            reverse("decisions:followup_create", args=[item.pk]),
            {"description": "Druk op het stelsel bespreken", "target_kind": "meeting", "target_meeting": ""},
        )
        assert response.status_code == 200
        field_error(response, "target_meeting", "Kies de vergadering waarin het terugkomt.")
        assertContains(response, "Druk op het stelsel bespreken")
        assert not FollowUp.objects.exists()

    def test_update_re_resolves_the_target(self, secretariat_client, follow_up, korpschef):
        april = MeetingFactory(date=D(2021, 4, 12))
        response = secretariat_client.post(
            reverse("decisions:followup_update", args=[follow_up.pk]),
            {
                "version": follow_up.version,
                "description": "Monitoring bespreken",
                "topic": "",
                "owner": korpschef.pk,
                "decision": "",
                "promise_text": "",
                "target_kind": "meeting",
                "target_meeting": april.pk,
                "target_month": "2021-02",
                "target_date": "",
            },
        )
        assertRedirects(response, follow_up.get_absolute_url(), fetch_redirect_response=False)
        follow_up.refresh_from_db()
        assert follow_up.description == "Monitoring bespreken"
        assert follow_up.topic.name == "Bewaken en beveiligen"
        assert (
            follow_up.target_kind,
            follow_up.target_meeting,
            follow_up.target_month,
            follow_up.due_date,
        ) == (Kind.MEETING, april, None, D(2021, 4, 12))

    def test_update_form_shows_current_values(self, secretariat_client, follow_up):
        response = secretariat_client.get(reverse("decisions:followup_update", args=[follow_up.pk]))
        assert response.status_code == 200
        assertContains(response, "Monitoring druk op de basisteams bespreken")
        assertContains(response, 'value="2021-02"')


class TestPostpone:
    def test_form_renders(self, secretariat_client, follow_up):
        response = secretariat_client.get(reverse("decisions:followup_postpone", args=[follow_up.pk]))
        assert response.status_code == 200
        assertContains(response, "Vervolgactie uitstellen")
        assertContains(response, "februari 2021 (LOVP 8 februari 2021)")

    def test_postpone_and_see_the_history(
        self, secretariat_client, secretariat_user, member_client, follow_up, today
    ):
        today(D(2021, 2, 8))
        response = secretariat_client.post(
            reverse("decisions:followup_postpone", args=[follow_up.pk]), postpone_data()
        )
        assertRedirects(response, follow_up.get_absolute_url(), fetch_redirect_response=False)
        assert success_messages(response) == ["De vervolgactie is uitgesteld."]
        postponement = Postponement.objects.get()
        assert (postponement.previous_target_label, postponement.new_target_label) == (
            "februari 2021 (LOVP 8 februari 2021)",
            "april 2021",
        )
        assert postponement.postponed_by == secretariat_user
        follow_up.refresh_from_db()
        assert (follow_up.target_month, follow_up.due_date, follow_up.postponement_count) == (
            D(2021, 4, 1),
            D(2021, 4, 30),
            1,
        )
        assert follow_up.promise_text == "in april"

        response = member_client.get(follow_up.get_absolute_url())
        assertContains(response, "8 februari 2021")
        assertContains(response, "De teams Bewaken en Beveiligen starten later.")
        assertContains(response, "Sanne Secretaris")
        assertContains(response, "<td>april 2021</td>", html=True)
        assertContains(response, "<td>februari 2021 (LOVP 8 februari 2021)</td>", html=True)

    @pytest.mark.parametrize(
        ("fields", "field", "message"),
        [
            ({"target_month": ""}, "target_month", "Vul de maand in waarin het terugkomt."),
            (
                {"target_month": "foo"},
                "target_month",
                "Vul een maand in, bijvoorbeeld 2021-02 of februari 2021.",
            ),
            (
                {"target_kind": "date", "target_date": "31-02-2021"},
                "target_date",
                "Voer een geldige datum in.",
            ),
            ({"target_kind": "meeting"}, "target_meeting", "Kies de vergadering waarin het terugkomt."),
            ({"reason": ""}, "reason", "Schrijf op waarom het later terugkomt."),
        ],
    )
    def test_invalid_keeps_what_was_typed(self, secretariat_client, follow_up, fields, field, message):
        data = postpone_data(**fields)
        response = secretariat_client.post(reverse("decisions:followup_postpone", args=[follow_up.pk]), data)
        assert response.status_code == 200
        field_error(response, field, message)
        if data["reason"]:
            assertContains(response, data["reason"])
        for value in fields.values():
            if value and value not in ("date", "meeting"):
                assertContains(response, f'value="{value}"')
        assert not Postponement.objects.exists()
        follow_up.refresh_from_db()
        assert follow_up.target_month == D(2021, 2, 1)

    def test_a_done_follow_up_is_not_postponed(self, secretariat_client, follow_up, secretariat_user):
        follow_up.mark_done(resolution="Besproken.", meeting=None, by=secretariat_user)
        follow_up.save()
        response = secretariat_client.post(
            reverse("decisions:followup_postpone", args=[follow_up.pk]), postpone_data()
        )
        assertRedirects(response, follow_up.get_absolute_url(), fetch_redirect_response=False)
        assert error_messages(response) == ["Een vervolgactie die afgerond is, kan niet worden uitgesteld."]
        assert not Postponement.objects.exists()


class TestResolveDropReopen:
    def test_resolve(self, secretariat_client, secretariat_user, member_client, follow_up, february):
        url = reverse("decisions:followup_resolve", args=[follow_up.pk])
        assert secretariat_client.get(url).status_code == 200
        response = secretariat_client.post(
            url, {"resolution": "Plan besproken in februari.", "meeting": february.pk}
        )
        assertRedirects(response, follow_up.get_absolute_url(), fetch_redirect_response=False)
        assert success_messages(response) == ["De vervolgactie is afgerond."]
        follow_up.refresh_from_db()
        assert (follow_up.status, follow_up.resolution, follow_up.resolved_in, follow_up.resolved_by) == (
            Status.DONE,
            "Plan besproken in februari.",
            february,
            secretariat_user,
        )
        response = member_client.get(follow_up.get_absolute_url())
        assertContains(response, "Plan besproken in februari. (LOVP 8 februari 2021)")
        # ... and the February meeting lists it as resolved there.
        response = member_client.get(february.get_absolute_url())
        assertContains(response, "Afgehandeld in deze vergadering")
        assertContains(response, "Monitoring druk op de basisteams bespreken")

    def test_resolve_needs_a_resolution(self, secretariat_client, follow_up):
        response = secretariat_client.post(
            reverse("decisions:followup_resolve", args=[follow_up.pk]), {"resolution": ""}
        )
        assert response.status_code == 200
        field_error(response, "resolution", "Schrijf kort op hoe het is afgehandeld.")
        follow_up.refresh_from_db()
        assert follow_up.status == Status.OPEN

    def test_drop(self, secretariat_client, follow_up):
        url = reverse("decisions:followup_drop", args=[follow_up.pk])
        assert secretariat_client.get(url).status_code == 200
        response = secretariat_client.post(
            url, {"reason": "Achterhaald door de nieuwe aanpak.", "meeting": ""}
        )
        assertRedirects(response, follow_up.get_absolute_url(), fetch_redirect_response=False)
        follow_up.refresh_from_db()
        assert (follow_up.status, follow_up.resolution, follow_up.resolved_in) == (
            Status.DROPPED,
            "Achterhaald door de nieuwe aanpak.",
            None,
        )

    def test_drop_needs_a_reason(self, secretariat_client, follow_up):
        response = secretariat_client.post(
            reverse("decisions:followup_drop", args=[follow_up.pk]), {"reason": ""}
        )
        assert response.status_code == 200
        field_error(response, "reason", "Schrijf kort op waarom het vervalt.")
        follow_up.refresh_from_db()
        assert follow_up.status == Status.OPEN

    @pytest.mark.parametrize("name", ["followup_resolve", "followup_drop"])
    def test_closing_twice_says_so(self, secretariat_client, secretariat_user, follow_up, name):
        follow_up.drop(reason="Vervallen.", meeting=None, by=secretariat_user)
        follow_up.save()
        response = secretariat_client.post(
            reverse(f"decisions:{name}", args=[follow_up.pk]),
            {"resolution": "Toch gedaan.", "reason": "Nogmaals."},
        )
        assertRedirects(response, follow_up.get_absolute_url(), fetch_redirect_response=False)
        assert error_messages(response) == ["Deze vervolgactie is al vervallen."]
        follow_up.refresh_from_db()
        assert (follow_up.status, follow_up.resolution) == (Status.DROPPED, "Vervallen.")

    def test_reopen(self, secretariat_client, secretariat_user, follow_up):
        follow_up.mark_done(resolution="Klaar.", meeting=None, by=secretariat_user)
        follow_up.save()
        page = secretariat_client.get(follow_up.get_absolute_url())
        assertContains(page, reverse("decisions:followup_reopen", args=[follow_up.pk]))
        response = secretariat_client.post(reverse("decisions:followup_reopen", args=[follow_up.pk]))
        assertRedirects(response, follow_up.get_absolute_url(), fetch_redirect_response=False)
        assert success_messages(response) == ["De vervolgactie staat weer open."]
        follow_up.refresh_from_db()
        assert (follow_up.status, follow_up.resolution, follow_up.resolved_by) == (Status.OPEN, "", None)

    def test_reopen_an_open_follow_up_says_so(self, secretariat_client, follow_up):
        response = secretariat_client.post(reverse("decisions:followup_reopen", args=[follow_up.pk]))
        assert response.status_code == 302
        assert error_messages(response) == ["Deze vervolgactie staat nog open."]

    def test_reopen_is_post_only(self, secretariat_client, follow_up):
        assert (
            secretariat_client.get(reverse("decisions:followup_reopen", args=[follow_up.pk])).status_code
            == 405
        )


class TestDashboard:
    def test_counts_and_overdue(self, member_client, follow_up, item, today):
        today(D(2021, 3, 1))
        FollowUpFactory(
            agenda_item=item,
            description="Nog niet aan de beurt",
            target_kind=Kind.DATE,
            target_date=D(2021, 6, 1),
        )
        response = member_client.get(reverse("dashboard"))
        assert response.status_code == 200
        assert response.context["counts"]["open"] == 2
        assert response.context["counts"]["overdue"] == 1
        assertContains(response, "Stand van zaken op 1 maart 2021.")
        assertContains(response, "Over tijd bij Korpschef")
        assertContains(response, "Monitoring druk op de basisteams bespreken")

    def test_next_meeting(self, member_client, follow_up, february, today):
        today(D(2021, 1, 15))
        response = member_client.get(reverse("dashboard"))
        assert response.context["next_meeting"] == february
        assert response.context["counts"]["due_next"] == 1
        assertContains(response, "LOVP 8 februari 2021")

    def test_the_count_cards_link_to_the_follow_ups_they_count(self, member_client, follow_up, item, today):
        today(D(2021, 3, 1))
        april = MeetingFactory(date=D(2021, 4, 12))
        later = FollowUpFactory(
            agenda_item=item,
            description="Komt in april terug",
            target_kind=Kind.MEETING,
            target_meeting=april,
        )
        undated = FollowUpFactory(
            agenda_item=item, description="Zonder termijn", target_kind=Kind.UNSPECIFIED
        )
        FollowUpFactory(agenda_item=item, description="Al afgerond", done=True)
        dashboard = member_client.get(reverse("dashboard"))
        assert dashboard.context["counts"]["overdue"] == 1
        # Due at the next meeting: targeted at it, or due on or before its date (so also what is over time).
        assert dashboard.context["counts"]["due_next"] == 2
        assert dashboard.context["counts"]["open"] == 3

        list_url = reverse("decisions:followup_list")
        for query, expected in [
            ("?overdue=1", {follow_up.description}),
            ("?next_meeting=1", {follow_up.description, later.description}),
            (
                "?status=open&status=scheduled",
                {follow_up.description, later.description, undated.description},
            ),
        ]:
            assertContains(dashboard, f'href="{list_url}{query.replace("&", "&amp;")}"')
            response = member_client.get(list_url + query)
            assert response.status_code == 200
            for description in (
                "Monitoring druk op de basisteams bespreken",
                "Komt in april terug",
                "Zonder termijn",
                "Al afgerond",
            ):
                if description in expected:
                    assertContains(response, description)
                else:
                    assertNotContains(response, description)
