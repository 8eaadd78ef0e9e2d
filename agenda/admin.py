from django.contrib import admin

from agenda.models import AgendaItem, Meeting, Topic


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["topic"]
    exclude = ["created_by"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "date", "kind", "status", "location"]
    list_filter = ["status", "kind"]
    date_hierarchy = "date"
    inlines = [AgendaItemInline]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_standing"]
    list_filter = ["is_standing"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "topic", "position", "kind", "source"]
    list_filter = ["kind", "source", "meeting"]
    search_fields = ["title", "summary", "topic__name"]
    autocomplete_fields = ["topic"]
    list_select_related = ["meeting", "topic"]
