from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from lovp import profile_views, views
from lovp.forms import LoginForm

admin.site.site_header = "LOVP-besluitvolger"
admin.site.site_title = "LOVP-besluitvolger"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("zoeken/", views.search, name="search"),
    path("inloggen/", auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("taal/", login_not_required(set_language), name="set_language"),
    # Password reset by e-mail, for people who cannot log in. Django's views are already marked
    # login_not_required; saying so here keeps it visible next to LoginRequiredMiddleware.
    path(
        "wachtwoord-vergeten/",
        login_not_required(
            auth_views.PasswordResetView.as_view(
                email_template_name="emails/password_reset.txt",
                subject_template_name="emails/password_reset_subject.txt",
            )
        ),
        name="password_reset",
    ),
    path(
        "wachtwoord-vergeten/verstuurd/",
        login_not_required(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-vergeten/<uidb64>/<token>/",
        login_not_required(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-vergeten/klaar/",
        login_not_required(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path("profiel/", profile_views.profile, name="profile"),
    path("profiel/wachtwoord/", profile_views.PasswordChangeView.as_view(), name="password_change"),
    path("profiel/samenvatting/", profile_views.profile_digest, name="profile_digest"),
    path("profiel/agendafeed/nieuw-adres/", profile_views.calendar_feed_renew, name="profile_feed_renew"),
    path("profiel/agendafeed/uitzetten/", profile_views.calendar_feed_revoke, name="profile_feed_revoke"),
    path("beheer/", admin.site.urls),
    path("", include("agenda.urls")),
    path("", include("decisions.urls")),
]
