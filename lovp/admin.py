from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from lovp.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "party", "is_staff", "is_active"]
    list_filter = [*BaseUserAdmin.list_filter, "party"]
    fieldsets = [*BaseUserAdmin.fieldsets, (_("LOVP"), {"fields": ["party"]})]
    add_fieldsets = [*BaseUserAdmin.add_fieldsets, (_("LOVP"), {"fields": ["email", "party"]})]
