"""What a video file really is: its container and its video codec, read from the bytes.

Only what a screen's Chromium plays without a licence or a plug-in is accepted: MP4 with
H.264 video (`avc1`/`avc3` sample entries) and WebM with VP8 or VP9. Pure Python, reading
box and element headers only (no decoding), so a lying extension or a renamed file is
told apart from a real video in microseconds.
"""
import struct
from dataclasses import dataclass

MP4_CODECS = {b"avc1": "h264", b"avc3": "h264"}
WEBM_CODECS = {"V_VP8": "vp8", "V_VP9": "vp9"}
_MP4_PATH = (b"moov", b"trak", b"mdia", b"minf", b"stbl", b"stsd")


class NotAVideo(ValueError):
    """The bytes are not a video this product plays; the message says why (in Chinese)."""


@dataclass(frozen=True)
class VideoInfo:
    container: str  # "mp4" | "webm"
    codec: str  # "h264" | "vp8" | "vp9"
    width: int
    height: int
    seconds: float  # 0 when the file does not say


def inspect_video(data):
    """The container, codec, size and length of an MP4 or WebM video, or NotAVideo."""
    if data[4:8] == b"ftyp":
        return _mp4(data)
    if data[:4] == b"\x1a\x45\xdf\xa3":
        return _webm(data)
    raise NotAVideo("不是 MP4 或 WebM 视频文件")


# --- MP4 (ISO base media file format) ------------------------------------------------------

def _boxes(data, start, end):
    """(type, body start, body end) of each box in data[start:end]."""
    while start + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, start)
        header = 8
        if size == 1:
            if start + 16 > end:
                raise NotAVideo("MP4 文件已损坏（盒子长度不完整）")
            size, header = struct.unpack_from(">Q", data, start + 8)[0], 16
        elif size == 0:
            size = end - start
        if size < header or start + size > end:
            raise NotAVideo("MP4 文件已损坏或不完整")
        yield kind, start + header, start + size
        start += size


def _find(data, path, start=0, end=None):
    """The body (start, end) of the first box along `path`, or None."""
    end = len(data) if end is None else end
    for kind, body, stop in _boxes(data, start, end):
        if kind == path[0]:
            if len(path) == 1:
                return body, stop
            found = _find(data, path[1:], body, stop)
            if found:
                return found
    return None


def _mp4(data):
    tracks = _find(data, (b"moov",))
    if tracks is None:
        raise NotAVideo("MP4 文件缺少 moov 信息（可能不完整）")
    for kind, body, stop in _boxes(data, *tracks):
        if kind != b"trak":
            continue
        stsd = _find(data, _MP4_PATH[2:], body, stop)
        if stsd is None or stsd[1] - stsd[0] < 16:
            continue
        entry = stsd[0] + 8  # version/flags and entry count come first
        fourcc = data[entry + 4:entry + 8]
        if fourcc in MP4_CODECS:
            width, height = struct.unpack_from(">HH", data, entry + 32) if entry + 36 <= stsd[1] else (0, 0)
            return VideoInfo("mp4", MP4_CODECS[fourcc], width, height, _mp4_seconds(data, tracks))
        if _is_video_track(data, body, stop):
            raise NotAVideo(f"不支持的视频编码 {fourcc.decode('latin-1')!r}：MP4 只接受 H.264 编码")
    raise NotAVideo("MP4 文件里没有 H.264 视频轨道")


def _is_video_track(data, start, end):
    handler = _find(data, (b"mdia", b"hdlr"), start, end)
    return handler is not None and data[handler[0] + 8:handler[0] + 12] == b"vide"


def _mp4_seconds(data, moov):
    header = _find(data, (b"mvhd",), *moov)
    if header is None:
        return 0.0
    body = header[0]
    if data[body] == 1:
        scale, length = struct.unpack_from(">IQ", data, body + 20)
    else:
        scale, length = struct.unpack_from(">II", data, body + 12)
    return length / scale if scale else 0.0


# --- WebM (Matroska's EBML) ------------------------------------------------------------

