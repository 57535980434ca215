from django.contrib import admin

from . import services
from .models import ExternalReference, ExternalReferenceStage, Industry, OrganisationSize, PeerSettings


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


@admin.register(OrganisationSize)
class OrganisationSizeAdmin(admin.ModelAdmin):
    list_display = ["name", "client_size_band", "order"]
    list_editable = ["order"]


@admin.register(PeerSettings)
class PeerSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__"]

    def has_add_permission(self, request):
        return not PeerSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # New minimums change which segments may be shown, now.
        services.aggregates_republish()


class ExternalReferenceStageInline(admin.TabularInline):
    model = ExternalReferenceStage
    extra = 0


@admin.register(ExternalReference)
class ExternalReferenceAdmin(admin.ModelAdmin):
    list_display = ["publisher", "title", "year", "sample_size", "shown"]
    list_filter = ["shown", "publisher"]
    inlines = [ExternalReferenceStageInline]
