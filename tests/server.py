"""The real server as a subprocess (`python run.py` on a free port), for end-to-end tests
and benchmarks alike. Plain Python: no pytest here, so bench/ scripts can import it."""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServerProcess:
    """`python run.py` over `data_dir`; its management commands share its environment.

    The server's output goes to a log file, not a pipe: a pipe nobody reads fills up and
    stalls the server.
    """

    def __init__(self, data_dir, env=None, log_path=None):
        self.data_dir = Path(data_dir)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {"KIOSK_DATA_DIR": str(self.data_dir), "KIOSK_HOST": "127.0.0.1",
                    "KIOSK_PORT": str(self.port), "KIOSK_DEMO": "0", **(env or {})}
        self.log_path = Path(log_path) if log_path else self.data_dir.parent / f"server-{self.port}.log"
        self.process = None

    def run_command(self, *args, stdin=None, check=False):
        """`python run.py ARGS` with the server's environment; the CompletedProcess."""
        done = subprocess.run([sys.executable, str(ROOT / "run.py"), *args], cwd=ROOT, input=stdin,
                              env={**os.environ, **self.env}, capture_output=True, text=True, timeout=120)
        if check and done.returncode != 0:
            raise RuntimeError(f"run.py {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
        return done

    def create_token(self, name, *options):
        return self.run_command("create-token", name, *options, check=True).stdout.strip()

    def start(self, timeout=60):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen([sys.executable, str(ROOT / "run.py")], cwd=ROOT,
                                            env={**os.environ, **self.env}, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_healthy(self.url, timeout, self)
        except BaseException:  # a server that never got healthy must not outlive its caller
            self.kill()
            raise
        return self

    def restart(self, timeout=60):
        """Start again on the same port and data dir (after stop or kill)."""
        self.stop()
        return self.start(timeout)

    def stop(self):
        """SIGTERM (the server flushes and exits), then SIGKILL after 10 s."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self):
        self.process.kill()
        self.process.wait(10)

    @property
    def pid(self):
        return self.process.pid if self.process else None

    def rss_bytes(self):
        """Resident memory of the server process (Linux /proc), or None."""
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except (OSError, TypeError):
            return None
        return None

    def log(self, tail=None):
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return text[-tail:] if tail else text

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def wait_until_healthy(url, timeout, server=None):
    """Poll /healthz until it answers 200 (or the server process has died)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server is not None and server.process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{server.log(tail=3000)}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"{url} not healthy after {timeout}s")
