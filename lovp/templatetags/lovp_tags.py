from django import template

register = template.Library()


@register.filter
def overdue_on(follow_up, day) -> bool:
    return follow_up.is_overdue(on=day)


@register.inclusion_tag("includes/status_badge.html")
def status_badge(follow_up, today=None):
    return {
        "follow_up": follow_up,
        "overdue": today is not None and follow_up.is_overdue(on=today),
    }
