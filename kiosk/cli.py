"""`python run.py [COMMAND]`: serve (the default) and the management commands."""
import argparse
import fcntl
import getpass
import os
import signal
import sys
from pathlib import Path

from content import open_content
from content.backup import create_backup, restore_backup
from content.dates import format_moment
from content.errors import ContentError
from content.setup import ensure_initialised
from content.store import Store

from . import config
from .clock import system_now

SERVER_LOCK = "server.lock"


def build_parser():
    parser = argparse.ArgumentParser(prog="python run.py", description=(
        "Township service hall kiosks and notice screens. Without a command, serves "
        "everything on KIOSK_HOST:KIOSK_PORT. Settings come from KIOSK_* variables."))
    _serve_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _serve_options(commands.add_parser(
        "serve", help="serve kiosk, screens, staff pages, API and Socket.IO (default)"))
    user = commands.add_parser("create-user", help="add a staff user")
    user.add_argument("name")
    user.add_argument("--role", required=True, choices=["editor", "reviewer", "admin"])
    user.add_argument("--org", help="the user's org code (default: the county)")
    user.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    token = commands.add_parser("create-token", help="print a bearer token for scripts (one line)")
    token.add_argument("name", help="the user the token acts as; a service account is made if none exists")
    token.add_argument("--role", default="admin", choices=["editor", "reviewer", "admin"],
                       help="role of a new service account (default admin)")
    token.add_argument("--org", help="org of a new service account (default: the county)")
    org = commands.add_parser("create-org", help="add an organisation (a township, or the county)")
    org.add_argument("code")
    org.add_argument("name")
    org.add_argument("--parent", help="parent org code (default: the county)")
    backup = commands.add_parser("backup", help="write a backup of the data dir to FILE (.tar.gz)")
    backup.add_argument("file")
    restore = commands.add_parser("restore", help="replace the data with a backup (server stopped)")
    restore.add_argument("file")
    return parser


def _serve_options(parser):
    parser.add_argument("--host", help="overrides KIOSK_HOST")
    parser.add_argument("--port", type=int, help="overrides KIOSK_PORT (0 picks a free port)")


def main(argv=None):
    args = build_parser().parse_args(argv)
    command = args.command or "serve"
    try:
        if command == "serve":
            return serve(args)
        settings = config.load_settings()
        if command == "restore":
            return restore(settings, args)
        content = open_content(Path(settings["KIOSK_DATA_DIR"]))
        ensure_initialised(content, settings, system_now())
        return COMMANDS[command](content, args)
    except ContentError as exc:
        details = "".join(f"\n  {field}: {text}" for field, text in exc.fields.items())
        print(f"error: {exc.message}{details}", file=sys.stderr)
        return 2


def create_user(content, args):
    password = _read_password(args)
    actor = content.accounts.create_user(args.name, args.role, password, args.org, now=system_now())
    content.library.audit.record("cli", "user.create", f"user:{actor.name}", actor.org, system_now(), role=actor.role)
    print(f"created user {actor.name} ({actor.role}, org {actor.org})", file=sys.stderr)
    return 0


def _read_password(args):
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass("password: ")
    else:
        raise ContentError("give the password with --password-stdin")
    return password


def create_token(content, args):
    now = system_now()
    if content.accounts.actor(args.name) is None:
        content.accounts.create_user(args.name, args.role, None, args.org, now=now)
        print(f"no user {args.name}: created a service account ({args.role}) without a password",
              file=sys.stderr)
    token = content.accounts.create_token(args.name, now=now)
    actor = content.accounts.actor(args.name)
    content.library.audit.record("cli", "token.create", f"user:{actor.name}", actor.org, now)
    print(token)
    return 0


def create_org(content, args):
    org = content.orgs.create(args.code, args.name, args.parent, now=system_now())
    content.library.audit.record("cli", "org.create", f"org:{org.code}", org.code, system_now(), name=org.name)
    print(f"created org {org.code} {org.name} (parent {org.parent or '-'})", file=sys.stderr)
    return 0


def backup(content, args):
    count = create_backup(content.store, args.file, format_moment(system_now()))
    print(f"saved {count} files to {args.file}", file=sys.stderr)
    return 0


def restore(settings, args):
    data_dir = Path(settings["KIOSK_DATA_DIR"])
    data_dir.mkdir(parents=True, exist_ok=True)
    with server_lock(data_dir, "restore needs the server stopped"), Store(data_dir).writing():
        # the write lock too: a command run meanwhile (create-token...) must wait, not write
        # into the folder being moved aside
        count, aside = restore_backup(data_dir, args.file, system_now().strftime("%Y%m%dT%H%M%S"))
    print(f"restored {count} files; the previous data is in {aside}", file=sys.stderr)
    return 0


class server_lock:
    """A lock on the data dir: servers hold it while they run, restore takes it alone.

    Servers sharing a message queue may share the data dir (writes are serialised by the
    store's lock, each rereads what the others change); without a queue a second server
    would push to its own screens only, so it is refused.
    """

    def __init__(self, data_dir, busy_message, shared=False):
        self.path = Path(data_dir) / SERVER_LOCK
        self.busy_message = busy_message
        self.mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX

    def __enter__(self):
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, self.mode | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            raise ContentError(f"{self.busy_message}: another server is using {self.path.parent}") from None
        return self

    def __exit__(self, *exc):
        os.close(self.fd)


def serve(args):
    import gevent

    from . import create_app
    from .screens import start_background_tasks
    from .screens.departure import Departure
    from .screens.tasks import flush
    from .serving import make_server
    overrides = {k: v for k, v in (("KIOSK_HOST", args.host), ("KIOSK_PORT", args.port)) if v is not None}
    settings = config.load_settings(overrides)
    data_dir = Path(settings["KIOSK_DATA_DIR"])
    data_dir.mkdir(parents=True, exist_ok=True)
    # Locked before the app opens the data dir: a restore holding the lock is moving it about.
    with server_lock(data_dir, "cannot start", shared=bool(settings["KIOSK_MESSAGE_QUEUE"])):
        app = create_app(overrides)
        app.extensions["kiosk.content"].library.warm(system_now())  # the first query must not pay
        app.extensions["kiosk.heap"].activate()  # the collector stops walking what is built (heap.py)
        server = make_server(app)
        server.init_socket()
        host, port = server.address[:2]
        departure = Departure(server, app.extensions["kiosk.screens"].presence)
        for signum in (signal.SIGTERM, signal.SIGINT):
            gevent.signal_handler(signum, departure.begin)
        print(f"serving on http://{host}:{port} (data: {app.config['KIOSK_DATA_DIR']})", flush=True)
        stop = start_background_tasks(app)
        server.start()
        departure.done.wait()  # SIGTERM: screens sent elsewhere, then on
        stop.set()
        flush(app.extensions["kiosk.screens"])  # what screens reported in the last seconds
        print("stopped", flush=True)
    return 0


COMMANDS = {"create-user": create_user, "create-token": create_token, "create-org": create_org,
            "backup": backup}
