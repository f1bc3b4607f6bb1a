"""The sign-in form (an e-mail address and a password, checked through Django's auth), and
the form a resident registers with."""

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from commonweal.accounts.models import User

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


class RegistrationForm(forms.Form):
    """A resident's account: an e-mail address and a password (and a name, if they like)."""

    full_name = forms.CharField(label="Full name (optional)", max_length=200, required=False)
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        error_messages={
            "required": "Enter your e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.com",
        },
    )
    password = forms.CharField(
        label="Create a password",
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        error_messages={"required": "Enter a password"},
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this e-mail address already exists. Sign in instead"
            )
        return email

    def clean(self) -> dict:
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as problems:
                for message in problems.messages:
                    self.add_error("password", message)
        return cleaned

    def save(self) -> User:
        return User.objects.create_user(
            self.cleaned_data["email"],
            self.cleaned_data["password"],
            full_name=self.cleaned_data["full_name"].strip(),
        )


class CodeForm(forms.Form):
    """One box for a code: from the authenticator app, or (when signing in) a recovery code."""

    code = forms.CharField(label="Code", max_length=64, required=False)

    def code_given(self) -> str:
        return self.cleaned_data.get("code", "").strip() if self.is_valid() else ""
