"""factory_boy factories for the LOVP-besluitvolger test suite.

Parties and role groups come from the data migrations; the factories look them up rather than
inventing new ones, so tests see the same "korpschef" and "secretariaat" as the application.
"""

import datetime

import factory
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from agenda.models import AgendaItem, Meeting, Topic
from decisions.models import Decision, FollowUp, Party
from lovp import roles
from lovp.models import User

PASSWORD = "geheim-wachtwoord-123"


def seeded_party(slug: str = "korpschef") -> Party:
    """A party created by decisions/migrations/0003_seed_parties.py."""
    return Party.objects.get(slug=slug)


class PartyFactory(DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Partij {n}")
    slug = factory.Sequence(lambda n: f"partij-{n}")
    position = factory.Sequence(lambda n: 100 + n)


class UserFactory(DjangoModelFactory):
    """A user; `UserFactory(secretariat=True)` or `UserFactory(member=True)` gives them a role."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@lovp.example")
    password = factory.django.Password(PASSWORD)

    class Params:
        secretariat = factory.Trait(
            role=factory.PostGeneration(
                lambda user, create, extracted, **kw: _add_role(user, roles.SECRETARIAT)
            ),
        )
        member = factory.Trait(
            party=factory.LazyFunction(lambda: seeded_party("korpschef")),
            role=factory.PostGeneration(lambda user, create, extracted, **kw: _add_role(user, roles.MEMBER)),
        )


def _add_role(user, name: str) -> None:
    user.groups.add(Group.objects.get(name=name))
    user.__dict__.pop("group_names", None)  # the cached_property on User


class MeetingFactory(DjangoModelFactory):
    """A meeting saved directly (no follow-up re-pointing); use agenda.services.meeting_save for that."""

    class Meta:
        model = Meeting

    date = factory.Sequence(lambda n: datetime.date(2019, 1, 7) + datetime.timedelta(weeks=n))
    kind = Meeting.Kind.REGULAR
    location = "Den Haag"
    status = Meeting.Status.PLANNED

    class Params:
        held = factory.Trait(status=Meeting.Status.HELD)
        extra = factory.Trait(kind=Meeting.Kind.EXTRA)


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Onderwerp {n}")


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    topic = factory.SubFactory(TopicFactory)
    position = factory.Sequence(lambda n: n + 1)
    summary = "Er is over gesproken."


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    agenda_item = factory.SubFactory(AgendaItemFactory)
    text = factory.Sequence(lambda n: f"Afgesproken is punt {n}.")
    kind = Decision.Kind.AGREEMENT


class FollowUpFactory(DjangoModelFactory):
    """A follow-up whose target meeting and due date are resolved as the services would.

    Pass the promised target (target_kind with target_month / target_date / target_meeting); the
    post-generation hook runs FollowUp.resolve_target() against the meetings then in the database.
    """

    class Meta:
        model = FollowUp
        skip_postgeneration_save = True

    agenda_item = factory.SubFactory(AgendaItemFactory)
    topic = factory.SelfAttribute("agenda_item.topic")
    description = factory.Sequence(lambda n: f"Vervolgactie {n}")
    owner = factory.LazyFunction(lambda: seeded_party("korpschef"))
    target_kind = FollowUp.TargetKind.NEXT_MEETING

    class Params:
        month = factory.Trait(target_kind=FollowUp.TargetKind.MONTH, target_month=datetime.date(2021, 2, 1))
        done = factory.Trait(status=FollowUp.Status.DONE, resolution="Besproken en afgerond.")
        dropped = factory.Trait(status=FollowUp.Status.DROPPED, resolution="Niet meer nodig.")

    @factory.post_generation
    def resolve(self, create, extracted, **kwargs):
        self.resolve_target()
        if create:
            self.save(update_fields=["target_meeting", "due_date"])
