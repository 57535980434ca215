from django.contrib import admin

from .models import Answer, Assessment


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["question", "option", "note", "updated_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "respondent_role", "round", "created_at", "completed_at"]
    list_filter = [("completed_at", admin.EmptyFieldListFilter), "facilitated", "created_at"]
    search_fields = ["organisation_name", "respondent_role", "respondent_name", "department"]
    date_hierarchy = "created_at"
    list_select_related = ["round__client"]
    # Results are frozen: admins may look and delete, but not rewrite what was given.
    readonly_fields = [
        "organisation_name",
        "respondent_role",
        "round",
        "respondent_name",
        "department",
        "facilitated",
        "created_at",
        "updated_at",
        "completed_at",
        "result",
    ]
    exclude = []
    inlines = [AnswerInline]

    def has_add_permission(self, request):
        return False
