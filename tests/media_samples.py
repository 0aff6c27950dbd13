"""Tiny media files made in the test: images through Pillow, videos as bare box structures.

The videos carry the headers a container parser reads (no frames): enough to tell an
MP4 with H.264 or a WebM with VP8/VP9 from anything else.
"""
import io
import struct

from PIL import Image


def image_bytes(fmt="PNG", size=(64, 36), color=(200, 30, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


def bomb_png(width=100_000, height=100_000):
    """A PNG whose header claims a huge canvas (a decompression bomb), with one tiny IDAT."""
    import zlib
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 10)) + \
        chunk(b"IEND", b"")


def box(kind, body=b""):
    return struct.pack(">I", 8 + len(body)) + kind + body


def full_box(kind, body, version=0):
    return box(kind, bytes([version, 0, 0, 0]) + body)


def mp4_bytes(codec=b"avc1", width=640, height=360, seconds=12, handler=b"vide"):
    """ftyp + moov(mvhd, trak(mdia(hdlr, minf(stbl(stsd(one visual sample entry)))))) + mdat."""
    mvhd = full_box(b"mvhd", struct.pack(">IIII", 0, 0, 1000, seconds * 1000) + b"\0" * 80)
    entry_body = b"\0" * 6 + struct.pack(">H", 1) + b"\0" * 16 + struct.pack(">HH", width, height) + b"\0" * 50
    stsd = full_box(b"stsd", struct.pack(">I", 1) + box(codec, entry_body))
    hdlr = full_box(b"hdlr", b"\0" * 4 + handler + b"\0" * 12 + b"video\0")
    trak = box(b"trak", box(b"mdia", hdlr + box(b"minf", box(b"stbl", stsd))))
    return box(b"ftyp", b"isom\0\0\x02\0isomavc1") + box(b"moov", mvhd + trak) + box(b"mdat", b"\0" * 32)


def _ebml_size(n):
    if n < 0x7F:
        return bytes([0x80 | n])
    return (0x4000 | n).to_bytes(2, "big") if n < 0x3FFF else (0x10000000 | n).to_bytes(4, "big")


def element(element_id, body):
    return element_id.to_bytes((element_id.bit_length() + 7) // 8, "big") + _ebml_size(len(body)) + body


def webm_bytes(codec="V_VP9", width=640, height=360, seconds=8.0, doc_type=b"webm", track_type=1):
    header = element(0x1A45DFA3, element(0x4286, b"\x01") + element(0x4282, doc_type))
    info = element(0x1549A966, element(0x2AD7B1, (1_000_000).to_bytes(3, "big")) +
                   element(0x4489, struct.pack(">d", seconds * 1000)))
    video = element(0xE0, element(0xB0, width.to_bytes(2, "big")) + element(0xBA, height.to_bytes(2, "big")))
    track = element(0xAE, element(0xD7, b"\x01") + element(0x83, bytes([track_type])) +
                    element(0x86, codec.encode()) + video)
    cluster = element(0x1F43B675, element(0xE7, b"\0") + b"\xa3\x84\x81\0\0\x80")
    return header + element(0x18538067, info + element(0x1654AE6B, track) + cluster)


def encoded_mp4(colour=(200, 30, 30), size=(320, 180), frames=20):
    """A real H.264 MP4 of one colour, encoded with PyAV's libx264 (two seconds at 10 fps)."""
    import av
    from PIL import Image
    out = io.BytesIO()
    with av.open(out, mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        picture = av.VideoFrame.from_image(Image.new("RGB", size, colour))
        for _ in range(frames):
            for packet in stream.encode(picture):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()
