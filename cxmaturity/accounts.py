"""Account pages with site-wide protections added to Django's own views."""

from django.contrib.auth import views as auth_views
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from . import limits

TOO_MANY_GUESSES = (
    "Too many wrong current passwords for this account. For its safety, password changes are paused "
    "for up to an hour; try again later."
)


@method_decorator(never_cache, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, not cached by browsers or proxies, with wrong old passwords throttled.

    Someone who finds a consultant's session open could otherwise guess the
    current password as fast as they can post (the login page has django-axes;
    this form had nothing). At most CX_PASSWORD_GUESSES_PER_HOUR wrong ones per
    account per hour; then the form answers 429 without checking any password.
    """

    def post(self, request, *args, **kwargs):
        if not limits.password_guesses_left(request):
            # A form with this one error and no validation run: no password is checked at all.
            form = self.get_form_class()(user=request.user, data={})
            form._errors = ErrorDict({NON_FIELD_ERRORS: form.error_class([TOO_MANY_GUESSES])})
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.has_error("old_password", "password_incorrect"):
            limits.password_guess_allowed(self.request)  # counts this wrong guess
        return super().form_invalid(form)
