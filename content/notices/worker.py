"""`python -m content.notices.worker`: a render process serving NoticeDocuments one at a time.

The server renders in this separate process: fpdf2 and fontTools are pure Python, and in a
thread of the server they would take the GIL from its event loop for seconds. The process
stays up between renders (starting Python with these libraries costs more CPU than a
one-page render) and exits when its stdin closes, i.e. with the server.

Frames on both pipes: 8-byte big-endian length, then that many bytes. A request is the
document as JSON; an answer is b"P" + PDF bytes, or b"E" + an error message.
"""
import dataclasses
import json
import sys

from .layout import NoticeDocument
from .pdf import render_pdf


def encode(document):
    return json.dumps(dataclasses.asdict(document), ensure_ascii=False).encode()


def write_frame(stream, payload):
    stream.write(len(payload).to_bytes(8, "big") + payload)
    stream.flush()


def read_frame(stream):
    """The next frame's bytes, or None at end of stream."""
    head = stream.read(8)
    if len(head) < 8:
        return None
    size = int.from_bytes(head, "big")
    body = stream.read(size)
    if len(body) < size:
        return None
    return body


def main():
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while (request := read_frame(source)) is not None:
        try:
            answer = b"P" + render_pdf(NoticeDocument(**json.loads(request)))
        except Exception as exc:  # noqa: BLE001 - the server reports it and carries on
            answer = b"E" + f"{type(exc).__name__}: {exc}".encode()
        write_frame(sink, answer)


if __name__ == "__main__":
    main()
