from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def overdue_on(follow_up, day) -> bool:
    return follow_up.is_overdue(on=day)


# Confidential text (lovp.confidentiality), as of today. Pass the `user` of the template context;
# a template without one hides the text.


@register.filter
def hidden_for(row, user) -> bool:
    """Whether an agenda item, decision or follow-up keeps its text from this user today."""
    return row.is_hidden_for(user, on=timezone.localdate())


@register.filter
def description_for(follow_up, user) -> str:
    """A follow-up's description, or "Vertrouwelijke vervolgactie" when it is hidden from this user."""
    return follow_up.description_for(user, on=timezone.localdate())


@register.filter
def heading_for(item, user) -> str:
    """An agenda item's heading, or its topic marked confidential when it is hidden from this user."""
    return item.heading_for(user, on=timezone.localdate())


@register.filter
def confidential(row) -> bool:
    """Whether its text is confidential today (for the "vertrouwelijk" mark everyone sees)."""
    return row.is_confidential_on(timezone.localdate())


@register.inclusion_tag("includes/status_badge.html")
def status_badge(follow_up, today=None):
    return {
        "follow_up": follow_up,
        "overdue": today is not None and follow_up.is_overdue(on=today),
    }
