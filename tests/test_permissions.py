"""Who may do what: every URL of the project, for every role (anonymous, lid, secretariaat and a
superuser), GET and POST.

The table below is the rule book. A new URL without a row makes test_every_url_has_a_rule fail, so
no view can be added without deciding who may use it.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from agenda import services as agenda_services
from agenda.models import AgendaItem, DraftAgendaLine, Meeting, Topic
from decisions.models import Decision, FollowUp, Postponement
from lovp.models import User
from tests.conftest import agenda_item_data, success_messages
from tests.factories import (
    PASSWORD,
    AgendaItemFactory,
    DecisionFactory,
    FollowUpFactory,
    MeetingFactory,
    TopicFactory,
    UserFactory,
)

D = datetime.date

ANONYMOUS, MEMBER, SECRETARIAT, ADMIN = "anonymous", "lid", "secretariaat", "admin"
ROLES = (ANONYMOUS, MEMBER, SECRETARIAT, ADMIN)

# (url name, method, anonymous, lid, secretariaat, admin); admin is a superuser, who may do on the app's
# pages what the secretariat may.
MATRIX = [
    # Read pages: every logged-in user.
    ("dashboard", "GET", 302, 200, 200, 200),
    ("agenda:meeting_list", "GET", 302, 200, 200, 200),
    ("agenda:meeting_detail", "GET", 302, 200, 200, 200),
    ("agenda:topic_list", "GET", 302, 200, 200, 200),
    ("agenda:topic_detail", "GET", 302, 200, 200, 200),
    ("decisions:followup_list", "GET", 302, 200, 200, 200),
    ("decisions:followup_detail", "GET", 302, 200, 200, 200),
    # Edit pages: the secretariat only; a successful POST redirects.
    ("agenda:meeting_create", "GET", 302, 403, 200, 200),
    ("agenda:meeting_create", "POST", 302, 403, 302, 302),
    ("agenda:meeting_update", "GET", 302, 403, 200, 200),
    ("agenda:meeting_update", "POST", 302, 403, 302, 302),
    ("agenda:meeting_delete", "GET", 302, 403, 200, 200),
    ("agenda:meeting_delete", "POST", 302, 403, 302, 302),
    ("agenda:agenda_item_create", "GET", 302, 403, 200, 200),
    ("agenda:agenda_item_create", "POST", 302, 403, 302, 302),
    ("agenda:agenda_item_update", "GET", 302, 403, 200, 200),
    ("agenda:agenda_item_update", "POST", 302, 403, 302, 302),
    ("agenda:agenda_item_delete", "GET", 302, 403, 200, 200),
    ("agenda:agenda_item_delete", "POST", 302, 403, 302, 302),
    ("agenda:topic_create", "GET", 302, 403, 200, 200),
    ("agenda:topic_create", "POST", 302, 403, 302, 302),
    ("agenda:topic_update", "GET", 302, 403, 200, 200),
    ("agenda:topic_update", "POST", 302, 403, 302, 302),
    ("decisions:followup_create", "GET", 302, 403, 200, 200),
    ("decisions:followup_create", "POST", 302, 403, 302, 302),
    ("decisions:followup_update", "GET", 302, 403, 200, 200),
    ("decisions:followup_update", "POST", 302, 403, 302, 302),
    ("decisions:followup_postpone", "GET", 302, 403, 200, 200),
    ("decisions:followup_postpone", "POST", 302, 403, 302, 302),
    ("decisions:followup_resolve", "GET", 302, 403, 200, 200),
    ("decisions:followup_resolve", "POST", 302, 403, 302, 302),
    ("decisions:followup_drop", "GET", 302, 403, 200, 200),
    ("decisions:followup_drop", "POST", 302, 403, 302, 302),
    ("agenda:meeting_ics", "GET", 302, 200, 200, 200),
    ("agenda:agenda_print", "GET", 302, 200, 200, 200),  # a published agenda; see the test of drafts below
    ("decisions:my_followups", "GET", 302, 200, 200, 200),
    ("decisions:followup_export", "GET", 302, 200, 200, 200),
    ("search", "GET", 302, 200, 200, 200),
    ("profile", "GET", 302, 200, 200, 200),
    ("agenda:draft_agenda", "GET", 302, 403, 200, 200),
    ("agenda:draft_line_update", "GET", 302, 403, 200, 200),
    ("agenda:draft_line_update", "POST", 302, 403, 302, 302),
    ("agenda:draft_agenda_build", "GET", 302, 405, 405, 405),
    ("agenda:draft_agenda_build", "POST", 302, 403, 302, 302),
    ("agenda:draft_agenda_publish", "GET", 302, 405, 405, 405),
    ("agenda:draft_agenda_publish", "POST", 302, 403, 302, 302),
    ("agenda:draft_line_decide", "GET", 302, 405, 405, 405),
    ("agenda:draft_line_decide", "POST", 302, 403, 302, 302),
    ("agenda:draft_line_move", "GET", 302, 405, 405, 405),
    ("agenda:draft_line_move", "POST", 302, 403, 302, 302),
    ("agenda:agenda_item_move", "GET", 302, 405, 405, 405),
    ("agenda:agenda_item_move", "POST", 302, 403, 302, 302),
    # Reading in a terugkoppeling: the secretariat only; the first POST shows the proposal (200).
    ("decisions:minutes_import", "GET", 302, 403, 200, 200),
    ("decisions:minutes_import", "POST", 302, 403, 200, 200),
    # The publication text of a meeting: anyone logged in may download it.
    ("decisions:meeting_publication", "GET", 302, 200, 200, 200),
    # One's own account: every logged-in user, POST only.
    ("profile_digest", "GET", 302, 405, 405, 405),
    ("profile_digest", "POST", 302, 302, 302, 302),
    ("profile_feed_renew", "GET", 302, 405, 405, 405),
    ("profile_feed_renew", "POST", 302, 302, 302, 302),
    ("profile_feed_revoke", "GET", 302, 405, 405, 405),
    ("profile_feed_revoke", "POST", 302, 302, 302, 302),
    # Actions without a page of their own: POST only (GET is 405 for anyone logged in).
    ("agenda:meeting_mark_held", "GET", 302, 405, 405, 405),
    ("agenda:meeting_mark_held", "POST", 302, 403, 302, 302),
    ("agenda:meeting_archive", "GET", 302, 405, 405, 405),
    ("agenda:meeting_archive", "POST", 302, 403, 302, 302),
    ("agenda:meeting_unarchive", "GET", 302, 405, 405, 405),
    ("agenda:meeting_unarchive", "POST", 302, 403, 302, 302),
    ("decisions:followup_reopen", "GET", 302, 405, 405, 405),
    ("decisions:followup_reopen", "POST", 302, 403, 302, 302),
    # Password reset by e-mail: for anyone, also without logging in. A valid link from the e-mail
    # leads on to the form for the new password (GET and POST alike).
    ("password_reset", "GET", 200, 200, 200, 200),
    ("password_reset", "POST", 302, 302, 302, 302),
    ("password_reset_done", "GET", 200, 200, 200, 200),
    ("password_reset_confirm", "GET", 302, 302, 302, 302),
    ("password_reset_confirm", "POST", 302, 302, 302, 302),
    ("password_reset_complete", "GET", 200, 200, 200, 200),
    # One's own password: every logged-in user.
    ("password_change", "GET", 302, 200, 200, 200),
    ("password_change", "POST", 302, 302, 302, 302),
]

# Handled by their own tests below. The calendar feed is for calendar apps, which cannot log in:
# the secret token in its address is the key.
SPECIAL = {"login", "logout", "set_language", "agenda:calendar_feed"}

# Open without a login (login_not_required): anonymous visitors are not sent to the login page.
PUBLIC = {"password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete"}


def project_url_names(resolver=None, namespace=""):
    """Every named URL of the project's own URLconf, namespaced, without the admin."""
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= project_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_a_rule():
    names = project_url_names()
    assert {"dashboard", "agenda:meeting_list", "decisions:followup_detail"} <= names  # the walk works
    covered = {name for name, *_ in MATRIX} | SPECIAL
    assert names - covered == set(), "URLs without a permission rule"
    assert covered - names == set(), "rules for URLs that no longer exist"


