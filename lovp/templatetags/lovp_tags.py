from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

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


# The two tags below run once per row of long tables: they build their HTML in Python rather than
# rendering a template per row.


@register.simple_tag
def status_badge(follow_up, today=None):
    """The status as a badge, preceded by "over tijd" when it is over time on `today`."""
    status = format_html(
        '<span class="badge status status-{}">{}</span>', follow_up.status, follow_up.get_status_display()
    )
    if today is not None and follow_up.is_overdue(on=today):
        return format_html('<span class="badge status status-overdue">{}</span>\n{}', _("over tijd"), status)
    return format_html("\n{}", status)


@register.simple_tag(takes_context=True)
def confidential_mark(context, row):
    """For the secretariat: "vertrouwelijk" beside a text that is confidential today. Members see a
    substitute text instead, so no mark."""
    if confidential(row) and not hidden_for(row, context.get("user")):
        return format_html(
            ' <span class="badge rounded-pill text-bg-dark confidential-mark">{}</span>', _("vertrouwelijk")
        )
    return ""
