"""Settings in layers: documented defaults, the data dir's config.json, KIOSK_* variables,
then the test config."""
import json
import os
import secrets
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent

# name: (default, parser, description) — the README's settings table says the same.
SETTINGS = {
    "KIOSK_HOST": ("0.0.0.0", str, "address to listen on"),
    "KIOSK_PORT": (8000, int, "port to listen on"),
    "KIOSK_DATA_DIR": (str(CHECKOUT / "data"), str, "database files, uploads and backups"),
    "KIOSK_PUBLIC_BASE_URL": ("", str, "base of links in QR codes and printed notices"),
    "KIOSK_SECRET_KEY": ("", str, "session signing key (generated into the data dir when unset)"),
    "KIOSK_MESSAGE_QUEUE": ("", str, "e.g. redis://127.0.0.1:6379/0 to share broadcasts"),
    "KIOSK_DEMO": (True, lambda v: str(v).strip().lower() not in ("0", "false", "no", "off", ""),
                   "load the demo content when the data dir is empty"),
    "KIOSK_ORG_CODE": ("county", str, "code of the county org created on an empty data dir"),
    "KIOSK_ORG_NAME": ("县政务服务中心", str, "name of that org"),
    "KIOSK_IDLE_SECONDS": (90, int, "seconds without a touch before the portal's kiosk pages start fresh"),
    "KIOSK_MAX_BODY_BYTES": (2 * 1024 * 1024, int, "largest request body accepted"),
    "KIOSK_METRICS_TOKEN": ("", str, "bearer token that may read /metrics from another host (loopback may always)"),
    "KIOSK_SESSION_IDLE_MINUTES": (480, int, "a staff login ends after this many minutes without a request"),
    "KIOSK_TRUST_PROXY": (False, lambda v: str(v).strip().lower() in ("1", "true", "yes", "on"),
                          "behind a reverse proxy: believe its X-Forwarded-For and X-Forwarded-Proto"),
}


def load_settings(test_config=None, environ=None):
    """Resolve every setting through the four layers; returns {name: value}."""
    environ = os.environ if environ is None else environ
    test_config = dict(test_config or {})
    settings = {name: default for name, (default, _, _) in SETTINGS.items()}
    data_dir = test_config.get("KIOSK_DATA_DIR") or environ.get("KIOSK_DATA_DIR") or settings["KIOSK_DATA_DIR"]
    layers = [_file_layer(Path(data_dir) / "config.json"),
              {k: v for k, v in environ.items() if k in SETTINGS}, test_config]
    for layer in layers:
        for name, value in layer.items():
            if name in SETTINGS:
                try:
                    settings[name] = SETTINGS[name][1](value)
                except (TypeError, ValueError):
                    raise SystemExit(f"setting {name}={value!r} is not valid: {SETTINGS[name][2]}")
            else:
                settings[name] = value
    settings["KIOSK_DATA_DIR"] = str(Path(settings["KIOSK_DATA_DIR"]).resolve())
    settings["KIOSK_PUBLIC_BASE_URL"] = settings["KIOSK_PUBLIC_BASE_URL"].rstrip("/")
    return settings


def _file_layer(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (ValueError, UnicodeDecodeError) as exc:
        raise SystemExit(f"{path} is not valid JSON: {exc}")


def secret_key(settings):
    """The configured key, else one generated once and kept (0600) in the data dir."""
    if settings["KIOSK_SECRET_KEY"]:
        return settings["KIOSK_SECRET_KEY"]
    path = Path(settings["KIOSK_DATA_DIR"]) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".secret_key.{secrets.token_hex(4)}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(temp, path)  # atomic create-if-absent: two starting processes agree
        except FileExistsError:
            pass
        finally:
            temp.unlink()
    return path.read_text().strip()
