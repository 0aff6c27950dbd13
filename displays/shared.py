"""State that every server process must see alike: who is connected, pairing codes, acks.

One process keeps it in memory (LocalState). Processes that share a data dir and a Redis
message queue keep it in that Redis (RedisState), so a screen connected to one process shows
online in a listing another serves, and a code shown by one is claimed through another.

Both hold entries in named spaces (`presence:7`, `pairings`...), each entry with its own
expiry: a process killed without cleaning up leaves nothing that outlives it for long.
Keys are strings, values anything JSON can hold. Time is wall-clock seconds (time.time):
the one clock several processes, even on several machines, roughly agree on.
"""
import logging
import time

import orjson

log = logging.getLogger(__name__)
SWEEP_EVERY = 1000  # writes between two sweeps of a LocalState's expired entries
FORGET_AFTER = 60.0  # seconds past its expiry before an entry left in a Redis hash is removed
RETRY_AFTER = 5.0  # seconds a RedisState works from its own memory after Redis failed
REDIS_CONNECTIONS = 32  # per process; greenlets beyond wait (up to 2 s) for one


class LocalState:
    """Entries in this process's memory."""

    def __init__(self, clock=time.time):
        self.clock = clock
        self._spaces = {}  # space → {key: (value, expires at)}
        self._writes = 0

    def now(self):
        return self.clock()

    def put(self, space, key, value, ttl):
        """Set an entry that lives `ttl` seconds (from now)."""
        self._spaces.setdefault(space, {})[str(key)] = (value, self.clock() + ttl)
        self._writes += 1
        if self._writes % SWEEP_EVERY == 0:
            self._sweep()

    def put_many(self, entries):
        """put() each (space, key, value, ttl)."""
        for entry in entries:
            self.put(*entry)

    def add(self, space, key, value, ttl):
        """Set an entry only if none lives under that key; whether it was set."""
        return self.change(space, key, lambda old: value if old is None else None, ttl) is not None

    def change(self, space, key, change, ttl):
        """Replace an entry by change(its value or None), at once for every reader; None
        from `change` leaves it as it was. Returns the new value (or None)."""
        new = change(self.get(space, key))
        if new is not None:
            self.put(space, key, new, ttl)
        return new

    def get(self, space, key):
        return self.get_many(space, [key])[0]

    def get_many(self, space, keys):
        entries, now = self._spaces.get(space, {}), self.clock()
        found = (entries.get(str(key)) for key in keys)
        return [entry[0] if entry and entry[1] > now else None for entry in found]

    def pop(self, space, key):
        """Remove an entry; its value, or None if there was none."""
        entry = self._spaces.get(space, {}).pop(str(key), None)
        return entry[0] if entry and entry[1] > self.clock() else None

    def entries(self, space):
        """{key: value} of a space's living entries."""
        return self.entries_of([space])[0]

    def entries_of(self, spaces):
        now = self.clock()
        return [{k: v for k, (v, until) in list(self._spaces.get(space, {}).items()) if until > now}
                for space in spaces]

    def _sweep(self):
        now = self.clock()
        for space, entries in list(self._spaces.items()):
            for key in [k for k, (_, until) in entries.items() if until <= now]:
                del entries[key]
            if not entries:
                del self._spaces[space]


