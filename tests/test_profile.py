"""The profile page: one's own details, the weekly digest switch and the personal calendar feed."""

import pytest
from django.test import Client
from django.urls import reverse

from lovp.models import User
from tests.conftest import success_messages

PROFILE = reverse("profile")
DIGEST = reverse("profile_digest")
RENEW = reverse("profile_feed_renew")
REVOKE = reverse("profile_feed_revoke")


def feed_url(token: str) -> str:
    return reverse("agenda:calendar_feed", kwargs={"token": token})


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)


def test_profile_shows_who_you_are(member_client, member_user):
    response = member_client.get(PROFILE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kees Korpschef" in page
    assert "Lid" in page
    assert "Korpschef" in page
    assert "Agendafeed aanzetten" in page
    assert "Nieuw adres maken" not in page


def test_every_page_links_to_the_profile(member_client, member_user):
    page = member_client.get(reverse("dashboard")).content.decode()
    assert f'href="{PROFILE}"' in page
    assert "Mijn profiel" in page


def test_profile_needs_a_login(anonymous_client, db):
    response = anonymous_client.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={PROFILE}"


@pytest.mark.parametrize("url", [DIGEST, RENEW, REVOKE])
def test_profile_actions_are_post_only(member_client, member_user, url):
    assert member_client.get(url).status_code == 405


@pytest.mark.parametrize("url", [DIGEST, RENEW, REVOKE])
def test_profile_actions_need_a_login(anonymous_client, db, url):
    response = anonymous_client.post(url, {"weekly_digest": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", [DIGEST, RENEW, REVOKE])
def test_profile_actions_are_protected_against_csrf(member_user, url):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_user)
    assert client.post(url, {"weekly_digest": "on"}).status_code == 403
    user = fresh(member_user)
    assert user.weekly_digest is False
    assert user.calendar_token is None


def test_switch_the_weekly_digest_on_and_off(member_client, member_user):
    response = member_client.post(DIGEST, {"weekly_digest": "on"})
    assert response.status_code == 302
    assert response["Location"] == PROFILE
    assert fresh(member_user).weekly_digest is True
    assert success_messages(response) == ["U ontvangt voortaan elke maandag de wekelijkse samenvatting."]
    assert 'name="weekly_digest" id="id_weekly_digest" checked' in member_client.get(PROFILE).content.decode()

    # An unticked checkbox is not sent at all.
    response = member_client.post(DIGEST, {})
    assert fresh(member_user).weekly_digest is False
    assert success_messages(response) == ["U ontvangt de wekelijkse samenvatting niet meer."]


def test_turn_the_calendar_feed_on(member_client, member_user, anonymous_client):
    response = member_client.post(RENEW)
    assert response.status_code == 302
    assert response["Location"] == PROFILE
    assert success_messages(response) == ["Uw agendafeed staat aan."]
    token = fresh(member_user).calendar_token
    assert token

    page = member_client.get(PROFILE).content.decode()
    assert f"http://testserver{feed_url(token)}" in page
    assert "Outlook" in page and "Google Agenda" in page and "Apple Agenda" in page
    assert "het oude adres meteen niet meer" in page
    assert "Nieuw adres maken" in page and "Agendafeed uitzetten" in page
    assert anonymous_client.get(feed_url(token)).status_code == 200


def test_a_new_address_makes_the_old_one_stop_working(member_client, member_user, anonymous_client):
    member_client.post(RENEW, follow=True)  # following the redirect shows (and clears) the message
    old = fresh(member_user).calendar_token

    response = member_client.post(RENEW)
    new = fresh(member_user).calendar_token
    assert new and new != old
    assert success_messages(response) == [
        "Uw agendafeed heeft een nieuw adres. Het oude adres werkt niet meer."
    ]
    assert anonymous_client.get(feed_url(old)).status_code == 404
    assert anonymous_client.get(feed_url(new)).status_code == 200


def test_turn_the_calendar_feed_off(member_client, member_user, anonymous_client):
    member_client.post(RENEW, follow=True)
    token = fresh(member_user).calendar_token

    response = member_client.post(REVOKE)
    assert response["Location"] == PROFILE
    assert success_messages(response) == ["Uw agendafeed staat uit. Het adres werkt niet meer."]
    assert fresh(member_user).calendar_token is None
    assert anonymous_client.get(feed_url(token)).status_code == 404
    assert "Agendafeed aanzetten" in member_client.get(PROFILE).content.decode()


def test_profile_changes_only_your_own_account(member_client, member_user, secretariat_user):
    member_client.post(DIGEST, {"weekly_digest": "on"})
    member_client.post(RENEW)
    other = fresh(secretariat_user)
    assert other.weekly_digest is False
    assert other.calendar_token is None


def test_secretariat_uses_the_profile_too(secretariat_client, secretariat_user):
    page = secretariat_client.get(PROFILE).content.decode()
    assert "Secretariaat" in page
    assert "geen partij" in page
