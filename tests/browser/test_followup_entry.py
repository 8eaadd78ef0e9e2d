import datetime

import pytest
from django.contrib.auth.models import Group

from agenda.models import AgendaItem, Meeting, Topic
from lovp.models import User
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_adds_follow_up_and_sees_it_on_the_topic_page(page):
    user = User.objects.create_user("sophie", password="geheim-wachtwoord-1", first_name="Sophie")
    user.groups.add(Group.objects.get(name="secretariaat"))
    meeting = Meeting.objects.create(date=datetime.date(2020, 11, 23), status=Meeting.Status.HELD)
    Meeting.objects.create(date=datetime.date(2021, 2, 8))
    topic = Topic.objects.create(name="Bewaken en beveiligen")
    AgendaItem.objects.create(meeting=meeting, topic=topic, position=1, summary="Stand van zaken.")

    log_in(page, "sophie", "geheim-wachtwoord-1")
    page.get_by_role("link", name="Vergaderingen").click()
    page.get_by_role("link", name="LOVP 23 november 2020").click()
    page.get_by_role("link", name="Vervolgactie toevoegen").click()

    page.get_by_label("Omschrijving").fill("Druk op het stelsel monitoren en opnieuw bespreken")
    page.get_by_label("Eigenaar").select_option(label="Korpschef")
    page.get_by_label("Oorspronkelijke formulering").fill("in april als onderwerp wederom wordt besproken")
    page.get_by_label("Komt terug in").select_option(label="een maand")
    page.get_by_label("Maand").fill("2021-04")
    page.get_by_role("button", name="Opslaan").click()

    page.get_by_text("De vervolgactie is toegevoegd.").wait_for()
    assert page.get_by_role("heading", name="Druk op het stelsel monitoren en opnieuw bespreken").is_visible()

    page.get_by_role("link", name="Bewaken en beveiligen").first.click()
    page.wait_for_url(f"**/onderwerpen/{topic.slug}/")
    open_section = page.locator("section", has=page.get_by_role("heading", name="Nog open"))
    row = open_section.get_by_role("row", name="Druk op het stelsel monitoren en opnieuw bespreken")
    assert row.is_visible()
    assert "april 2021" in row.inner_text()
    assert "30 april 2021" in row.inner_text()
    assert "Korpschef" in row.inner_text()