def test_every_edit_url_has_a_post_rule():
    """Every page a member may not read is a form or an action, with a POST rule; except the draft
    agenda, a page the secretariat only reads (its buttons post to the action URLs)."""
    read_pages = {name for name, method, _anon, member, *_ in MATRIX if method == "GET" and member == 200}
    with_post = {name for name, method, *_ in MATRIX if method == "POST"}
    edit_urls = {name for name, *_ in MATRIX} - read_pages - {"agenda:draft_agenda"}
    assert edit_urls - with_post == set()


# --- the data the URLs point at ---------------------------------------------------------------


@pytest.fixture
def world(db, korpschef):
    """One meeting with one agenda item (with a decision) and one follow-up; plus a planned meeting
    (the follow-up's target) and an agenda item with nothing attached, so that deleting them can
    succeed."""
    meeting = MeetingFactory(date=D(2020, 11, 23))
    spare_meeting = MeetingFactory(date=D(2021, 2, 8))
    topic = TopicFactory(name="Roosterdruk")
    item = AgendaItemFactory(meeting=meeting, topic=topic, summary="Stand van zaken inzetbaarheid.")
    decision = DecisionFactory(agenda_item=item, text="Landelijk plan in februari.")
    follow_up = FollowUpFactory(
        agenda_item=item,
        description="Landelijk plan agenderen",
        owner=korpschef,
        target_kind=FollowUp.TargetKind.MONTH,
        target_month=D(2021, 2, 1),
    )
    return SimpleNamespace(
        meeting=meeting,
        topic=topic,
        item=item,
        decision=decision,
        follow_up=follow_up,
        korpschef=korpschef,
        spare_meeting=spare_meeting,
        spare_item=AgendaItemFactory(meeting=meeting, topic=TopicFactory(name="BOA")),
    )


