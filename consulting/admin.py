from django.contrib import admin

from .models import Client, ClientTarget, ConsultantProfile, Round


class ClientTargetInline(admin.TabularInline):
    model = ClientTarget
    extra = 0


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0
    fields = ["title", "opened_on", "closed_at"]


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "industry", "size_band", "archived_at"]
    list_filter = ["size_band", "archived_at"]
    search_fields = ["name", "industry", "owner__username"]
    inlines = [RoundInline, ClientTargetInline]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["title", "client", "opened_on", "closed_at"]
    search_fields = ["title", "client__name"]


@admin.register(ConsultantProfile)
class ConsultantProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "firm"]
    search_fields = ["user__username", "firm"]
