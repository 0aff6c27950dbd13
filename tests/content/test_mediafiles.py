"""Uploads are what they say they are, or refused with a reason and nothing stored."""
import io

import pytest
from PIL import Image

from content.containers import NotAVideo, inspect_video
from content.errors import Invalid
from content.mediafiles import MAX_IMAGE_BYTES, MediaFiles, inspect_media, thumbnail
from tests.media_samples import bomb_png, encoded_mp4, image_bytes, mp4_bytes, webm_bytes


@pytest.mark.parametrize("fmt, name, mime", [("PNG", "a.png", "image/png"), ("JPEG", "a.JPG", "image/jpeg"),
                                              ("JPEG", "a.jpeg", "image/jpeg"), ("WEBP", "a.webp", "image/webp")])
def test_images_are_accepted_with_their_size(fmt, name, mime):
    info = inspect_media(image_bytes(fmt, (64, 36)), name)
    assert (info.type, info.mime, info.width, info.height) == ("image", mime, 64, 36)
    assert len(info.sha256) == 64 and info.name.endswith("." + info.ext)


@pytest.mark.parametrize("data, name, words", [
    (b"just some text\n", "poster.png", "无法识别"),
    (image_bytes("PNG")[:-40], "cut.png", "损坏"),
    (image_bytes("JPEG", (400, 300))[:400], "cut.jpg", "损坏"),
    (bomb_png(), "bomb.png", "过大"),
    (bomb_png(20_000, 20_000), "bomb2.png", "过大"),
    (image_bytes("PNG"), "lying.jpg", "扩展名"),
    (image_bytes("GIF"), "anim.gif", "只接受"),
    (image_bytes("GIF"), "anim.png", "无法识别"),
    (image_bytes("PNG"), "poster.svg", "只接受"),
    (b"", "empty.png", "空"),
    (b"\0" * (MAX_IMAGE_BYTES + 1), "huge.png", "太大"),
])
def test_bad_images_are_refused_in_chinese(data, name, words):
    with pytest.raises(Invalid) as refused:
        inspect_media(data, name)
    assert words in refused.value.message and refused.value.fields == {"file": refused.value.message}


def test_mp4_with_h264_is_read():
    info = inspect_media(mp4_bytes(width=1280, height=720, seconds=12), "policy.mp4")
    assert (info.type, info.mime, info.codec, info.width, info.height, info.seconds) == \
        ("video", "video/mp4", "h264", 1280, 720, 12.0)


@pytest.mark.parametrize("codec", ["V_VP8", "V_VP9"])
def test_webm_with_vp8_or_vp9_is_read(codec):
    info = inspect_media(webm_bytes(codec, 1920, 1080, seconds=8), "clip.webm")
    assert (info.mime, info.codec, info.width, info.height, info.seconds) == \
        ("video/webm", codec[2:].lower(), 1920, 1080, 8.0)


@pytest.mark.parametrize("data, name, words", [
    (mp4_bytes(codec=b"hvc1"), "hevc.mp4", "H.264"),
    (mp4_bytes(codec=b"hev1"), "hev1.mp4", "H.264"),
    (mp4_bytes(codec=b"mp4v"), "mpeg4.mp4", "H.264"),
    (mp4_bytes(codec=b"mp4a", handler=b"soun"), "audio.mp4", "没有 H.264"),
    (mp4_bytes()[:60], "cut.mp4", "损坏"),
    (mp4_bytes(seconds=3600), "long.mp4", "太长"),
    (webm_bytes("V_AV1"), "av1.webm", "VP8"),
    (webm_bytes(doc_type=b"matroska"), "mkv.webm", "文档类型"),
    (webm_bytes(track_type=2), "audio.webm", "没有视频轨道"),
    (webm_bytes()[:30], "cut.webm", "损坏"),
    (mp4_bytes(), "lying.webm", "扩展名"),
    (webm_bytes(), "lying.mp4", "扩展名"),
    (image_bytes("PNG"), "poster.mp4", "不是"),
    (b"RIFF\0\0\0\0AVI LIST", "old.mp4", "不是"),
])
def test_bad_videos_are_refused_in_chinese(data, name, words):
    with pytest.raises(Invalid) as refused:
        inspect_media(data, name)
    assert words in refused.value.message


@pytest.mark.parametrize("data", [b"", b"\0\0\0\x08ftyp", b"\x1a\x45\xdf\xa3", b"\x1a\x45\xdf\xa3\x8f",
                                  b"\0\0\0\x01ftypxxxx", mp4_bytes()[:-33]])
def test_broken_headers_never_raise_anything_but_not_a_video(data):
    try:
        inspect_video(data)
    except NotAVideo:
        pass


def test_files_are_stored_once_by_hash_with_a_thumbnail(tmp_path):
    files = MediaFiles(tmp_path)
    for data, name in ((image_bytes("JPEG", (1920, 1080)), "p.jpg"), (webm_bytes(), "v.webm")):
        info = inspect_media(data, name)
        assert files.put(data, info) and not files.put(data, info)
        assert files.path(info.name).read_bytes() == data
        assert files.path(info.name + ".thumb.jpg").read_bytes()[:2] == b"\xff\xd8"
    assert files.path("../../etc/passwd") is None and files.path("0" * 64 + ".png") is None
    assert not list(files.folder.glob(".*"))  # no temp files left


def test_a_videos_thumbnail_is_its_first_frame_with_a_play_sign():
    data = encoded_mp4(colour=(200, 30, 30))
    with Image.open(io.BytesIO(thumbnail(data, inspect_media(data, "clip.mp4")))) as thumb:
        r, g, b = thumb.convert("RGB").getpixel((5, 5))
        assert r > 150 and g < 80 and b < 80, "the corner shows the video's own red frame"
    undecodable = mp4_bytes()  # boxes only, no frames: the grey play sign, never an error
    with Image.open(io.BytesIO(thumbnail(undecodable, inspect_media(undecodable, "x.mp4")))) as thumb:
        assert thumb.convert("RGB").getpixel((5, 5)) == pytest.approx((48, 52, 60), abs=6)