def close_follow_up(w):
    w.follow_up.status = FollowUp.Status.DONE
    w.follow_up.resolution = "Besproken."
    w.follow_up.save()


def archive_meeting(w):
    archived_at = datetime.datetime(2021, 3, 1, 12, tzinfo=datetime.UTC)
    Meeting.objects.filter(pk=w.meeting.pk).update(archived_at=archived_at)


def existing_item_data(w):
    return agenda_item_data(
        topic=w.topic,
        summary="Bijgewerkt verslag.",
        decisions=[{"id": w.decision.pk, "text": w.decision.text, "kind": w.decision.kind}],
        follow_ups=[
            {
                "id": w.follow_up.pk,
                "description": w.follow_up.description,
                "owner": w.korpschef,
                "topic": w.topic,
                "target_kind": "month",
                "target_month": "2021-03",
            }
        ],
    )


FOLLOW_UP = {
    "version": "1",  # of the follow-up as its edit form was opened (lovp.locking); a new one ignores it
    "description": "Vakbonden terugkoppelen",
    "topic": "",
    "decision": "",
    "promise_text": "",
    "target_kind": "next_meeting",
    "target_meeting": "",
    "target_month": "",
    "target_date": "",
}

# url name -> (kwargs, POST data, setup before the request, check after a successful POST)
URLS = {
    "dashboard": (lambda w: {}, None, None, None),
    "agenda:meeting_list": (lambda w: {}, None, None, None),
    "agenda:meeting_detail": (lambda w: {"pk": w.meeting.pk}, None, None, None),
    "agenda:topic_list": (lambda w: {}, None, None, None),
    "agenda:topic_detail": (lambda w: {"slug": w.topic.slug}, None, None, None),
    "decisions:followup_list": (lambda w: {}, None, None, None),
    "decisions:followup_detail": (lambda w: {"pk": w.follow_up.pk}, None, None, None),
    "agenda:meeting_create": (
        lambda w: {},
        lambda w: {"date": "2021-04-12", "start_time": "", "kind": "regular", "location": "", "notes": ""},
        None,
        lambda w: Meeting.objects.filter(date=D(2021, 4, 12)).exists(),
    ),
    "agenda:meeting_update": (
        lambda w: {"pk": w.meeting.pk},
        lambda w: {
            "date": "2020-11-23",
            "start_time": "",
            "kind": "regular",
            "location": "Utrecht",
            "notes": "",
        },
        None,
        lambda w: Meeting.objects.get(pk=w.meeting.pk).location == "Utrecht",
    ),
    "agenda:meeting_delete": (
        lambda w: {"pk": w.spare_meeting.pk},
        lambda w: {},
        None,
        lambda w: not Meeting.objects.filter(pk=w.spare_meeting.pk).exists(),
    ),
    "agenda:meeting_mark_held": (
        lambda w: {"pk": w.meeting.pk},
        lambda w: {},
        None,
        lambda w: Meeting.objects.get(pk=w.meeting.pk).is_held,
    ),
    "agenda:meeting_archive": (
        lambda w: {"pk": w.meeting.pk},
        lambda w: {},
        None,
        lambda w: Meeting.objects.get(pk=w.meeting.pk).archived_at is not None,
    ),
    "agenda:meeting_unarchive": (
        lambda w: {"pk": w.meeting.pk},
        lambda w: {},
        archive_meeting,
        lambda w: Meeting.objects.get(pk=w.meeting.pk).archived_at is None,
    ),
    "agenda:agenda_item_create": (
        lambda w: {"meeting_pk": w.meeting.pk},
        lambda w: agenda_item_data(topic=w.spare_item.topic, summary="Vuurwerkverbod."),
        None,
        lambda w: AgendaItem.objects.filter(summary="Vuurwerkverbod.").exists(),
    ),
    "agenda:agenda_item_update": (
        lambda w: {"meeting_pk": w.meeting.pk, "pk": w.item.pk},
        existing_item_data,
        None,
        lambda w: (
            AgendaItem.objects.get(pk=w.item.pk).summary == "Bijgewerkt verslag."
            and FollowUp.objects.get(pk=w.follow_up.pk).target_month == D(2021, 3, 1)
        ),
    ),
    "agenda:agenda_item_delete": (
        lambda w: {"meeting_pk": w.meeting.pk, "pk": w.spare_item.pk},
        lambda w: {},
        None,
        lambda w: not AgendaItem.objects.filter(pk=w.spare_item.pk).exists(),
    ),
    "agenda:topic_create": (
        lambda w: {},
        lambda w: {"name": "Inzet politiehonden", "description": ""},
        None,
        lambda w: Topic.objects.filter(name="Inzet politiehonden").exists(),
    ),
    "agenda:topic_update": (
        lambda w: {"slug": w.topic.slug},
        lambda w: {"name": "Inzetbaarheid en roosterdruk", "description": ""},
        None,
        lambda w: Topic.objects.get(pk=w.topic.pk).name == "Inzetbaarheid en roosterdruk",
    ),
    "decisions:followup_create": (
        lambda w: {"agenda_item_pk": w.item.pk},
        lambda w: {**FOLLOW_UP, "owner": w.korpschef.pk},
        None,
        lambda w: FollowUp.objects.filter(description="Vakbonden terugkoppelen").exists(),
    ),
    "decisions:followup_update": (
        lambda w: {"pk": w.follow_up.pk},
        lambda w: {
            **FOLLOW_UP,
            "owner": w.korpschef.pk,
            "description": "Landelijk plan en regionale plannen",
        },
        None,
        lambda w: (
            FollowUp.objects.get(pk=w.follow_up.pk).description == "Landelijk plan en regionale plannen"
        ),
    ),
    "decisions:followup_postpone": (
        lambda w: {"pk": w.follow_up.pk},
        lambda w: {"target_kind": "month", "target_month": "2021-04", "reason": "Nog niet klaar."},
        None,
        lambda w: Postponement.objects.filter(follow_up=w.follow_up).exists(),
    ),
    "decisions:followup_resolve": (
        lambda w: {"pk": w.follow_up.pk},
        lambda w: {"resolution": "Besproken.", "meeting": ""},
        None,
        lambda w: FollowUp.objects.get(pk=w.follow_up.pk).status == FollowUp.Status.DONE,
    ),
    "decisions:followup_drop": (
        lambda w: {"pk": w.follow_up.pk},
        lambda w: {"reason": "Achterhaald.", "meeting": ""},
        None,
        lambda w: FollowUp.objects.get(pk=w.follow_up.pk).status == FollowUp.Status.DROPPED,
    ),
    "decisions:followup_reopen": (
        lambda w: {"pk": w.follow_up.pk},
        lambda w: {},
        close_follow_up,
        lambda w: FollowUp.objects.get(pk=w.follow_up.pk).status == FollowUp.Status.OPEN,
    ),
}


