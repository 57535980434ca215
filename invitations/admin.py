from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model

from assessments.forms import PlainTextField

from . import accounts
from .models import ConsultantInvitation, OutboundMessage
from .services import site_url_for


class ConsultantInvitationForm(forms.ModelForm):
    first_name = PlainTextField(max_length=150, required=False)
    last_name = PlainTextField(max_length=150, required=False)
    email = forms.EmailField(help_text="The invitation with a link to choose a password goes here.")

    class Meta:
        model = ConsultantInvitation
        fields = ["username", "first_name", "last_name", "email"]

    def clean_email(self):
        email = self.cleaned_data["email"]
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account already has this address.")
        return email


@admin.register(ConsultantInvitation)
class ConsultantInvitationAdmin(admin.ModelAdmin):
    """Admin → Invitations and e-mail → Consultant invitations: add one to invite a consultant by e-mail."""

    form = ConsultantInvitationForm
    list_display = ["username", "first_name", "last_name", "email", "last_login"]
    search_fields = ["username", "first_name", "last_name", "email"]
    actions = ["invite_again"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(groups__name="Consultants")

    def has_change_permission(self, request, obj=None):
        return False  # edit accounts under Users; this page only invites

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        user = accounts.consultant_invite(
            username=data["username"],
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            site_url=site_url_for(request.build_absolute_uri("/")),
        )
        obj.pk = user.pk
        messages.info(request, f"An invitation to choose a password is queued for {user.get_username()}.")

    @admin.action(description="Send the invitation e-mail again")
    def invite_again(self, request, queryset):
        site_url = site_url_for(request.build_absolute_uri("/"))
        for user in queryset:
            accounts.consultant_invite_again(user=user, site_url=site_url)
        self.message_user(request, f"{queryset.count()} invitation(s) queued.")


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):
    """Delivery state only: no address is stored on a message."""

    list_display = ["kind", "state", "attempts", "created_at", "sent_at", "last_error"]
    list_filter = ["kind", "state"]
    readonly_fields = [f.name for f in OutboundMessage._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
