from django.urls import path

from agenda import calendar_views, draft_views, views

app_name = "agenda"

urlpatterns = [
    path("vergaderingen/", views.MeetingListView.as_view(), name="meeting_list"),
    path("vergaderingen/nieuw/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("vergaderingen/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("vergaderingen/<int:pk>/wijzigen/", views.MeetingUpdateView.as_view(), name="meeting_update"),
    path("vergaderingen/<int:pk>/gehouden/", views.meeting_mark_held, name="meeting_mark_held"),
    path("vergaderingen/<int:pk>/verwijderen/", views.meeting_delete, name="meeting_delete"),
    path("vergaderingen/<int:pk>/archiveren/", views.meeting_archive, name="meeting_archive"),
    path("vergaderingen/<int:pk>/uit-archief/", views.meeting_unarchive, name="meeting_unarchive"),
    path("vergaderingen/<int:pk>/agenda.ics", calendar_views.meeting_ics, name="meeting_ics"),
    path("agenda/feed/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("vergaderingen/<int:meeting_pk>/agendapunten/nieuw/", views.agenda_item_edit, name="agenda_item_create"),
    path(
        "vergaderingen/<int:meeting_pk>/agendapunten/<int:pk>/wijzigen/",
        views.agenda_item_edit,
        name="agenda_item_update",
    ),
    path(
        "vergaderingen/<int:meeting_pk>/agendapunten/<int:pk>/verwijderen/",
        views.agenda_item_delete,
        name="agenda_item_delete",
    ),
    path("vergaderingen/<int:pk>/conceptagenda/", draft_views.draft_agenda, name="draft_agenda"),
    path("vergaderingen/<int:pk>/conceptagenda/bijwerken/", draft_views.draft_agenda_build, name="draft_agenda_build"),
    path("vergaderingen/<int:pk>/conceptagenda/publiceren/", draft_views.draft_agenda_publish, name="draft_agenda_publish"),
    path(
        "vergaderingen/<int:pk>/conceptagenda/regels/<int:line_pk>/beslissen/",
        draft_views.draft_line_decide,
        name="draft_line_decide",
    ),
    path(
        "vergaderingen/<int:pk>/conceptagenda/regels/<int:line_pk>/verplaatsen/",
        draft_views.draft_line_move,
        name="draft_line_move",
    ),
    path(
        "vergaderingen/<int:pk>/conceptagenda/regels/<int:line_pk>/wijzigen/",
        draft_views.draft_line_update,
        name="draft_line_update",
    ),
    path(
        "vergaderingen/<int:pk>/agendapunten/<int:item_pk>/verplaatsen/",
        draft_views.agenda_item_move,
        name="agenda_item_move",
    ),
    path("vergaderingen/<int:pk>/agenda/", draft_views.agenda_print, name="agenda_print"),
    path("onderwerpen/", views.TopicListView.as_view(), name="topic_list"),
    path("onderwerpen/nieuw/", views.TopicCreateView.as_view(), name="topic_create"),
    path("onderwerpen/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("onderwerpen/<slug:slug>/wijzigen/", views.TopicUpdateView.as_view(), name="topic_update"),
]
