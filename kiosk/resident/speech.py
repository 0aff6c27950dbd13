"""Read-aloud audio of a record (espeak-ng's Mandarin voice), for kiosks without a browser voice."""
from pathlib import Path

from flask import current_app, send_file

from content import speech
from content.errors import NotFound

from . import bp  # noqa: F401
from .hall import hall_record, route


@route("/items/<item_id>/speech.wav")
def item_speech(item_id):
    record = hall_record(item_id)
    if record is None:
        raise NotFound(f"no public record {item_id}")
    folder = Path(current_app.config["KIOSK_DATA_DIR"]) / "speech"
    path = speech.speech_file(folder, speech.speech_text(record))
    if path is None:
        raise NotFound("read-aloud audio is not available on this server")
    return send_file(path, mimetype="audio/wav", max_age=3600, conditional=True)
