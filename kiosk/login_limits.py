"""Login attempts, limited per address and per account, without locking a clerk out.

Only failed attempts count (a 401). Three limits apply to POST /admin/login:
- per address: a guessing machine is slowed whatever names it tries;
- per account from one address: 5 a minute, then 429 for that account from that address
  only, so someone guessing a clerk's password does not lock the clerk out at her desk;
- per account from anywhere, a wider ceiling against guessing from many addresses. A browser
  that has logged in as that account before carries a signed "known device" cookie and is
  exempt from this one, so even a distributed attack cannot lock the clerk out.

Failures are counted, and written to the audit trail only at the 1st, 10th, 100th... of an
account in an hour: a flood of guesses cannot flood the hash-chained trail.
"""
import time

from flask import current_app, request
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .extensions import limiter

PER_ADDRESS = "30 per minute;300 per hour"
PER_ACCOUNT_AND_ADDRESS = "5 per minute;30 per hour"
PER_ACCOUNT = "20 per minute;200 per hour"
DEVICE_COOKIE = "kiosk_device"
DEVICE_MAX_AGE = 90 * 86400
DEVICE_NAMES = 8  # accounts remembered per browser (a shared office PC)
FAILURE_WINDOW = 3600


def _account():
    return (request.form.get("username") or "").strip()[:64] or "-"


def _failed(response):
    return response.status_code == 401


def limit_logins(view):
    """Decorate the login view with the three limits."""
    for limit, key in ((PER_ADDRESS, get_remote_address),
                       (PER_ACCOUNT_AND_ADDRESS, lambda: f"{get_remote_address()}|{_account()}"),
                       (PER_ACCOUNT, lambda: f"account|{_account()}")):
        exempt = _known_device if limit is PER_ACCOUNT else None
        view = limiter.limit(limit, key_func=key, methods=["POST"], deduct_when=_failed,
                             exempt_when=exempt, per_method=True)(view)
    return view


def retry_after():
    """Seconds until the breached login limit lets this client try again."""
    current = limiter.current_limit
    return max(1, int(current.reset_at - time.time())) if current else 60


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="known-device")


def _known_device():
    try:
        names = _serializer().loads(request.cookies.get(DEVICE_COOKIE, ""), max_age=DEVICE_MAX_AGE)
    except BadSignature:
        return False
    return isinstance(names, list) and _account() in names


def remember_device(response, name):
    """After a successful login: this browser is known for this account."""
    try:
        names = _serializer().loads(request.cookies.get(DEVICE_COOKIE, ""), max_age=DEVICE_MAX_AGE)
    except BadSignature:
        names = []
    names = [name] + [n for n in (names if isinstance(names, list) else []) if n != name][:DEVICE_NAMES - 1]
    response.set_cookie(DEVICE_COOKIE, _serializer().dumps(names), max_age=DEVICE_MAX_AGE, httponly=True,
                        samesite="Lax", secure=request.is_secure, path="/admin/")
    return response


class FailureCounter:
    """Failed logins per known account in the current hour; says when one is worth auditing."""

    def __init__(self):
        self._counts = {}

    def count(self, user_id, moment):
        window = int(moment // FAILURE_WINDOW)
        seen_window, count = self._counts.get(user_id, (window, 0))
        count = count + 1 if seen_window == window else 1
        self._counts[user_id] = (window, count)
        return count

    @staticmethod
    def worth_auditing(count):
        return count in (1, 10, 100, 1000, 10000)