class RedisState:
    """Entries in Redis: a hash per space, each field an entry with its expiry inside.

    The hash itself expires with the entry written last (every space's entries share one
    lifetime), so a space nobody writes any more disappears by itself. If Redis fails, the
    process goes on with its own memory (a LocalState holding every write it made) and tries
    Redis again a few seconds later: screens keep working, only the sharing pauses.
    """

    def __init__(self, url, prefix="kiosk:", clock=time.time):
        import redis
        self.errors = redis.RedisError
        self.watch_error = redis.WatchError
        # A bounded pool: greenlets wait their turn for one of REDIS_CONNECTIONS connections.
        # Unbounded, 5,000 screens reconnecting at once opened a connection each, and Redis
        # (10,000 clients at most) refused the processes.
        pool = redis.BlockingConnectionPool.from_url(url, max_connections=REDIS_CONNECTIONS, timeout=2,
                                                     socket_timeout=2, socket_connect_timeout=2)
        self.redis = redis.Redis(connection_pool=pool)
        self.prefix = prefix
        self.clock = clock
        self.local = LocalState(clock)
        self._failed_at = None

    def now(self):
        return self.clock()

    def _name(self, space):
        return self.prefix + space

    def _pack(self, value, ttl):
        return orjson.dumps({"v": value, "x": self.clock() + ttl})

    def _unpack(self, raw, now):
        if raw is None:
            return None
        entry = orjson.loads(raw)
        return entry["v"] if entry["x"] > now else None

    def _shared(self, work, fallback):
        """work() on Redis; fallback() while Redis is failing (logged once per failure)."""
        if self._failed_at is not None and time.monotonic() - self._failed_at < RETRY_AFTER:
            return fallback()
        try:
            result = work()
        except self.errors as exc:
            if self._failed_at is None:
                log.warning("shared state: Redis failed (%s); working from this process's memory", exc)
            self._failed_at = time.monotonic()
            return fallback()
        if self._failed_at is not None:
            log.warning("shared state: Redis is back")
            self._failed_at = None
        return result

    def put(self, space, key, value, ttl):
        self.put_many([(space, key, value, ttl)])

    def put_many(self, entries):
        self.local.put_many(entries)

        def work():
            pipe = self.redis.pipeline(transaction=False)
            for space, key, value, ttl in entries:
                pipe.hset(self._name(space), str(key), self._pack(value, ttl))
                pipe.expire(self._name(space), max(1, int(ttl) + 1))
            pipe.execute()
        self._shared(work, lambda: None)

    def add(self, space, key, value, ttl):
        return self.change(space, key, lambda old: value if old is None else None, ttl) is not None

    def change(self, space, key, change, ttl):
        def work():
            name = self._name(space)
            with self.redis.pipeline() as pipe:
                while True:
                    try:
                        pipe.watch(name)
                        new = change(self._unpack(pipe.hget(name, str(key)), self.clock()))
                        if new is None:
                            pipe.unwatch()
                            return None
                        pipe.multi()
                        pipe.hset(name, str(key), self._pack(new, ttl))
                        pipe.expire(name, max(1, int(ttl) + 1))
                        pipe.execute()
                        self.local.put(space, key, new, ttl)
                        return new
                    except self.watch_error:
                        continue
        return self._shared(work, lambda: self.local.change(space, key, change, ttl))

    def get(self, space, key):
        return self.get_many(space, [key])[0]

    def get_many(self, space, keys):
        if not keys:
            return []

        def work():
            now = self.clock()
            return [self._unpack(raw, now) for raw in self.redis.hmget(self._name(space), [str(k) for k in keys])]
        return self._shared(work, lambda: self.local.get_many(space, keys))

    def pop(self, space, key):
        mine = self.local.pop(space, key)

        def work():
            pipe = self.redis.pipeline(transaction=True)
            pipe.hget(self._name(space), str(key))
            pipe.hdel(self._name(space), str(key))
            return self._unpack(pipe.execute()[0], self.clock())
        return self._shared(work, lambda: mine)

    def entries(self, space):
        return self.entries_of([space])[0]

    def entries_of(self, spaces):
        def work():
            pipe = self.redis.pipeline(transaction=False)
            for space in spaces:
                pipe.hgetall(self._name(space))
            now, found, expired = self.clock(), [], []
            for space, raw in zip(spaces, pipe.execute()):
                living = {k.decode(): self._unpack(v, now) for k, v in raw.items()}
                found.append({k: v for k, v in living.items() if v is not None})
                expired.extend((space, k) for k, v in raw.items() if orjson.loads(v)["x"] < now - FORGET_AFTER)
            if expired:  # long dead: left by a process that ended without cleaning up
                pipe = self.redis.pipeline(transaction=False)
                for space, key in expired:
                    pipe.hdel(self._name(space), key)
                pipe.execute()
            return found
        return self._shared(work, lambda: self.local.entries_of(spaces))

    def ping(self):
        """Whether Redis answers (for /healthz)."""
        try:
            return bool(self.redis.ping())
        except self.errors:
            return False


def open_shared_state(url):
    """RedisState for a redis:// (or rediss://, unix://) message queue, else LocalState."""
    if url and url.split("://", 1)[0] in ("redis", "rediss", "unix"):
        return RedisState(url)
    return LocalState()
