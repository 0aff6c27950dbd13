"""QR codes for record links, rendered once per URL and kept (CPU work off the hot path)."""
import functools
import io

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M


def record_link(record, base_url):
    """What a record's QR code carries: its own record_url, else our public page for it."""
    return record.get("record_url") or f"{base_url.rstrip('/')}/items/{record['id']}"


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
