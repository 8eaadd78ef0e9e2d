"""Issue 4, the draft agenda through the web (agenda/draft_views.py): the secretariat reviews, reorders,
edits and publishes; members get 403 on all of that, see "Het secretariaat bereidt de agenda voor"
while the agenda is a draft, and the agenda itself once it is published (also printable).

Same scenario as tests/agenda/test_draft_agenda.py: the demo data in January 2021, meeting 2
(8 February 2021) planned, the clock at 15 January 2021.
"""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from agenda import services, tasks
from agenda.models import DraftAgendaLine, Meeting
from decisions.models import FollowUp
from lovp.models import User
from tests.conftest import error_messages, success_messages

pytestmark = pytest.mark.django_db

D = datetime.date
DRAFT_URL = "/vergaderingen/2/conceptagenda/"
HIDDEN = "Het secretariaat bereidt de agenda voor."


@pytest.fixture
def february(demo_data, today):
    Meeting.objects.filter(pk=2).update(
        status=Meeting.Status.PLANNED, agenda_status=Meeting.AgendaStatus.NONE
    )
    today(D(2021, 1, 15))
    return Meeting.objects.get(pk=2)


@pytest.fixture
def draft(february):
    services.draft_agenda_build(meeting=february, on=D(2021, 1, 15))
    return february


def line_for(meeting, *, follow_up=None, standing=None) -> DraftAgendaLine:
    if standing:
        return meeting.draft_lines.get(follow_up__isnull=True, agenda_item__topic__slug=standing)
    return meeting.draft_lines.get(follow_up_id=follow_up)


def decide(client, line: DraftAgendaLine, decision: str):
    return client.post(
        reverse("agenda:draft_line_decide", args=[line.meeting_id, line.pk]), {"decision": decision}
    )


def decide_all(client, meeting, *, rejected=()):
    for line in meeting.draft_lines.select_related("agenda_item__topic"):
        key = line.follow_up_id or line.agenda_item.topic.slug
        response = decide(client, line, "rejected" if key in rejected else "accepted")
        assert response.status_code == 302


def agenda_headings(response) -> list[str]:
    """The headings of the agenda items on a meeting page, without their numbers."""
    html = response.content.decode()
    return re.findall(r'<h3 id="agendapunt-\d+-kop">\s*\d+\.\s*(.*?)\s*</h3>', html, flags=re.S)


def section(html: str, marker: str) -> str:
    """The <section> of the page that contains `marker`."""
    start = html.rindex("<section", 0, html.index(marker))
    return html[start : html.index("</section>", start)]


