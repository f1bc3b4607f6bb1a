"""The sign-in form: an e-mail address and a password, checked through Django's auth."""

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

SIGN_IN_FAILED = "Enter a correct e-mail address and password"


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        error_messages={"required": SIGN_IN_FAILED, "invalid": SIGN_IN_FAILED},
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        error_messages={"required": SIGN_IN_FAILED},
    )

    def __init__(self, request: HttpRequest, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user: AbstractBaseUser | None = None

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict:
        """Every failure gives the same message: never say which part was wrong."""
        cleaned = super().clean()
        if self.errors:
            raise forms.ValidationError(SIGN_IN_FAILED)
        # The request is passed so django-axes counts the attempt and can lock the account.
        self.user = authenticate(self.request, email=cleaned["email"], password=cleaned["password"])
        if self.user is None:
            raise forms.ValidationError(SIGN_IN_FAILED)
        return cleaned
