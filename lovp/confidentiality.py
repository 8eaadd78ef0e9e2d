"""Confidential agenda items and follow-ups: the one definition of "hidden for this user on this day".

The secretariat marks an agenda item or a follow-up `is_confidential`, optionally with a `public_from`
date from which it is public. Until then:

- the secretariat (and superusers) see everything;
- members (and anyone or anything without the secretariat role: an e-mail to a member, a calendar
  feed, code that passes no user) see that the item exists, with its topic, kind, meeting, owner,
  status and dates, but none of its text. For an agenda item that is its own title, its summary, who
  brought it in, and its agreements (a decision has no flag of its own: it is as confidential as
  the agenda item it was made at). For a follow-up that is its description, original wording,
  resolution, postponement reasons and the agreement it came from.

A follow-up born at a confidential agenda item is confidential too, for as long as the agenda item
is: what was agreed behind closed doors does not become readable through the follow-up list. Its own
flag can keep it confidential longer than the agenda item (the stricter of the two wins), never
shorter: to publish such a follow-up earlier, the agenda item's `public_from` is brought forward.

The rule exists twice, like FollowUpQuerySet.overdue and FollowUp.is_overdue: as an SQL condition for
querysets (ConfidentialQuerySet) and as a Python method for rows already in memory (Confidential);
tests/test_confidential.py checks that they agree.
"""

import datetime

from django.db import models
from django.db.models import Q


def sees_confidential(user) -> bool:
    """The secretariat and superusers (User.is_secretariat) read confidential text; nobody else."""
    return bool(getattr(user, "is_secretariat", False))


def confidential_condition(on: datetime.date, *, prefix: str = "") -> Q:
    """Rows marked confidential and not yet public on a day; `prefix` reaches the flags ("agenda_item__")."""
    return Q(**{f"{prefix}is_confidential": True}) & (
        Q(**{f"{prefix}public_from__isnull": True}) | Q(**{f"{prefix}public_from__gt": on})
    )


class ConfidentialQuerySet(models.QuerySet):
    """Querysets of rows that may be confidential. `confidential_paths` names where the flags are:
    "" for the row's own fields, "agenda_item__" for those of the agenda item it belongs to."""

    confidential_paths: tuple[str, ...] = ("",)

    def _confidential(self, on: datetime.date) -> Q:
        condition = Q()
        for prefix in self.confidential_paths:
            condition |= confidential_condition(on, prefix=prefix)
        return condition

    def confidential_on(self, on: datetime.date):
        """Rows whose text is confidential on a day, whoever looks."""
        return self.filter(self._confidential(on))

    def hidden_condition(self, user, *, on: datetime.date) -> Q:
        """The condition for rows whose text this user may not read on a day, to combine with others."""
        return Q(pk__in=[]) if sees_confidential(user) else self._confidential(on)

    def hidden_for(self, user, *, on: datetime.date):
        """Rows whose text this user may not read on a day."""
        return self.filter(self.hidden_condition(user, on=on))

    def not_hidden_for(self, user, *, on: datetime.date):
        """Rows whose text this user may read on a day: what a text search may look in."""
        return self.exclude(self.hidden_condition(user, on=on))


class Confidential:
    """The row-level mirror of ConfidentialQuerySet, for a model with `is_confidential` and `public_from`."""

    def is_confidential_on(self, on: datetime.date) -> bool:
        return self.is_confidential and (self.public_from is None or self.public_from > on)

    def is_hidden_for(self, user, *, on: datetime.date) -> bool:
        return not sees_confidential(user) and self.is_confidential_on(on)
