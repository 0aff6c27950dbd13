"""POST /api/v1/media: posters and videos become draft records and share the records' review."""
import io

import pytest

from content.mediafiles import MAX_VIDEO_BYTES
from tests.kiosk.staff_pages import log_in
from tests.media_samples import bomb_png, image_bytes, mp4_bytes, webm_bytes


def upload(client, headers, data, filename, **fields):
    form = {"file": (io.BytesIO(data), filename), "title": "冬季防火宣传海报", **fields}
    return client.post("/api/v1/media", data=form, headers=headers, content_type="multipart/form-data")


def stored_files(content):
    return sorted(p.name for p in content.media.folder.glob("*")) if content.media.folder.exists() else []


def test_a_poster_becomes_a_draft_media_record_with_its_file_and_thumbnail(client, staff, content):
    response = upload(client, staff["editor"], image_bytes("PNG", (1920, 1080)), "poster.png",
                      tags="大厅, 防火", publish_at="2026-11-23", expire_at="2026-12-31", seconds="20")
    assert response.status_code == 201, response.json
    record = response.json
    assert (record["kind"], record["status"], record["org"], record["seconds"]) == ("media", "draft", "QX-DT", 20)
    assert record["tags"] == ["大厅", "防火"] and record["expire_at"] == "2027-01-01T00:00:00+08:00"
    media = record["media"]
    assert (media["type"], media["mime"], media["width"], media["height"]) == ("image", "image/png", 1920, 1080)
    with client.get(f"/media/{media['name']}", headers=staff["editor"]) as served:
        assert served.status_code == 200 and served.mimetype == "image/png"
        assert served.headers["Cache-Control"] == "private, no-store", "a draft is for staff only"
    with client.get(f"/media/{media['name']}.thumb.jpg", headers=staff["editor"]) as thumb:
        assert thumb.status_code == 200 and thumb.data[:2] == b"\xff\xd8"
    assert client.get("/media/" + "0" * 64 + ".png", headers=staff["editor"]).status_code == 404


def approve(client, staff, record):
    submitted = client.post(f"/api/v1/items/{record['id']}/submit", headers=staff["editor"]).json
    approved = client.post(f"/api/v1/items/{record['id']}/approve",
                           headers={**staff["reviewer"], "If-Match": str(submitted["rev"])})
    assert approved.status_code == 200, approved.json
    return approved.json


def test_a_drafts_file_reaches_residents_only_once_approved(app, client, staff):
    draft = upload(client, staff["editor"], image_bytes("PNG", (1920, 1080)), "poster.png").json
    name = draft["media"]["name"]
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get(f"/media/{name}.thumb.jpg").status_code == 404
    with log_in(app.test_client(), "reviewer").get(f"/media/{name}.thumb.jpg") as seen:
        assert seen.status_code == 200, "staff pages show drafts' thumbnails to the logged-in reviewer"
    approve(client, staff, draft)
    with client.get(f"/media/{name}") as served:
        assert served.status_code == 200 and "immutable" in served.headers["Cache-Control"]
    with client.get(f"/media/{name}.thumb.jpg") as thumb:
        assert thumb.status_code == 200


@pytest.mark.parametrize("data, name", [(mp4_bytes(), "policy.mp4"), (webm_bytes("V_VP8"), "clip.webm")])
def test_a_video_keeps_its_length_and_codec(client, staff, data, name):
    record = upload(client, staff["editor"], data, name).json
    assert record["media"]["type"] == "video" and record["media"]["seconds"] in (12.0, 8.0)
    with client.get(f"/media/{record['media']['name']}", headers={"Range": "bytes=0-7", **staff["editor"]}) as ranged:
        assert ranged.status_code == 206 and len(ranged.data) == 8


@pytest.mark.parametrize("data, name", [
    (b"<html>not a poster</html>", "poster.png"), (image_bytes("PNG")[:-30], "cut.png"),
    (bomb_png(), "bomb.png"), (image_bytes("PNG"), "lying.webp"), (mp4_bytes(codec=b"hvc1"), "hevc.mp4"),
    (mp4_bytes(codec=b"hev1"), "hev1.mp4"), (webm_bytes("V_AV1"), "av1.webm"), (b"MZ\x90\0", "setup.exe"),
    (image_bytes("JPEG")[:200], "cut.jpg"),
])
def test_bad_files_are_refused_in_chinese_and_nothing_is_stored(client, staff, content, data, name):
    response = upload(client, staff["editor"], data, name)
    assert response.status_code == 422 and "file" in response.json["error"]["fields"]
    assert any("\u4e00" <= c <= "\u9fff" for c in response.json["error"]["message"])
    assert stored_files(content) == [] and client.get("/api/v1/items", headers=staff["editor"]).json["total"] == 0


