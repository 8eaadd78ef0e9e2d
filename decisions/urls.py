from django.urls import path

from decisions import export_views, import_views, views

app_name = "decisions"

urlpatterns = [
    path("vervolgacties/", views.followup_list, name="followup_list"),
    path("vervolgacties/export/", export_views.followup_export, name="followup_export"),
    path("vervolgacties/mijn/", views.my_followups, name="my_followups"),
    path("vervolgacties/<int:pk>/", views.followup_detail, name="followup_detail"),
    path("vervolgacties/<int:pk>/wijzigen/", views.followup_update, name="followup_update"),
    path("vervolgacties/<int:pk>/uitstellen/", views.followup_postpone, name="followup_postpone"),
    path("vervolgacties/<int:pk>/afronden/", views.followup_resolve, name="followup_resolve"),
    path("vervolgacties/<int:pk>/laten-vervallen/", views.followup_drop, name="followup_drop"),
    path("vervolgacties/<int:pk>/heropenen/", views.followup_reopen, name="followup_reopen"),
    path("importeren/", import_views.minutes_import, name="minutes_import"),
    path(
        "vergaderingen/<int:pk>/terugkoppeling.<str:fmt>",
        import_views.meeting_publication,
        name="meeting_publication",
    ),
    path("agendapunten/<int:agenda_item_pk>/vervolgacties/nieuw/", views.followup_create, name="followup_create"),
]
