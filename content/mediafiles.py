"""Uploaded posters and videos: checked from their bytes, stored once by content hash.

An upload is refused (Invalid, message in Chinese, nothing written) unless its bytes are
what its name says: a whole JPEG, PNG or WebP that Pillow decodes within the pixel limit,
or an MP4 (H.264) or WebM (VP8/VP9) video (see containers.py). Accepted files live in
uploads/media/<sha256>.<ext>, written atomically; a thumbnail beside each.
"""
import hashlib
import io
import re
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageDraw, UnidentifiedImageError

from . import permissions
from .containers import NotAVideo, inspect_video
from .errors import Invalid
from .records import validate_fields
from .storage import write_atomically

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_VIDEO_BYTES = 60 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 8000×5000 poster; beyond this it is a decompression bomb, not a poster
MAX_VIDEO_SECONDS = 600
IMAGE_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
VIDEO_TYPES = {"mp4": ("video/mp4", "mp4"), "webm": ("video/webm", "webm")}
SUFFIXES = {".jpg": "jpg", ".jpeg": "jpg", ".png": "png", ".webp": "webp", ".mp4": "mp4", ".webm": "webm"}
THUMB_SIZE = (320, 180)
NAME = re.compile(r"^[0-9a-f]{64}\.(jpg|png|webp|mp4|webm)$")


@dataclass(frozen=True)
class MediaInfo:
    type: str  # "image" | "video"
    mime: str
    ext: str
    width: int
    height: int
    bytes: int
    sha256: str
    seconds: float = 0.0  # a video's own length
    codec: str = ""

    @property
    def name(self):
        return f"{self.sha256}.{self.ext}"

    def as_field(self):
        """The record's `media` field."""
        return {**asdict(self), "name": self.name}


def _refuse(message):
    return Invalid(message, {"file": message})


def inspect_media(data, filename):
    """What an upload is (MediaInfo), or Invalid with the reason in Chinese."""
    suffix = SUFFIXES.get(Path(filename or "").suffix.lower())
    if suffix is None:
        raise _refuse("只接受 JPEG、PNG、WebP 图片或 MP4（H.264）、WebM 视频")
    if not data:
        raise _refuse("文件是空的")
    limit = MAX_VIDEO_BYTES if suffix in ("mp4", "webm") else MAX_IMAGE_BYTES
    if len(data) > limit:
        raise _refuse(f"文件太大：不能超过 {limit // (1024 * 1024)} MB")
    digest = hashlib.sha256(data).hexdigest()
    if suffix in ("mp4", "webm"):
        return _video(data, suffix, digest)
    return _image(data, suffix, digest)


def _image(data, suffix, digest):
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS)) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise _refuse(f"图片尺寸过大（{image.width}×{image.height}）：不能超过 {MAX_PIXELS // 1_000_000} 百万像素")
                image.load()  # a truncated file fails here, not on a screen
                fmt, size = image.format, image.size
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _refuse(f"图片尺寸过大：不能超过 {MAX_PIXELS // 1_000_000} 百万像素") from None
        except UnidentifiedImageError:
            raise _refuse("无法识别的图片：只接受完整的 JPEG、PNG 或 WebP 图片") from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise _refuse("图片文件已损坏或不完整") from None
    mime, ext = IMAGE_FORMATS[fmt]
    if ext != suffix:
        raise _refuse(f"文件扩展名与内容不符：这是 {fmt} 图片，请用 .{ext} 结尾")
    return MediaInfo("image", mime, ext, size[0], size[1], len(data), digest)


def _video(data, suffix, digest):
    try:
        video = inspect_video(data)
    except NotAVideo as exc:
        raise _refuse(str(exc)) from None
    except (IndexError, ValueError, OverflowError, StopIteration, RuntimeError):  # struct.error is a ValueError
        raise _refuse("视频文件已损坏或不完整") from None
    mime, ext = VIDEO_TYPES[video.container]
    if ext != suffix:
        raise _refuse(f"文件扩展名与内容不符：这是 {video.container.upper()} 视频，请用 .{ext} 结尾")
    if video.seconds > MAX_VIDEO_SECONDS:
        raise _refuse(f"视频太长：不能超过 {MAX_VIDEO_SECONDS // 60} 分钟")
    return MediaInfo("video", mime, ext, video.width, video.height, len(data), digest,
                     round(video.seconds, 3), video.codec)


class MediaFiles:
    """The folder of accepted media files and their thumbnails, named by content hash."""

    def __init__(self, root):
        self.folder = Path(root) / "uploads" / "media"

    def path(self, name):
        """The file of a stored media name (or its `.thumb.jpg`), or None."""
        if not isinstance(name, str) or not NAME.match(name.removesuffix(".thumb.jpg")):
            return None
        path = self.folder / name
        return path if path.is_file() else None

    def put(self, data, info):
        """Store the file and its thumbnail (once per content); True when it was new."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / info.name
        if target.exists():
            return False
        write_atomically(self.folder / f"{info.name}.thumb.jpg", thumbnail(data, info))
        write_atomically(target, data)
        return True

    def discard(self, info):
        for path in (self.folder / info.name, self.folder / f"{info.name}.thumb.jpg"):
            path.unlink(missing_ok=True)


def upload_media(library, files, actor, fields, data, filename, now):
    """Check an upload and its fields, store the file, and make a draft media record of it.

    Every check runs before anything is written; a file written here is removed again if
    the record cannot be made (another record may hold the same bytes: those stay).
    """
    info = inspect_media(data, filename)
    fields = {**fields, "kind": "media"}
    validate_fields(fields)
    permissions.require(actor, "item.write")
    new = files.put(data, info)
    try:
        return library.create(actor, fields, now, media=info)
    except BaseException:
        if new:
            files.discard(info)
        raise


def thumbnail(data, info):
    """A small JPEG: the image itself, or a video's first key frame with a play sign on it (on
    dark grey when the frame cannot be decoded; the staff page shows the title beside it)."""
    if info.type == "image":
        with Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS)) as image:
            image.draft("RGB", THUMB_SIZE)
            image = image.convert("RGB")
            image.thumbnail(THUMB_SIZE)
    else:
        frame = first_frame(data)
        image = Image.new("RGB", THUMB_SIZE, (48, 52, 60))
        if frame is not None:
            frame.thumbnail(THUMB_SIZE)
            image.paste(frame, ((THUMB_SIZE[0] - frame.width) // 2, (THUMB_SIZE[1] - frame.height) // 2))
        w, h = THUMB_SIZE
        draw = ImageDraw.Draw(image)
        draw.ellipse([(w * 0.38, h * 0.3), (w * 0.62, h * 0.7)], fill=(30, 30, 30))
        draw.polygon([(w * 0.46, h * 0.38), (w * 0.46, h * 0.62), (w * 0.57, h * 0.5)], fill=(235, 235, 235))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def first_frame(data):
    """A video's first key frame as an RGB image (PyAV, FFmpeg's decoders), or None.

    Any failure gives None, never an error: the upload was already checked (containers.py)
    and a thumbnail is a convenience. Only key frames are decoded, so this costs milliseconds.
    """
    try:
        import av
        with av.open(io.BytesIO(data), mode="r") as container:
            stream = container.streams.video[0]
            stream.codec_context.skip_frame = "NONKEY"
            for frame in container.decode(stream):
                return frame.to_image().convert("RGB")
    except Exception:  # noqa: BLE001  a decoder's refusal of any kind means: no frame
        return None
    return None
