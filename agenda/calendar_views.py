from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from agenda import calendar

CONTENT_TYPE = "text/calendar; charset=utf-8"


@require_safe
def meeting_ics(request, pk):
    """One meeting as a calendar file, to add it to one's own calendar."""
    meeting = get_object_or_404(calendar.meetings_with_agenda(), pk=pk)
    response = HttpResponse(
        calendar.meeting_calendar(meeting, absolute_url=request.build_absolute_uri, user=request.user),
        content_type=CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="{slugify(meeting.title)}.ics"'
    return response


@login_not_required
@require_safe
@never_cache
def calendar_feed(request, token):
    """The personal calendar feed. Calendar apps cannot log in: the secret token in the address is the
    key. A revoked or renewed token, or an inactive account, finds nothing."""
    user = get_object_or_404(
        # is_active and is_superuser (with the groups) decide whether it may show confidential text.
        get_user_model().objects.only("pk", "party_id", "is_active", "is_superuser"),
        calendar_token=token,
        is_active=True,
    )
    body = calendar.feed_calendar(user, absolute_url=request.build_absolute_uri, today=timezone.localdate())
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="lovp-besluitvolger.ics"'
    # The address is a secret: keep it out of search engines.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
