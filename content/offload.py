"""CPU-heavy work (parsing a sheet, rendering a PDF, hashing a password) off the event loop.

Under the gevent server a blocking call would stall every screen and page for its whole
duration; gevent's thread pool runs it on a real thread while the loop keeps serving.
Without gevent's monkey-patching (unit tests, management commands) it is a plain call.
"""


def run_off_loop(function, *args, **kwargs):
    """Call `function(*args, **kwargs)` on a worker thread when serving on gevent; its result."""
    try:
        from gevent import get_hub, monkey
    except ImportError:  # pragma: no cover - gevent is a dependency
        return function(*args, **kwargs)
    if not monkey.is_module_patched("threading"):
        return function(*args, **kwargs)
    return get_hub().threadpool.spawn(function, *args, **kwargs).get()
