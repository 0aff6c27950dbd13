"""Debian's redis-server and nginx started on loopback for a test, and stopped after it."""
import contextlib
import os
import shutil
import subprocess
import time
from pathlib import Path

from tests.server import free_port

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def start_redis(folder):
    """(process, url) of a throwaway redis-server; raises if Debian's package is missing."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is missing: `make test` installs Debian's redis-server")
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(folder)], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout.strip() != b"PONG":
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("redis-server did not start")
        time.sleep(0.05)
    return process, f"redis://127.0.0.1:{port}/0"


def nginx_config(folder, upstreams, port, tls=None):
    """An nginx.conf serving deploy/nginx/kiosk-site.conf's upstream, cache and locations on
    loopback `port` (plain HTTP, or TLS with `tls=(cert, key)`), in `folder`."""
    site = (DEPLOY / "nginx" / "kiosk-site.conf").read_text()
    cache = next(line for line in site.splitlines(True) if line.startswith("proxy_cache_path"))
    cache += next(line for line in site.splitlines(True) if line.strip().startswith("inactive="))
    cache = cache.replace("/var/cache/nginx/kiosk-bundles", str(folder / "cache"))
    servers = "".join(f"    server {u} max_fails=1 fail_timeout=5s;\n" for u in upstreams)
    listen = f"listen 127.0.0.1:{port} ssl;\n    ssl_certificate {tls[0]};\n    ssl_certificate_key {tls[1]};" \
        if tls else f"listen 127.0.0.1:{port};"
    conf = folder / "nginx.conf"
    # As root, nginx's workers would drop to nobody and could not open the test's 0700 folders.
    user = "user root;" if os.geteuid() == 0 else ""
    conf.write_text(f"""
{user}
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream kiosk_app {{
{servers}        keepalive 32;
    }}
{cache}
    server {{
        {listen}
        include {DEPLOY / "nginx" / "kiosk-locations.conf"};
    }}
}}
""")
    return conf


def nginx_binary():
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        raise RuntimeError("nginx is missing: `make test` installs Debian's nginx")
    return binary


def start_nginx(folder, upstreams, tls=None):
    """(process, base url) of nginx in front of `upstreams` ("127.0.0.1:PORT")."""
    binary = nginx_binary()
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = nginx_config(folder, upstreams, port, tls)
    checked = subprocess.run([binary, "-t", "-c", str(conf), "-p", str(folder)], capture_output=True, text=True)
    if checked.returncode != 0:
        raise RuntimeError(f"nginx -t failed:\n{checked.stderr}")
    process = subprocess.Popen([binary, "-c", str(conf), "-p", str(folder)], stderr=subprocess.DEVNULL)
    scheme = "https" if tls else "http"
    deadline = time.monotonic() + 10
    import socket
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("nginx did not start")
            time.sleep(0.05)
    return process, f"{scheme}://127.0.0.1:{port}"


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextlib.contextmanager
def two_processes_behind_nginx(server_factory, folder):
    """(first, second, nginx base url, redis process): two servers on one data dir and one
    Redis, behind the recipe's nginx locations; nginx and Redis stopped afterwards."""
    redis, url = start_redis(folder)
    data_dir = folder / "shared"
    first = server_factory(data_dir, env={"KIOSK_MESSAGE_QUEUE": url})
    second = server_factory(data_dir, env={"KIOSK_MESSAGE_QUEUE": url})
    nginx, base = start_nginx(folder / "nginx", [f"127.0.0.1:{first.port}", f"127.0.0.1:{second.port}"])
    try:
        yield first, second, base, redis
    finally:
        stop(nginx)
        stop(redis)
