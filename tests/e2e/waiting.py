"""Waiting for a page condition that needs `await` (Cache Storage, service workers).

Playwright's `wait_for_function` does not await a promise its condition returns: a promise
is truthy, so the wait ends at once, whatever the promise would have said. `wait_until`
evaluates the condition (evaluate does await) until its answer holds."""
import time

from playwright.sync_api import Error as PlaywrightError

SW_ACTIVE = "() => navigator.serviceWorker.getRegistration().then((r) => Boolean(r && r.active))"


def wait_for_images(page, selector, timeout_s=10):
    """Wait until every image matching `selector` is drawn. A `loading="lazy"` image (thumbnails,
    the kiosk's QR code) loads after the page's load event, so a look right after goto is early."""
    page.wait_for_function("(selector) => [...document.querySelectorAll(selector)]"
                           ".every((i) => i.complete && i.naturalWidth > 0)", arg=selector, timeout=timeout_s * 1000)


def wait_until(page, condition, arg=None, timeout_s=30, every_s=0.25, what="the condition"):
    """Evaluate `condition(arg)` in the page until it is truthy; its answer, or AssertionError
    after `timeout_s` naming `what` and the last answer. A navigation under way (the kiosk's
    idle reset, say) is waited out, not mistaken for an answer."""
    deadline = time.monotonic() + timeout_s
    answer = None
    while True:
        try:
            answer = page.evaluate(condition, arg)
        except PlaywrightError as err:
            if "context was destroyed" not in str(err) and "navigat" not in str(err):
                raise
            answer = None
        if answer:
            return answer
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what} did not hold within {timeout_s} s; last answer: {answer!r}")
        page.wait_for_timeout(every_s * 1000)
