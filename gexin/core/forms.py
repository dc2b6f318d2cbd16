"""Form helpers shared by every app."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class ChangeReasonForm(forms.Form):
    """The version an edit started from, and an optional reason kept in the history."""

    version = forms.CharField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional; kept in the history with your name."),
    )


class ScopedModelForm(forms.ModelForm):
    """A model form that knows the user it is filled in by."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)


class LoginForm(AuthenticationForm):
    """The sign-in form; its error never says whether the user name exists."""

    error_messages = {
        "invalid_login": _(
            "The user name and password do not match an active account. Both are case-sensitive."
        ),
        "inactive": _(
            "The user name and password do not match an active account. Both are case-sensitive."
        ),
    }
