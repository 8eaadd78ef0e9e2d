from django.urls import path

from agenda import views

app_name = "agenda"

urlpatterns = [
    path("vergaderingen/", views.MeetingListView.as_view(), name="meeting_list"),
    path("vergaderingen/nieuw/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("vergaderingen/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("vergaderingen/<int:pk>/wijzigen/", views.MeetingUpdateView.as_view(), name="meeting_update"),
    path("vergaderingen/<int:pk>/gehouden/", views.meeting_mark_held, name="meeting_mark_held"),
    path("vergaderingen/<int:pk>/verwijderen/", views.meeting_delete, name="meeting_delete"),
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
    path("onderwerpen/", views.TopicListView.as_view(), name="topic_list"),
    path("onderwerpen/nieuw/", views.TopicCreateView.as_view(), name="topic_create"),
    path("onderwerpen/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("onderwerpen/<slug:slug>/wijzigen/", views.TopicUpdateView.as_view(), name="topic_update"),
]
