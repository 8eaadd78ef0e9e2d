"""The follow-up list (filters in the URL, htmx partial, pagination) and "Mijn vervolgacties"."""

import datetime
import re

import pytest
from django.urls import resolve, reverse

from decisions.models import FollowUp
from tests.conftest import SESSION_SAVE_QUERIES
from tests.factories import (
    AgendaItemFactory,
    FollowUpFactory,
    MeetingFactory,
    TopicFactory,
    UserFactory,
    seeded_party,
)

LIST_URL = reverse("decisions:followup_list")
TODAY = datetime.date(2021, 3, 1)


@pytest.fixture
def follow_ups(db, today, korpschef):
    """Over time (korpschef and minister), due at the next meeting, later, no term, and done."""
    today(TODAY)
    held = MeetingFactory(date=datetime.date(2021, 2, 8), held=True)
    MeetingFactory(date=datetime.date(2021, 4, 12))
    topic = TopicFactory(name="Jaarwisseling")
    item = AgendaItemFactory(meeting=held, topic=topic)
    minister = seeded_party("minister-jenv")
    date = FollowUp.TargetKind.DATE
    return {
        "overdue": FollowUpFactory(
            agenda_item=item,
            description="Vuurwerkverbod evalueren",
            target_kind=date,
            target_date=datetime.date(2021, 2, 15),
        ),
        "overdue_minister": FollowUpFactory(
            agenda_item=item,
            description="Brief aan de Kamer",
            owner=minister,
            target_kind=date,
            target_date=datetime.date(2021, 2, 20),
        ),
        "next": FollowUpFactory(
            agenda_item=item,
            description="Cijfers jaarwisseling",
            target_kind=date,
            target_date=datetime.date(2021, 4, 1),
        ),
        "later": FollowUpFactory(
            agenda_item=item,
            description="Evaluatie na de zomer",
            target_kind=date,
            target_date=datetime.date(2021, 9, 30),
        ),
        "no_term": FollowUpFactory(
            agenda_item=item,
            description="Ooit nog eens bespreken",
            target_kind=FollowUp.TargetKind.UNSPECIFIED,
        ),
        "done": FollowUpFactory(
            agenda_item=item,
            description="Al afgerond",
            target_kind=date,
            target_date=datetime.date(2021, 1, 5),
            done=True,
        ),
    }


def rows(response) -> list[str]:
    """The descriptions in the result table, in order."""
    html = response.content.decode()
    table = html[html.index("<tbody>") : html.index("</tbody>")] if "<tbody>" in html else ""
    return re.findall(r'<td><a href="/vervolgacties/\d+/">([^<]+)</a></td>', table)


def test_the_list_is_a_get_form_that_works_without_javascript(member_client, follow_ups):
    response = member_client.get(LIST_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<form method="get" action="/vervolgacties/"' in html
    assert '<button type="submit" class="btn btn-primary btn-sm">Filteren</button>' in html
    assert ">Filters wissen</a>" in html
    assert "6 vervolgacties" in html
    assert "htmx" in html  # the vendored script, served by the app itself
    assert "unpkg.com" not in html and "cdn" not in html.lower()


def test_filters_come_from_the_url_and_the_form_shows_them(member_client, follow_ups, korpschef):
    response = member_client.get(LIST_URL, {"overdue": "1", "owner": korpschef.pk})

    assert rows(response) == ["Vuurwerkverbod evalueren"]
    html = response.content.decode()
    assert "1 vervolgactie<" in html
    assert '<option value="1" selected>alleen over tijd</option>' in html
    assert f'<option value="{korpschef.pk}" selected>Korpschef</option>' in html


def test_over_time_rows_are_recognisable_by_text_and_colour(member_client, follow_ups):
    response = member_client.get(LIST_URL, {"overdue": "1"})

    html = response.content.decode()
    assert html.count('<tr class="is-overdue">') == 2
    assert html.count('<span class="badge status status-overdue">over tijd</span>') == 2


def test_counts_per_status_are_for_the_current_filter_without_the_status_filter(member_client, follow_ups):
    response = member_client.get(LIST_URL, {"status": "done", "topic": "jaarwisseling"})

    html = response.content.decode()
    assert rows(response) == ["Al afgerond"]
    assert 'id="telling-status-open">5</span>' in html
    assert 'id="telling-status-done">1</span>' in html
    assert 'id="telling-status-dropped">0</span>' in html
    assert 'value="done" id="status-done" checked' in html
    assert 'value="open" id="status-open">' in html


def test_owner_links_narrow_the_current_filter(member_client, follow_ups, korpschef):
    response = member_client.get(LIST_URL, {"overdue": "1"})

    html = response.content.decode()
    assert f'href="/vervolgacties/?overdue=1&amp;owner={korpschef.pk}"' in html
    assert "Korpschef&nbsp;(1)" in html
    assert "Minister van Justitie en Veiligheid&nbsp;(1)" in html


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"due_after": "31-02-2021"}, "due_after", "Voer een geldige datum in."),
        ({"owner": "99999"}, "owner", "Selecteer een geldige keuze."),
        ({"topic": "bestaat-niet"}, "topic", "Selecteer een geldige keuze."),
        ({"postponed_min": "twee"}, "postponed_min", "Voer een geheel getal in."),
        ({"meeting": "x"}, "meeting", "Selecteer een geldige keuze."),
    ],
)
def test_an_invalid_filter_shows_a_dutch_error_beside_the_field_and_no_rows(
    member_client, follow_ups, params, field, message
):
    response = member_client.get(LIST_URL, {"status": "open", **params})

    assert response.status_code == 200
    html = response.content.decode()
    error_box = re.search(rf'<div id="fout-{field}" class="errorlist small">(.*?)</div>', html, re.S).group(1)
    assert message in error_box
    assert "Een filter klopt niet; er worden geen vervolgacties getoond." in html
    assert rows(response) == []
    assert "0 vervolgacties" in html


