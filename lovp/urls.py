from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from lovp import profile_views, views

admin.site.site_header = "LOVP-besluitvolger"
admin.site.site_title = "LOVP-besluitvolger"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("zoeken/", views.search, name="search"),
    path("inloggen/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("taal/", login_not_required(set_language), name="set_language"),
    path("profiel/", profile_views.profile, name="profile"),
    path("profiel/samenvatting/", profile_views.profile_digest, name="profile_digest"),
    path("profiel/agendafeed/nieuw-adres/", profile_views.calendar_feed_renew, name="profile_feed_renew"),
    path("profiel/agendafeed/uitzetten/", profile_views.calendar_feed_revoke, name="profile_feed_revoke"),
    path("beheer/", admin.site.urls),
    path("", include("agenda.urls")),
    path("", include("decisions.urls")),
]