def test_an_oversized_upload_is_refused_with_413(client, staff, content):
    # Raw bytes: the test client would spool a real form to a temporary file it then leaks on a 413.
    response = client.post("/api/v1/media", data=b"\0" * (MAX_VIDEO_BYTES + 100_000), headers=staff["editor"],
                           content_type="multipart/form-data; boundary=xyz")
    assert response.status_code == 413 and stored_files(content) == []
    assert "文件太大" in response.json["error"]["message"] and "file" in response.json["error"]["fields"]


def test_bad_fields_store_nothing(client, staff, content):
    response = upload(client, staff["editor"], image_bytes(), "p.png", title="", expire_at="not a date")
    assert response.status_code == 422 and {"title", "expire_at"} <= set(response.json["error"]["fields"])
    assert upload(client, staff["editor"], image_bytes(), "p.png", org="QX-LS").status_code == 404
    assert stored_files(content) == []


def test_uploads_need_staff_and_a_file(client, staff):
    assert upload(client, {}, image_bytes(), "p.png").status_code == 401
    missing = client.post("/api/v1/media", data={"title": "x"}, headers=staff["editor"])
    assert missing.status_code == 422 and "file" in missing.json["error"]["fields"]


def test_media_records_are_not_made_or_given_files_through_json(client, staff, make_notice):
    refused = client.post("/api/v1/items", json={"kind": "media", "title": "海报"}, headers=staff["editor"])
    assert refused.status_code == 422 and "kind" in refused.json["error"]["fields"]
    notice = client.post("/api/v1/items", json=make_notice(media={"name": "x"}), headers=staff["editor"])
    assert notice.status_code == 422 and "media" in notice.json["error"]["fields"]


def test_media_go_through_the_same_review_as_records(client, staff):
    record = upload(client, staff["editor"], image_bytes(), "p.png").json
    item = record["id"]
    submitted = client.post(f"/api/v1/items/{item}/submit", headers=staff["editor"]).json
    own = client.post(f"/api/v1/items/{item}/approve", headers={**staff["editor"], "If-Match": str(submitted["rev"])})
    assert own.status_code == 403  # 谁公开谁审查: not by its author
    assert client.get(f"/api/v1/items/{item}").status_code == 404
    approved = client.post(f"/api/v1/items/{item}/approve", headers={**staff["reviewer"], "If-Match": str(submitted["rev"])})
    assert approved.status_code == 200 and approved.json["status"] == "published"
    public = client.get(f"/api/v1/items/{item}").json
    assert public["media"]["name"] == record["media"]["name"]
    edited = client.put(f"/api/v1/items/{item}", json={"title": "新标题", "media": record["media"]},
                        headers={**staff["editor"], "If-Match": str(approved.json["rev"])})
    assert edited.status_code == 200 and edited.json["media"] == record["media"]  # echoed unchanged is fine
    withdrawn = client.post(f"/api/v1/items/{item}/withdraw", headers={**staff["reviewer"], "If-Match": str(edited.json["rev"])})
    assert withdrawn.json["status"] == "withdrawn" and client.get(f"/api/v1/items/{item}").status_code == 404


def test_another_township_cannot_see_an_upload(client, staff):
    record = upload(client, staff["editor"], image_bytes(), "p.png").json
    assert client.get(f"/api/v1/items/{record['id']}", headers=staff["ls_admin"]).status_code == 404


def test_a_poster_larger_than_the_json_body_limit_is_accepted(client, staff, app):
    import os
    from PIL import Image
    noise = Image.frombytes("RGB", (1200, 1000), os.urandom(1200 * 1000 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG")
    assert len(out.getvalue()) > app.config["MAX_CONTENT_LENGTH"]
    # Encoded here: the test client spools a big form to a temporary file that it never closes.
    body = (b'--xyz\r\nContent-Disposition: form-data; name="title"\r\n\r\n' + "大海报".encode() +
            b'\r\n--xyz\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\n'
            b"Content-Type: image/png\r\n\r\n" + out.getvalue() + b"\r\n--xyz--\r\n")
    made = client.post("/api/v1/media", data=body, headers=staff["editor"], content_type="multipart/form-data; boundary=xyz")
    assert made.status_code == 201, made.json


def test_the_public_pages_of_a_published_poster_never_fail(client, staff):
    record = approve(client, staff, upload(client, staff["editor"], image_bytes(), "p.png").json)
    for path in (f"/items/{record['id']}", f"/qr/{record['id']}.svg", "/api/v1/search?q=防火", "/?q=防火"):
        assert client.get(path).status_code < 500, path
