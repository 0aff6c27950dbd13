"""QR codes for record links, rendered once per URL and kept (CPU work off the hot path)."""
import functools
import io

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M

from .privacy import url_carries_personal_data


def record_link(record, base_url):
    """What a record's QR code carries: its own record_url, else our public page for it.

    A record_url that carries an ID, mobile or card number is never used (validation refuses
    one, and the public view drops it; this holds for any record passed in)."""
    url = record.get("record_url")
    if url and not url_carries_personal_data(url):
        return url
    return f"{base_url.rstrip('/')}/items/{record['id']}"


@functools.lru_cache(maxsize=4096)
def qr_svg(url):
    """An SVG QR code (black path on white, 4-module quiet zone) as bytes."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4,
                         image_factory=qrcode.image.svg.SvgPathFillImage)
    code.add_data(url)
    buffer = io.BytesIO()
    code.make_image().save(buffer)
    return buffer.getvalue()


@functools.lru_cache(maxsize=1024)
def qr_png(url, box_size=10):
    """A PNG QR code as bytes."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, box_size=box_size)
    code.add_data(url)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()
