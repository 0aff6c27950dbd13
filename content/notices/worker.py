"""`python -m content.notices.worker`: one NoticeDocument as JSON on stdin → its PDF on stdout.

The server renders in this separate process: fpdf2 and fontTools are pure Python, and in a
thread of the server they would take the GIL from its event loop for seconds.
"""
import dataclasses
import json
import sys

from .layout import NoticeDocument
from .pdf import render_pdf


def encode(document):
    return json.dumps(dataclasses.asdict(document), ensure_ascii=False).encode()


def main():
    document = NoticeDocument(**json.loads(sys.stdin.buffer.read()))
    sys.stdout.buffer.write(render_pdf(document))


if __name__ == "__main__":
    main()