class TestDraftPage:
    def test_shows_each_line_with_its_reason(self, draft, secretariat_client):
        response = secretariat_client.get(DRAFT_URL)
        assert response.status_code == 200
        html = response.content.decode()
        assert "<h1>Conceptagenda LOVP 8 februari 2021</h1>" in html
        assert "6 voorgesteld, 0 opgenomen, 0 afgewezen." in html
        for pk in (1, 2, 5, 6):
            line = line_for(draft, follow_up=pk)
            block = section(html, f'id="regel-{line.pk}"')
            assert f'href="/vervolgacties/{pk}/"' in block
            assert "Reden: terugkomafspraak uit LOVP 23 november 2020" in block
        mededelingen = section(html, f'id="regel-{line_for(draft, standing="mededelingen").pk}"')
        assert "Mededelingen" in mededelingen and "Reden: vast agendapunt" in mededelingen
        assert html.count('value="accepted"') == 6 and html.count('value="rejected"') == 6

    def test_the_page_does_not_grow_its_queries_with_its_lines(
        self, draft, secretariat_client, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(20) as small:
            secretariat_client.get(DRAFT_URL)
        for n in range(15):
            DraftAgendaLine.objects.create(
                meeting=draft,
                agenda_item=line_for(draft, follow_up=1).agenda_item,
                reason=f"extra regel {n}",
                follow_up=FollowUp.objects.create(
                    agenda_item_id=1,
                    topic_id=line_for(draft, follow_up=1).follow_up.topic_id,
                    description=f"Extra {n}",
                ),
            )
        with django_assert_max_num_queries(len(small)):
            assertContains(secretariat_client.get(DRAFT_URL), "21 voorgesteld")

    def test_build_from_the_page(self, february, secretariat_client):
        response = secretariat_client.post(reverse("agenda:draft_agenda_build", args=[2]))
        assertRedirects(response, DRAFT_URL, fetch_redirect_response=False)
        assert success_messages(response) == ["De conceptagenda is bijgewerkt: 6 nieuwe regels."]
        assert february.draft_lines.count() == 6

        response = secretariat_client.post(reverse("agenda:draft_agenda_build", args=[2]), follow=True)
        assertContains(response, "Er is niets nieuws voor de conceptagenda.")
        assert february.draft_lines.count() == 6

    def test_no_build_for_a_held_meeting(self, demo_data, secretariat_client):
        response = secretariat_client.post(reverse("agenda:draft_agenda_build", args=[2]))
        assert error_messages(response) == [
            "Deze vergadering is al gehouden; er komt geen conceptagenda meer."
        ]
        assert not DraftAgendaLine.objects.exists()


class TestReview:
    def test_accept_and_reject(self, draft, secretariat_client):
        line = line_for(draft, follow_up=1)
        response = decide(secretariat_client, line, "accepted")
        assertRedirects(response, f"{DRAFT_URL}#regel-{line.pk}", fetch_redirect_response=False)
        assert line_for(draft, follow_up=1).decision == "accepted"

        decide(secretariat_client, line_for(draft, standing="rondvraag"), "rejected")
        assert line_for(draft, standing="rondvraag").decision == "rejected"
        assertContains(secretariat_client.get(DRAFT_URL), "4 voorgesteld, 1 opgenomen, 1 afgewezen.")

    def test_an_unknown_decision_is_refused(self, draft, secretariat_client):
        response = decide(secretariat_client, line_for(draft, follow_up=1), "misschien")
        assert error_messages(response) == ["Kies ‘opnemen’ of ‘afwijzen’."]
        assert line_for(draft, follow_up=1).decision == "proposed"

    def test_a_line_of_another_meeting_is_not_found(self, draft, secretariat_client):
        line = line_for(draft, follow_up=1)
        response = secretariat_client.post(
            reverse("agenda:draft_line_decide", args=[1, line.pk]), {"decision": "accepted"}
        )
        assert response.status_code == 404
        assert line_for(draft, follow_up=1).decision == "proposed"

    def test_move_a_line_up_and_down(self, draft, secretariat_client):
        item = line_for(draft, follow_up=1).agenda_item
        first, second = item.draft_lines.order_by("position", "pk")
        url = reverse("agenda:draft_line_move", args=[2, second.pk])

        response = secretariat_client.post(url, {"direction": "up"})
        assertRedirects(response, f"{DRAFT_URL}#regel-{second.pk}", fetch_redirect_response=False)
        assert list(item.draft_lines.order_by("position").values_list("pk", flat=True)) == [
            second.pk,
            first.pk,
        ]

        secretariat_client.post(url, {"direction": "down"})
        assert list(item.draft_lines.order_by("position").values_list("pk", flat=True)) == [
            first.pk,
            second.pk,
        ]

    def test_move_an_agenda_item_up_and_down(self, draft, secretariat_client):
        def order():
            return list(draft.agenda_items.order_by("position", "pk").values_list("pk", flat=True))

        items = order()
        moved = items[-1]
        url = reverse("agenda:agenda_item_move", args=[2, moved])
        response = secretariat_client.post(url, {"direction": "up"})
        assertRedirects(response, f"{DRAFT_URL}#agendapunt-{moved}", fetch_redirect_response=False)
        assert order() == [*items[:-2], moved, items[-2]]
        secretariat_client.post(url, {"direction": "down"})
        assert order() == items
        # The page shows them in that order, numbered.
        html = secretariat_client.get(DRAFT_URL).content.decode()
        offsets = [html.index(f'id="agendapunt-{pk}"') for pk in items]
        assert offsets == sorted(offsets)

    def test_edit_a_line(self, draft, secretariat_client):
        line = line_for(draft, follow_up=5)
        url = reverse("agenda:draft_line_update", args=[2, line.pk])
        response = secretariat_client.get(url)
        assertContains(response, "Regel van de conceptagenda wijzigen")
        assertContains(response, "terugkomafspraak uit LOVP 23 november 2020")

        response = secretariat_client.post(
            url, {"reason": "Samen met de ontwikkelagenda ICT", "origin_text": "in februari bespreken"}
        )
        assertRedirects(response, f"{DRAFT_URL}#regel-{line.pk}", fetch_redirect_response=False)
        assert success_messages(response) == ["De regel is opgeslagen."]
        line.refresh_from_db()
        assert (line.reason, line.origin_text, line.decision) == (
            "Samen met de ontwikkelagenda ICT",
            "in februari bespreken",
            "proposed",
        )
        # A re-build leaves the edit alone.
        secretariat_client.post(reverse("agenda:draft_agenda_build", args=[2]))
        line.refresh_from_db()
        assert line.reason == "Samen met de ontwikkelagenda ICT"

    def test_a_line_needs_a_reason(self, draft, secretariat_client):
        line = line_for(draft, follow_up=5)
        response = secretariat_client.post(
            reverse("agenda:draft_line_update", args=[2, line.pk]), {"reason": "", "origin_text": ""}
        )
        assert response.status_code == 200
        line.refresh_from_db()
        assert line.reason == "terugkomafspraak uit LOVP 23 november 2020"


class TestPublish:
    def test_refused_while_lines_are_proposed(self, draft, secretariat_client):
        decide(secretariat_client, line_for(draft, follow_up=1), "accepted")
        response = secretariat_client.post(reverse("agenda:draft_agenda_publish", args=[2]))
        assertRedirects(response, DRAFT_URL, fetch_redirect_response=False)
        assert error_messages(response) == [
            "Er zijn nog 5 voorgestelde regels. Neem ze op of wijs ze af, en publiceer dan."
        ]
        assert Meeting.objects.get(pk=2).agenda_status == Meeting.AgendaStatus.DRAFT
        assert FollowUp.objects.get(pk=1).status == FollowUp.Status.OPEN

    def test_publish(
        self, draft, secretariat_client, member_client, celery_eager, django_capture_on_commit_callbacks
    ):
        decide_all(secretariat_client, draft, rejected={6, "rondvraag"})

        with django_capture_on_commit_callbacks(execute=True):
            response = secretariat_client.post(reverse("agenda:draft_agenda_publish", args=[2]))

        assertRedirects(response, "/vergaderingen/2/", fetch_redirect_response=False)
        assert success_messages(response) == [
            "De agenda is gepubliceerd. 3 vervolgacties staan nu geagendeerd; de leden krijgen een e-mail."
        ]
        assert dict(FollowUp.objects.filter(pk__in=[1, 2, 5, 6]).values_list("pk", "status")) == {
            1: "scheduled",
            2: "scheduled",
            5: "scheduled",
            6: "open",
        }
        topics = set(draft.agenda_items.values_list("topic__slug", flat=True))
        assert "rondvraag" not in topics and "inzet-politiehonden" not in topics
        assert {"mededelingen", "ict-en-intelligence", "inzetbaarheid-en-roosterdruk"} <= topics
        assert Meeting.objects.get(pk=2).agenda_status == Meeting.AgendaStatus.PUBLISHED

        recipients = sorted(address for message in mail.outbox for address in message.to)
        assert recipients == sorted(
            User.objects.filter(is_active=True).exclude(email="").values_list("email", flat=True)
        )
        assert "lid@lovp.example" in recipients  # the member of member_client
        # Calling the task again (a retry, a duplicate) sends nothing more.
        tasks.notify_agenda_published.delay(2)
        tasks.notify_agenda_published.delay(2)
        assert sorted(address for message in mail.outbox for address in message.to) == recipients

        # The review is over: the page is read-only and the review URLs refuse changes.
        page = secretariat_client.get(DRAFT_URL)
        assertContains(page, "gepubliceerd en kan niet meer worden gewijzigd")
        assertNotContains(page, 'value="rejected"')
        response = decide(secretariat_client, line_for(draft, follow_up=1), "rejected")
        assert error_messages(response) == ["De agenda is al gepubliceerd en kan niet meer worden gewijzigd."]
        assert line_for(draft, follow_up=1).decision == "accepted"
        secretariat_client.get(DRAFT_URL)  # shows (and so clears) that message
        response = secretariat_client.get(
            reverse("agenda:draft_line_update", args=[2, line_for(draft, follow_up=1).pk])
        )
        assertRedirects(response, "/vergaderingen/2/", fetch_redirect_response=False)
        assert error_messages(response) == ["De agenda is al gepubliceerd en kan niet meer worden gewijzigd."]
        secretariat_client.get("/vergaderingen/2/")
        response = secretariat_client.post(reverse("agenda:draft_agenda_publish", args=[2]))
        assert error_messages(response) == ["De agenda is al gepubliceerd."]
        assert len(mail.outbox) == len(recipients)


# --- what members see -------------------------------------------------------------------------------------


def review_requests(meeting: Meeting):
    line = meeting.draft_lines.order_by("pk").first()
    item = line.agenda_item
    return [
        ("get", reverse("agenda:draft_agenda", args=[2]), {}),
        ("post", reverse("agenda:draft_agenda_build", args=[2]), {}),
        ("post", reverse("agenda:draft_agenda_publish", args=[2]), {}),
        ("post", reverse("agenda:draft_line_decide", args=[2, line.pk]), {"decision": "rejected"}),
        ("post", reverse("agenda:draft_line_move", args=[2, line.pk]), {"direction": "down"}),
        ("get", reverse("agenda:draft_line_update", args=[2, line.pk]), {}),
        (
            "post",
            reverse("agenda:draft_line_update", args=[2, line.pk]),
            {"reason": "Gewijzigd door een lid"},
        ),
        ("post", reverse("agenda:agenda_item_move", args=[2, item.pk]), {"direction": "up"}),
    ]


class TestMembers:
    def test_get_403_on_every_review_url(self, draft, member_client):
        before = sorted(draft.draft_lines.values_list("pk", "decision", "position", "reason"))
        items = sorted(draft.agenda_items.values_list("pk", "position"))
        for method, url, data in review_requests(draft):
            response = getattr(member_client, method)(url, data)
            assert response.status_code == 403, (method, url)
        assert sorted(draft.draft_lines.values_list("pk", "decision", "position", "reason")) == before
        assert sorted(draft.agenda_items.values_list("pk", "position")) == items
        assert Meeting.objects.get(pk=2).agenda_status == Meeting.AgendaStatus.DRAFT

    def test_anonymous_visitors_are_sent_to_the_login_page(self, draft, anonymous_client):
        for method, url, data in review_requests(draft):
            response = getattr(anonymous_client, method)(url, data)
            assert response.status_code == 302 and response["Location"].startswith("/inloggen/"), url

    def test_see_that_the_agenda_is_being_prepared(self, draft, member_client, secretariat_client):
        response = member_client.get("/vergaderingen/2/")
        assertContains(response, HIDDEN)
        assert agenda_headings(response) == []
        assertNotContains(response, DRAFT_URL)
        # The secretariat sees the draft items on the meeting page.
        response = secretariat_client.get("/vergaderingen/2/")
        assertNotContains(response, HIDDEN)
        assert "ICT en intelligence" in agenda_headings(response)

    def test_see_the_agenda_once_published(self, draft, member_client, secretariat_client):
        decide_all(secretariat_client, draft, rejected={"rondvraag"})
        secretariat_client.post(reverse("agenda:draft_agenda_publish", args=[2]))

        response = member_client.get("/vergaderingen/2/")
        assertNotContains(response, HIDDEN)
        headings = agenda_headings(response)
        for heading in (
            "Mededelingen",
            "ICT en intelligence",
            "Inzet politiehonden",
            "Inzetbaarheid van politie",
        ):
            assert heading in headings
        assert "Rondvraag" not in headings
        items = draft.agenda_items.select_related("topic").order_by("position", "pk")
        assert headings == [item.heading for item in items]
        assertContains(response, reverse("agenda:agenda_print", args=[2]))

    def test_the_printable_agenda(self, draft, member_client, secretariat_client):
        url = reverse("agenda:agenda_print", args=[2])
        # Not while it is a draft (the secretariat may preview it).
        assert member_client.get(url).status_code == 403
        assertContains(secretariat_client.get(url), "Conceptagenda LOVP 8 februari 2021 (niet gepubliceerd)")

        decide_all(secretariat_client, draft, rejected={2, "rondvraag"})
        secretariat_client.post(reverse("agenda:draft_agenda_publish", args=[2]))

        response = member_client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "<h1>Agenda LOVP 8 februari 2021</h1>" in html
        assert "maandag 8 februari 2021" in html
        for pk in (1, 5, 6):
            assert FollowUp.objects.get(pk=pk).description in html, pk
        assert FollowUp.objects.get(pk=2).description not in html  # rejected
        items = list(draft.agenda_items.order_by("position", "pk"))
        offsets = [html.index(f"<strong>{item.heading}</strong>") for item in items]
        assert offsets == sorted(offsets)
        assert "<strong>Rondvraag</strong>" not in html

    def test_no_printable_agenda_before_there_is_one(self, february, member_client):
        assert member_client.get(reverse("agenda:agenda_print", args=[2])).status_code == 404
