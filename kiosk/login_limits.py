"""Login attempts, limited per address and per account, without locking a clerk out.

Every attempt counts, before any work is done (counting only failures, after the fact,
lets a crowd of concurrent guesses through while the first ones are still being hashed).
Three limits apply to POST /admin/login:
- per address: a guessing machine is slowed whatever names it tries;
- per account from one address: 5 a minute, then 429 for that account from that address
  only, so someone guessing a clerk's password does not lock the clerk out at her desk;
- per account from anywhere, a wider ceiling against guessing from many addresses. A browser
  that has logged in as that account before carries a signed "known device" cookie and is
  exempt from this one, so even a distributed attack cannot lock the clerk out.

Failures are counted, and written to the audit trail only at the 1st, 10th, 100th... of an
account in an hour: a flood of guesses cannot flood the hash-chained trail.
"""
import threading
import time

from flask import current_app, g, has_request_context, request
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .extensions import limiter
from .offload import run_off_loop

PER_ADDRESS = "30 per minute;300 per hour"
PER_ACCOUNT_AND_ADDRESS = "5 per minute;30 per hour"
PER_ACCOUNT = "20 per minute;200 per hour"
DEVICE_COOKIE = "kiosk_device"
DEVICE_MAX_AGE = 90 * 86400
DEVICE_NAMES = 8  # accounts remembered per browser (a shared office PC)
FAILURE_WINDOW = 3600
GATE_SIZE = 1  # login posts worked on by the event loop at once (hashing waits outside the gate)
GATE_WAIT = 10  # seconds a login post may wait for its turn before it is told to come back
TARPIT = 1.0  # seconds a refused guess waits (asleep, outside the gate) before its 429


def install_gate(app, busy):
    """Let at most GATE_SIZE login posts be worked on at once; the rest wait, asleep.

    Sixteen guessers each cost the event loop a little CPU (form, CSRF, limits, a page):
    all at once, a /healthz or a screen's request waits behind all sixteen. Behind the
    gate it waits behind one at most. Registered before the CSRF and limit checks so that
    those run inside it. `busy()` answers a post that waited GATE_WAIT in vain.
    """
    gate = threading.BoundedSemaphore(GATE_SIZE)  # gevent's own once monkey-patched

    @app.before_request
    def enter_gate():
        if request.method == "POST" and request.endpoint == "admin.login":
            if not gate.acquire(timeout=GATE_WAIT):
                return busy(GATE_WAIT)
            g.login_gate = gate

    @app.teardown_request
    def leave_gate(exc):
        leave_login_gate()


def hash_outside_gate(function, *args):
    """Accounts' offload hook: hash on a worker thread, letting the next login post through
    the gate meanwhile (waiting for a hash costs the loop nothing)."""
    held = g.pop("login_gate", None) if has_request_context() else None
    if held is None:
        return run_off_loop(function, *args)
    held.release()
    try:
        return run_off_loop(function, *args)
    finally:
        held.acquire()
        g.login_gate = held


def leave_login_gate():
    held = g.pop("login_gate", None)
    if held is not None:
        held.release()


def hold_back_refused():
    """A refused guess leaves the gate, then waits a second: a guesser that ignores
    Retry-After gets about one answer a second instead of as many as the loop can give.
    Asleep, it costs nothing; tests (app.testing) do not wait."""
    leave_login_gate()
    if not current_app.testing:
        time.sleep(TARPIT)


def _account():
    return (request.form.get("username") or "").strip()[:64] or "-"


def limit_logins(view):
    """Decorate the login view with the three limits."""
    for limit, key in ((PER_ADDRESS, get_remote_address),
                       (PER_ACCOUNT_AND_ADDRESS, lambda: f"{get_remote_address()}|{_account()}"),
                       (PER_ACCOUNT, lambda: f"account|{_account()}")):
        exempt = _known_device if limit is PER_ACCOUNT else None
        view = limiter.limit(limit, key_func=key, methods=["POST"], exempt_when=exempt, per_method=True)(view)
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