def give_feed(w):
    if w.user is not None:
        w.user.renew_calendar_token()
        w.user.save(update_fields=["calendar_token"])


def own(w):
    return User.objects.get(pk=w.user.pk)


URLS.update(
    {
        "agenda:meeting_ics": (lambda w: {"pk": w.meeting.pk}, None, None, None),
        "profile": (lambda w: {}, None, None, None),
        "profile_digest": (
            lambda w: {},
            lambda w: {"weekly_digest": "on"},
            None,
            lambda w: own(w).weekly_digest,
        ),
        "profile_feed_renew": (lambda w: {}, lambda w: {}, None, lambda w: own(w).calendar_token),
        "profile_feed_revoke": (
            lambda w: {},
            lambda w: {},
            give_feed,
            lambda w: own(w).calendar_token is None,
        ),
    }
)


def forgetful_user(w):
    """Someone who asks for a password reset (anyone may, logged in or not)."""
    w.reset_user = UserFactory(username="vergeetachtig", email="vergeetachtig@lovp.example")


def reset_link(w):
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(w.reset_user.pk)),
        "token": default_token_generator.make_token(w.reset_user),
    }


NEW_PASSWORD = "nieuw-wachtwoord-voor-2021"

URLS.update(
    {
        "password_reset": (
            lambda w: {},
            lambda w: {"email": w.reset_user.email},
            forgetful_user,
            lambda w: [message.to for message in mail.outbox] == [[w.reset_user.email]],
        ),
        "password_reset_done": (lambda w: {}, None, None, None),
        "password_reset_confirm": (
            reset_link,
            lambda w: {},
            forgetful_user,
            lambda w: w.response["Location"].endswith("/set-password/"),
        ),
        "password_reset_complete": (lambda w: {}, None, None, None),
        "password_change": (
            lambda w: {},
            lambda w: {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
            None,
            lambda w: own(w).check_password(NEW_PASSWORD),
        ),
    }
)


def draft(w):
    """A draft agenda for the spare meeting: one agenda item (Roosterdruk) with two proposed lines."""
    FollowUpFactory(
        agenda_item=w.item,
        description="Vakbonden terugkoppelen",
        owner=w.korpschef,
        target_kind=FollowUp.TargetKind.MEETING,
        target_meeting=w.spare_meeting,
    )
    agenda_services.draft_agenda_build(meeting=w.spare_meeting, on=D(2021, 1, 15))
    w.lines = list(DraftAgendaLine.objects.filter(meeting=w.spare_meeting).order_by("position", "pk"))
    assert len(w.lines) == 2
    assert w.lines[0].agenda_item_id == w.lines[1].agenda_item_id


def decided_draft(w):
    draft(w)
    DraftAgendaLine.objects.filter(meeting=w.spare_meeting).update(decision=DraftAgendaLine.Decision.ACCEPTED)


def published(w):
    Meeting.objects.filter(pk=w.meeting.pk).update(agenda_status=Meeting.AgendaStatus.PUBLISHED)


def line(w, index=0):
    return DraftAgendaLine.objects.get(pk=w.lines[index].pk)


URLS.update(
    {
        "agenda:agenda_print": (lambda w: {"pk": w.meeting.pk}, None, published, None),
        "decisions:minutes_import": (
            lambda w: {},
            lambda w: {
                "step": "read",
                "meeting": w.spare_meeting.pk,
                "text": "Terugkoppeling LOVP\n\nRoosterdruk\nAfgesproken is dat het landelijke plan in het LOVP "
                "van februari op de agenda staat.\n",
            },
            None,
            None,
        ),
        "decisions:meeting_publication": (lambda w: {"pk": w.meeting.pk, "fmt": "txt"}, None, None, None),
        "decisions:my_followups": (lambda w: {}, None, None, None),
        "decisions:followup_export": (lambda w: {}, None, None, None),
        "search": (lambda w: {}, None, None, None),
        "agenda:draft_agenda": (lambda w: {"pk": w.spare_meeting.pk}, None, draft, None),
        "agenda:draft_agenda_build": (
            lambda w: {"pk": w.spare_meeting.pk},
            lambda w: {},
            None,
            lambda w: DraftAgendaLine.objects.filter(meeting=w.spare_meeting, follow_up=w.follow_up).exists(),
        ),
        "agenda:draft_agenda_publish": (
            lambda w: {"pk": w.spare_meeting.pk},
            lambda w: {},
            decided_draft,
            lambda w: (
                Meeting.objects.get(pk=w.spare_meeting.pk).agenda_status == Meeting.AgendaStatus.PUBLISHED
                and FollowUp.objects.get(pk=w.follow_up.pk).status == FollowUp.Status.SCHEDULED
            ),
        ),
        "agenda:draft_line_update": (
            lambda w: {"pk": w.spare_meeting.pk, "line_pk": w.lines[0].pk},
            lambda w: {"reason": "Toegezegd in november.", "origin_text": "in het LOVP van februari"},
            draft,
            lambda w: line(w).reason == "Toegezegd in november.",
        ),
        "agenda:draft_line_decide": (
            lambda w: {"pk": w.spare_meeting.pk, "line_pk": w.lines[0].pk},
            lambda w: {"decision": "accepted"},
            draft,
            lambda w: line(w).decision == DraftAgendaLine.Decision.ACCEPTED,
        ),
        "agenda:draft_line_move": (
            lambda w: {"pk": w.spare_meeting.pk, "line_pk": w.lines[1].pk},
            lambda w: {"direction": "up"},
            draft,
            lambda w: line(w, 1).position < line(w, 0).position,
        ),
        "agenda:agenda_item_move": (
            lambda w: {"pk": w.meeting.pk, "item_pk": w.spare_item.pk},
            lambda w: {"direction": "up"},
            None,
            lambda w: (
                AgendaItem.objects.get(pk=w.spare_item.pk).position
                < AgendaItem.objects.get(pk=w.item.pk).position
            ),
        ),
    }
)

# These actions answer with the page itself rather than a "saved" message.
WITHOUT_MESSAGE = {
    "agenda:draft_line_decide",
    "agenda:draft_line_move",
    "agenda:agenda_item_move",
    "password_reset",
    "password_reset_confirm",
}


def test_every_rule_has_url_data():
    assert set(URLS) == {name for name, *_ in MATRIX}


def snapshot():
    """Everything a forbidden request could have changed."""
    return (
        list(
            Meeting.objects.order_by("pk").values_list(
                "pk", "date", "status", "location", "agenda_status", "archived_at"
            )
        ),
        list(DraftAgendaLine.objects.order_by("pk").values_list("pk", "decision", "position", "reason")),
        list(Topic.objects.order_by("pk").values_list("pk", "name")),
        list(AgendaItem.objects.order_by("pk").values_list("pk", "summary", "position")),
        list(Decision.objects.order_by("pk").values_list("pk", "text")),
        list(FollowUp.objects.order_by("pk").values_list("pk", "description", "status", "target_month")),
        Postponement.objects.count(),
    )


@pytest.fixture
def client_for(anonymous_client, member_client, secretariat_client, superuser_client):
    return {
        ANONYMOUS: anonymous_client,
        MEMBER: member_client,
        SECRETARIAT: secretariat_client,
        ADMIN: superuser_client,
    }


@pytest.fixture
def user_for(member_user, secretariat_user, superuser):
    return {ANONYMOUS: None, MEMBER: member_user, SECRETARIAT: secretariat_user, ADMIN: superuser}


CASES = [
    pytest.param(name, method, role, expected, id=f"{name}-{method}-{role}")
    for name, method, *statuses in MATRIX
    for role, expected in zip(ROLES, statuses, strict=True)
]


@pytest.mark.parametrize(("name", "method", "role", "expected"), CASES)
def test_permission_matrix(world, client_for, user_for, name, method, role, expected):
    kwargs, post_data, setup, succeeded = URLS[name]
    world.user = user_for[role]
    if setup:
        setup(world)
    url = reverse(name, kwargs=kwargs(world))
    before = snapshot()
    client = client_for[role]

    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, post_data(world) if post_data else {})

    assert response.status_code == expected, getattr(response, "context", None) and [
        form.errors for key in ("form",) if (form := response.context.get(key)) is not None
    ]
    world.response = response
    if role == ANONYMOUS and name not in PUBLIC:
        assert response["Location"].startswith(f"{reverse('login')}?next=")
    if name in PUBLIC and expected == 302:
        assert not response["Location"].startswith(reverse("login"))
    if expected in (403, 405):
        assert snapshot() == before
    if method == "POST" and expected == 302 and (role != ANONYMOUS or name in PUBLIC):
        if name not in WITHOUT_MESSAGE:
            assert success_messages(response), "the POST did not succeed"
        assert succeeded(world), "the POST redirected but did not do its work"
    elif method == "POST":
        assert snapshot() == before
        if world.user is not None:
            assert own(world).calendar_token == world.user.calendar_token