def test_an_invalid_page_number_shows_a_page(member_client, follow_ups):
    assert member_client.get(LIST_URL, {"page": "abc"}).status_code == 200
    assert member_client.get(LIST_URL, {"page": "999"}).status_code == 200


def test_htmx_gets_only_the_results_with_the_form_parts_out_of_band(member_client, follow_ups):
    response = member_client.get(LIST_URL, {"overdue": "1"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "<html" not in html and "<form" not in html
    assert rows(response) == ["Vuurwerkverbod evalueren", "Brief aan de Kamer"]
    assert 'id="telling-status-open" hx-swap-oob="true">2<' in html
    assert 'id="fout-due_after" class="errorlist small" hx-swap-oob="true">' in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(member_client, follow_ups):
    response = member_client.get(
        LIST_URL, {"overdue": "1"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )

    assert "<html" in response.content.decode()


def test_the_form_asks_htmx_to_update_the_results_and_keep_the_url_shareable(member_client, follow_ups):
    html = member_client.get(LIST_URL).content.decode()

    assert 'hx-get="/vervolgacties/" hx-target="#resultaten"' in html
    assert 'hx-push-url="true"' in html
    assert '<div id="resultaten"' in html


def test_pages_of_fifty_keep_the_filters(member_client, db, today, bulk_follow_ups):
    today(TODAY)
    topic = bulk_follow_ups(130)
    query = {"topic": topic.slug, "status": ["open", "scheduled"]}
    expected = FollowUp.objects.filter(topic=topic, status__in=["open", "scheduled"]).count()

    first = member_client.get(LIST_URL, query)
    html = first.content.decode()
    assert len(rows(first)) == 50
    assert f"{expected} vervolgacties" in html
    assert f'href="?topic={topic.slug}&amp;status=open&amp;status=scheduled&amp;page=2"' in html

    last = member_client.get(LIST_URL, {**query, "page": 2})
    assert len(rows(last)) == expected - 50
    assert "Pagina 2 van 2" in last.content.decode()


def test_export_links_carry_the_current_filters(member_client, follow_ups, korpschef):
    # As the htmx form sends it: every field, most of them empty.
    query = {"q": "", "overdue": "1", "topic": "", "owner": korpschef.pk}
    html = member_client.get(LIST_URL, query).content.decode()

    export_url = reverse("decisions:followup_export")
    assert f'href="{export_url}?overdue=1&amp;owner={korpschef.pk}&amp;format=xlsx"' in html
    assert f'href="{export_url}?overdue=1&amp;owner={korpschef.pk}&amp;format=csv"' in html


def test_the_filter_form_is_not_printed(member_client, follow_ups):
    html = member_client.get(LIST_URL).content.decode()

    assert '<div class="col-12 col-lg-3 no-print">' in html


@pytest.mark.parametrize("count", [10, 500])
def test_list_queries_do_not_grow_with_the_rows(
    member_client, today, bulk_follow_ups, count, django_assert_max_num_queries
):
    today(TODAY)
    topic = bulk_follow_ups(count)

    with django_assert_max_num_queries(14 + SESSION_SAVE_QUERIES):
        response = member_client.get(LIST_URL, {"topic": topic.slug, "postponed_min": "0"})
    assert len(rows(response)) == min(count, 50)
    with django_assert_max_num_queries(14 + SESSION_SAVE_QUERIES):
        member_client.get(LIST_URL, {"overdue": "1", "ordering": "-topic", "page": "2"})


# --- Mijn vervolgacties ---------------------------------------------------------------------------


def test_my_follow_ups_address_is_not_taken_for_an_id():
    assert resolve("/vervolgacties/mijn/").view_name == "decisions:my_followups"


def test_my_follow_ups_are_grouped_by_when_they_come_back(member_client, follow_ups):
    response = member_client.get(reverse("decisions:my_followups"))

    html = response.content.decode()
    sections = {
        key: html[html.index(f'id="groep-{key}"') :]
        for key in ("over-tijd", "volgende-vergadering", "later", "geen-termijn")
    }

    def first_rows(section):
        body = section[: section.index("</section>")]
        return re.findall(r'<td><a href="/vervolgacties/\d+/">([^<]+)</a></td>', body)

    # Only the korpschef's own, unresolved follow-ups.
    assert first_rows(sections["over-tijd"]) == ["Vuurwerkverbod evalueren"]
    assert first_rows(sections["volgende-vergadering"]) == ["Cijfers jaarwisseling"]
    assert first_rows(sections["later"]) == ["Evaluatie na de zomer"]
    assert first_rows(sections["geen-termijn"]) == ["Ooit nog eens bespreken"]
    assert "Al afgerond" not in html and "Brief aan de Kamer" not in html


def test_my_follow_ups_without_a_party_says_so_kindly(db):
    from django.test import Client

    client = Client()
    client.force_login(UserFactory(username="zonderpartij"))
    response = client.get(reverse("decisions:my_followups"))

    assert response.status_code == 200
    assert "Uw account hoort (nog) niet bij een partij" in response.content.decode()


@pytest.mark.parametrize("count", [10, 500])
def test_my_follow_ups_queries_do_not_grow_with_the_rows(
    member_client, today, bulk_follow_ups, count, django_assert_max_num_queries
):
    today(TODAY)
    bulk_follow_ups(count)

    with django_assert_max_num_queries(8 + SESSION_SAVE_QUERIES):
        response = member_client.get(reverse("decisions:my_followups"))
    assert response.status_code == 200
