"""The profile page: one's own details and password, the weekly digest and the personal calendar feed.

Every logged-in user manages only their own account here, so there is no further permission check.
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.messages.views import SuccessMessageMixin
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lovp.profile_forms import WeeklyDigestForm


def profile(request):
    user = request.user
    feed_url = None
    if user.calendar_token:
        feed_url = request.build_absolute_uri(
            reverse("agenda:calendar_feed", kwargs={"token": user.calendar_token})
        )
    return render(
        request,
        "profile.html",
        {"digest_form": WeeklyDigestForm(instance=user), "feed_url": feed_url},
    )


@require_POST
def profile_digest(request):
    form = WeeklyDigestForm(request.POST, instance=request.user)
    # A single checkbox: an unticked box is simply "off", so the form is always valid.
    if form.is_valid():
        user = form.save()
        if user.weekly_digest:
            messages.success(request, _("U ontvangt voortaan elke maandag de wekelijkse samenvatting."))
        else:
            messages.success(request, _("U ontvangt de wekelijkse samenvatting niet meer."))
    return redirect("profile")


@require_POST
def calendar_feed_renew(request):
    user = request.user
    had_feed = bool(user.calendar_token)
    user.renew_calendar_token()
    user.save(update_fields=["calendar_token"])
    if had_feed:
        messages.success(request, _("Uw agendafeed heeft een nieuw adres. Het oude adres werkt niet meer."))
    else:
        messages.success(request, _("Uw agendafeed staat aan."))
    return redirect("profile")


@require_POST
def calendar_feed_revoke(request):
    user = request.user
    user.revoke_calendar_token()
    user.save(update_fields=["calendar_token"])
    messages.success(request, _("Uw agendafeed staat uit. Het adres werkt niet meer."))
    return redirect("profile")


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    """Django's password change (old password, new one twice), back to the profile with a message.

    The user stays logged in here; their other sessions end (update_session_auth_hash).
    """

    success_url = reverse_lazy("profile")
    success_message = gettext_lazy("Uw wachtwoord is gewijzigd.")