# --- login, logout, language ------------------------------------------------------------------


def test_login_page(db, anonymous_client, member_client, secretariat_user):
    assert anonymous_client.get(reverse("login")).status_code == 200
    # Someone already logged in goes straight on.
    response = member_client.get(reverse("login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")

    response = anonymous_client.post(reverse("login"), {"username": "secretaris", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert anonymous_client.get(reverse("agenda:meeting_create")).status_code == 200


def test_login_with_a_wrong_password(db, anonymous_client, secretariat_user):
    response = anonymous_client.post(reverse("login"), {"username": "secretaris", "password": "fout"})
    assert response.status_code == 200
    assert anonymous_client.get(reverse("dashboard")).status_code == 302


def test_login_returns_to_the_page_asked_for(db, anonymous_client, member_user):
    target = reverse("decisions:followup_list")
    response = anonymous_client.get(target)
    assert response["Location"] == f"{reverse('login')}?next={target}"
    response = anonymous_client.post(
        f"{reverse('login')}?next={target}", {"username": "lid", "password": PASSWORD}
    )
    assert response["Location"] == target


@pytest.mark.parametrize("role", [MEMBER, SECRETARIAT])
def test_logout_is_post_only(db, client_for, role):
    assert client_for[role].get(reverse("logout")).status_code == 405
    assert client_for[role].get(reverse("dashboard")).status_code == 200


@pytest.mark.parametrize("method", ["get", "post"])
def test_logout_sends_anonymous_visitors_to_the_login_page(db, anonymous_client, method):
    response = getattr(anonymous_client, method)(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [MEMBER, SECRETARIAT])
def test_logout(db, client_for, role):
    client = client_for[role]
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(reverse("dashboard")).status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_set_language_is_open_to_everyone(db, client_for, role):
    response = client_for[role].post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert response.cookies["django_language"].value == "en"


def test_superuser_may_edit(db, superuser_client, world):
    assert superuser_client.get(reverse("agenda:meeting_create")).status_code == 200


def test_inactive_secretariat_user_may_not_edit(db, secretariat_user, secretariat_client, world):
    secretariat_user.is_active = False
    secretariat_user.save()
    response = secretariat_client.get(reverse("agenda:meeting_create"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_member_of_no_group_reads_but_does_not_edit(db, world):
    from django.test import Client

    client = Client()
    client.force_login(UserFactory(username="zonderrol"))
    assert client.get(reverse("agenda:meeting_list")).status_code == 200
    assert client.get(reverse("agenda:meeting_create")).status_code == 403


def test_calendar_feed_needs_the_secret_token_not_a_login(db, anonymous_client, member_user, world):
    token = member_user.renew_calendar_token()
    member_user.save(update_fields=["calendar_token"])
    response = anonymous_client.get(reverse("agenda:calendar_feed", kwargs={"token": token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in response.content
    assert (
        anonymous_client.get(reverse("agenda:calendar_feed", kwargs={"token": "geraden"})).status_code == 404
    )
    assert anonymous_client.post(reverse("agenda:calendar_feed", kwargs={"token": token})).status_code == 405

    member_user.revoke_calendar_token()
    member_user.save(update_fields=["calendar_token"])
    assert anonymous_client.get(reverse("agenda:calendar_feed", kwargs={"token": token})).status_code == 404


def test_members_see_an_agenda_only_once_it_is_published(db, world, member_client, secretariat_client):
    url = reverse("agenda:agenda_print", kwargs={"pk": world.spare_meeting.pk})
    assert member_client.get(url).status_code == 404  # no agenda yet
    assert secretariat_client.get(url).status_code == 200
    draft(world)
    assert member_client.get(url).status_code == 403  # a draft: the secretariat's business
    assert secretariat_client.get(url).status_code == 200
    decided_draft_publish = agenda_services.agenda_publish
    DraftAgendaLine.objects.update(decision=DraftAgendaLine.Decision.ACCEPTED)
    decided_draft_publish(meeting=world.spare_meeting)
    assert member_client.get(url).status_code == 200
