"""Read-aloud audio: a record's text spoken by espeak-ng's Mandarin voice, offline.

Rendered once per text (the file name is the text's hash, so a new record version gets a
new file and an unchanged one is never rendered twice) into the data dir's speech/ folder.
Rendering takes a second or more of CPU in an espeak-ng child process: under gevent,
`subprocess` is cooperative, so the server keeps serving screens while it waits (a thread
pool would not help, and gevent's child watcher only works on the main thread's loop).
"""
import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .rendering import plain_text

VOICE = "cmn"
WORDS_PER_MINUTE = 150  # espeak-ng's default is 175; older listeners follow slower speech
TEXT_MAX = 1200         # about four minutes of speech: the record page has the rest
CACHE_MAX_FILES = 500


def available():
    """Whether the server can synthesise speech (Debian's espeak-ng is installed)."""
    return shutil.which("espeak-ng") is not None


def speech_text(record):
    """What read-aloud says for a record: title, summary, the facts a visitor needs, body."""
    parts = [record.get("title"), record.get("summary")]
    if record.get("kind") == "guide":
        parts += ["申请材料：" + "，".join(m.get("name", "") for m in record.get("materials") or [])
                  if record.get("materials") else "",
                  f"办理地点：{record['location']}" if record.get("location") else "",
                  f"办理时间：{record['hours']}" if record.get("hours") else "",
                  f"收费标准：{record['fee']}" if record.get("fee") else ""]
    parts.append(plain_text(record.get("body") or ""))
    text = "。".join(p.strip(" 。") for p in parts if p and p.strip())
    return text[:TEXT_MAX]


def speech_file(folder, text):
    """The WAV file speaking `text`, rendered now if not cached; None without espeak-ng."""
    if not available() or not text:
        return None
    folder = Path(folder)
    target = folder / (hashlib.sha256(text.encode("utf-8")).hexdigest()[:32] + ".wav")
    if target.exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".speech-", suffix=".wav")
    os.close(handle)
    try:
        subprocess.run(["espeak-ng", "-v", VOICE, "-s", str(WORDS_PER_MINUTE), "-w", temp, "--stdin"],
                       input=text.encode("utf-8"), check=True, timeout=120, capture_output=True)
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    _trim(folder)
    return target


def _trim(folder):
    files = sorted(folder.glob("*.wav"), key=lambda p: p.stat().st_mtime)
    for old in files[:-CACHE_MAX_FILES]:
        old.unlink(missing_ok=True)
