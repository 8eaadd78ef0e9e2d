from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decisions.models import Decision, FollowUp, Party, Postponement


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "agenda_item"]
    list_filter = ["kind"]
    search_fields = ["text"]
    list_select_related = ["agenda_item__meeting", "agenda_item__topic"]
    raw_id_fields = ["agenda_item"]


class PostponementInline(admin.TabularInline):
    model = Postponement
    extra = 0
    readonly_fields = ["postponed_at"]


class OverdueFilter(admin.SimpleListFilter):
    """Over time today, by FollowUpQuerySet.overdue: the same question as the list's `overdue` filter."""

    title = _("over tijd")
    parameter_name = "over_tijd"

    def lookups(self, request, model_admin):
        return [("1", _("over tijd")), ("0", _("niet over tijd"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "1":
            return queryset.overdue(on=today)
        if self.value() == "0":
            return queryset.not_overdue(on=today)
        return queryset


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["__str__", "topic", "owner", "target_kind", "due_date", "status", "postponement_count"]
    list_filter = ["status", OverdueFilter, "target_kind", "owner", "topic"]
    search_fields = ["description", "promise_text", "resolution"]
    date_hierarchy = "due_date"
    list_select_related = ["topic", "owner"]
    raw_id_fields = ["agenda_item", "decision", "target_meeting", "resolved_in"]
    readonly_fields = ["due_date", "postponement_count"]
    inlines = [PostponementInline]

    def save_model(self, request, obj, form, change):
        obj.resolve_target()
        super().save_model(request, obj, form, change)


@admin.register(Postponement)
class PostponementAdmin(admin.ModelAdmin):
    list_display = ["follow_up", "previous_target_label", "new_target_label", "postponed_by", "postponed_at"]
    raw_id_fields = ["follow_up", "previous_target_meeting"]