EBML, DOC_TYPE, SEGMENT, INFO, TIMECODE_SCALE, DURATION = 0x1A45DFA3, 0x4282, 0x18538067, 0x1549A966, 0x2AD7B1, 0x4489
TRACKS, TRACK_ENTRY, TRACK_TYPE, CODEC_ID, VIDEO, WIDTH, HEIGHT = 0x1654AE6B, 0xAE, 0x83, 0x86, 0xE0, 0xB0, 0xBA
CLUSTER = 0x1F43B675


def _vint(data, pos, keep_marker):
    """An EBML variable-length integer at `pos`: (value, next position, all ones?)."""
    if pos >= len(data) or data[pos] == 0:
        raise NotAVideo("WebM 文件已损坏或不完整")
    length = 8 - data[pos].bit_length() + 1
    if pos + length > len(data):
        raise NotAVideo("WebM 文件已损坏或不完整")
    value = int.from_bytes(data[pos:pos + length], "big")
    ones = value == (1 << (7 * length)) - 1 if not keep_marker else False
    if not keep_marker:
        value &= (1 << (7 * length)) - 1
    return value, pos + length, ones


def _elements(data, start, end):
    """(id, body start, body end) of each EBML element in data[start:end]."""
    while start < end:
        element, pos, _ = _vint(data, start, keep_marker=True)
        size, pos, unknown = _vint(data, pos, keep_marker=False)
        stop = end if unknown else pos + size
        if stop > end:
            if element in (SEGMENT, CLUSTER):  # a cut-off tail is still a readable head
                stop = end
            else:
                raise NotAVideo("WebM 文件已损坏或不完整")
        yield element, pos, stop
        if element == CLUSTER:
            return  # the tracks come before the first cluster in every WebM a muxer writes
        start = stop


def _webm(data):
    elements = _elements(data, 0, len(data))
    element, start, stop = next(elements)
    doc_type = next((data[b:e].rstrip(b"\0") for i, b, e in _elements(data, start, stop) if i == DOC_TYPE), b"")
    if element != EBML or doc_type != b"webm":
        raise NotAVideo("不是 WebM 视频文件（EBML 文档类型不是 webm）")
    segment = next(((b, e) for i, b, e in elements if i == SEGMENT), None)
    if segment is None:
        raise NotAVideo("WebM 文件缺少内容段")
    seconds, video = 0.0, None
    for element, start, stop in _elements(data, *segment):
        if element == INFO:
            seconds = _webm_seconds(data, start, stop)
        elif element == TRACKS:
            video = video or _webm_video(data, start, stop)
    if video is None:
        raise NotAVideo("WebM 文件里没有视频轨道")
    codec, width, height = video
    if codec not in WEBM_CODECS:
        raise NotAVideo(f"不支持的视频编码 {codec!r}：WebM 只接受 VP8 或 VP9 编码")
    return VideoInfo("webm", WEBM_CODECS[codec], width, height, seconds)


def _uint(data, start, stop):
    return int.from_bytes(data[start:stop], "big")


def _webm_seconds(data, start, stop):
    scale, duration = 1_000_000, 0.0
    for element, b, e in _elements(data, start, stop):
        if element == TIMECODE_SCALE:
            scale = _uint(data, b, e)
        elif element == DURATION and e - b in (4, 8):
            duration = struct.unpack(">f" if e - b == 4 else ">d", data[b:e])[0]
    return duration * scale / 1e9


def _webm_video(data, start, stop):
    """(codec id, width, height) of the first video track, or None."""
    for element, b, e in _elements(data, start, stop):
        if element != TRACK_ENTRY:
            continue
        fields = {i: (fb, fe) for i, fb, fe in _elements(data, b, e)}
        if TRACK_TYPE not in fields or _uint(data, *fields[TRACK_TYPE]) != 1:
            continue
        codec = data[slice(*fields[CODEC_ID])].decode("ascii", "replace") if CODEC_ID in fields else ""
        size = {i: _uint(data, vb, ve) for i, vb, ve in _elements(data, *fields[VIDEO])} if VIDEO in fields else {}
        return codec, size.get(WIDTH, 0), size.get(HEIGHT, 0)
    return None
