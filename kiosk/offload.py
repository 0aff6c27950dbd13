"""CPU work off the event loop: on gevent, a small pool of real threads; otherwise a plain call.

The one way the server runs heavy work (a password hash, a sheet import, a PDF, a search
index rebuild) without stalling every screen and page for its whole duration.

scrypt (about 50 ms and 16 MB per password check) releases the GIL, so on a thread it costs
the loop nothing: screens and /healthz keep answering while logins are checked. The pool is
small on purpose: the machine has few cores, and a flood of logins should queue, not fan out.
"""
import functools
import os

POOL_SIZE = 2
WORKER_NICE = 10  # workers yield the CPU to the loop thread (on Linux, nice is per thread)


def run_off_loop(function, *args, **kwargs):
    """function(*args, **kwargs), on a worker thread when the server runs under gevent."""
    pool = _pool()
    return pool.apply(_niced, (function, args, kwargs)) if pool is not None else function(*args, **kwargs)


def soon(function, *args):
    """Start function(*args) in a greenlet of its own under gevent; elsewhere, nothing.

    For work that only makes later requests faster (warming a cache) and sends its heavy part
    through run_off_loop itself: unit tests and commands have no later resident to serve.
    """
    if _pool() is not None:
        import gevent
        gevent.spawn(function, *args)


def _niced(function, args, kwargs):
    local = _worker_state()
    if not getattr(local, "niced", False):
        try:
            os.nice(WORKER_NICE)  # this thread only: the loop keeps its priority
        except OSError:
            pass
        local.niced = True
    return function(*args, **kwargs)


@functools.cache
def _worker_state():
    import threading
    return threading.local()


@functools.cache
def _pool():
    try:
        from gevent import monkey
    except ImportError:
        return None
    if not monkey.is_module_patched("threading"):
        return None  # unit tests, commands: no event loop to protect
    from gevent.threadpool import ThreadPool
    return ThreadPool(POOL_SIZE)
