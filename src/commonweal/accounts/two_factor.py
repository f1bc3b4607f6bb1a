"""Two-factor sign-in for staff: codes from an authenticator app (TOTP, RFC 6238).

pyotp makes and checks the codes; this module keeps the rules around them:

- only staff (anyone with a membership, and platform administrators) may turn it on;
- a code is accepted from one 30-second step either side of now (clocks drift), and never
  twice (the step of the last accepted code is kept);
- 10 single-use recovery codes are made when it is turned on, shown once, and only their
  SHA-256 hashes kept (each has about 79 random bits, so a fast hash is enough);
- after 5 wrong codes in a row no code is accepted for 15 minutes, the right one included.

The secret is kept as pyotp uses it (base32) and never logged.
"""

import enum
import hashlib
import secrets
from datetime import datetime, timedelta

import pyotp
import segno
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from commonweal.accounts.models import RecoveryCode, TwoFactorDevice, User

ISSUER = "Commonweal"
VALID_WINDOW = 1
FAILURE_LIMIT = 5
LOCKOUT = timedelta(minutes=15)
RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_LENGTH = 16
# 31 letters and digits that are hard to confuse (no 0, 1, i, l, o).
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_GROUP = 4


class Outcome(enum.Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    LOCKED = "locked"


def may_use(user: User) -> bool:
    """Staff may turn two-factor sign-in on: platform administrators and members."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.memberships.exists()


def device_of(user: User) -> TwoFactorDevice | None:
    """The user's confirmed device, or None when two-factor sign-in is off."""
    return TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def is_on(user: User) -> bool:
    return device_of(user) is not None


def start_set_up(*, user: User) -> TwoFactorDevice:
    """The device being set up, with a new secret the first time. Refuses if already on."""
    if is_on(user):
        raise ValueError("Two-factor sign-in is already on.")
    device, _ = TwoFactorDevice.objects.get_or_create(
        user=user, defaults={"secret": pyotp.random_base32()}
    )
    return device


def spaced_secret(device: TwoFactorDevice) -> str:
    """The secret in groups of 4, to type into an app by hand."""
    return " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4))


def provisioning_uri(device: TwoFactorDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.email, issuer_name=ISSUER)


def qr_code_svg(device: TwoFactorDevice) -> SafeString:
    """The set-up address as a QR code: an inline SVG drawn here, with no service involved."""
    code = segno.make(provisioning_uri(device), error="m")
    border = 4
    size = code.symbol_size(scale=1, border=border)[0]
    runs = []
    for y, row in enumerate(code.matrix_iter(scale=1, border=border)):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h{start - x}z")
            else:
                x += 1
    label = escape(f"QR code to set up {ISSUER} in an authenticator app")
    return mark_safe(  # noqa: S308  # nosec B308 B703 (only numbers and an escaped label go into it)
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size * 5}" '
        f'height="{size * 5}" role="img" aria-label="{label}" class="cw-qr-code">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#0b0c0c" d="{"".join(runs)}"/></svg>'
    )


def _digits(code: str) -> str:
    return "".join(code.split())


def _recovery_form(code: str) -> str:
    return "".join(c for c in code.lower() if c.isalnum())


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


def _matching_step(device: TwoFactorDevice, code: str, now: datetime) -> int | None:
    code = _digits(code)
    if len(code) != 6 or not code.isdigit():
        return None
    try:
        step = pyotp.TOTP(device.secret).verify_and_get_timecode(
            code, for_time=now, valid_window=VALID_WINDOW
        )
    except pyotp.exceptions.OTPVerificationError:
        return None
    return step if step > device.last_used_step else None


def looks_like_app_code(code: str) -> bool:
    code = _digits(code)
    return len(code) == 6 and code.isdigit()


def _new_recovery_codes(user: User) -> list[str]:
    codes = [
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=_hash(c)) for c in codes)
    return [
        "-".join(c[i : i + _RECOVERY_GROUP] for i in range(0, len(c), _RECOVERY_GROUP))
        for c in codes
    ]


def confirm_set_up(*, device: TwoFactorDevice, code: str) -> list[str] | None:
    """Turn two-factor sign-in on if the code is right; return the new recovery codes.

    None, and nothing changed, for a wrong code.
    """
    now = timezone.now()
    with transaction.atomic():
        device = TwoFactorDevice.objects.select_for_update().get(pk=device.pk)
        step = _matching_step(device, code, now)
        if step is None or device.confirmed_at is not None:
            return None
        device.confirmed_at = now
        device.last_used_step = step
        device.failed_attempts = 0
        device.locked_until = None
        device.save()
        return _new_recovery_codes(device.user)


def is_locked(device: TwoFactorDevice) -> bool:
    return device.locked_until is not None and device.locked_until > timezone.now()


def check_code(*, user: User, code: str) -> Outcome:
    """Check a code from the app, or a recovery code (which is then used up).

    Wrong codes are counted; the FAILURE_LIMIT-th in a row locks the device for LOCKOUT.
    """
    now = timezone.now()
    with transaction.atomic():
        device = (
            TwoFactorDevice.objects.select_for_update()
            .filter(user=user, confirmed_at__isnull=False)
            .first()
        )
        if device is None:
            return Outcome.WRONG
        if device.locked_until is not None and device.locked_until > now:
            return Outcome.LOCKED
        step = _matching_step(device, code, now)
        if step is not None:
            device.last_used_step = step
        elif not (code.strip() and _use_recovery_code(user, code, now)):
            return _count_failure(device, now)
        device.failed_attempts = 0
        device.locked_until = None
        device.save(update_fields=["last_used_step", "failed_attempts", "locked_until"])
        return Outcome.ACCEPTED


def _use_recovery_code(user: User, code: str, now: datetime) -> bool:
    used = RecoveryCode.objects.filter(
        user=user, code_hash=_hash(_recovery_form(code)), used_at__isnull=True
    ).update(used_at=now)
    return used == 1


def _count_failure(device: TwoFactorDevice, now: datetime) -> Outcome:
    device.failed_attempts += 1
    outcome = Outcome.WRONG
    if device.failed_attempts >= FAILURE_LIMIT:
        device.failed_attempts = 0
        device.locked_until = now + LOCKOUT
        outcome = Outcome.LOCKED
    device.save(update_fields=["failed_attempts", "locked_until"])
    return outcome


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def turn_off(*, user: User, code: str) -> Outcome:
    """Turn two-factor sign-in off, if the code (from the app, or a recovery code) is right."""
    outcome = check_code(user=user, code=code)
    if outcome is Outcome.ACCEPTED:
        with transaction.atomic():
            TwoFactorDevice.objects.filter(user=user).delete()
            RecoveryCode.objects.filter(user=user).delete()
    return outcome
