"""Posters and videos in a screen's bundle: full-screen slides naming their files, for their own time."""
import hashlib

from content.privacy import mask_value
from tests.kiosk.test_api_media import approve, upload
from tests.media_samples import image_bytes, mp4_bytes


def publish_upload(client, staff, data, name, **fields):
    return approve(client, staff, upload(client, staff["editor"], data, name, **fields).json)


def bundle_of(client, display):
    return client.get(f"/api/v1/screens/{display['key']}/bundle").json


def test_a_published_poster_and_video_are_media_slides_with_their_own_durations(client, staff, make_display):
    display = make_display()
    poster = publish_upload(client, staff, image_bytes("JPEG", (1920, 1080)), "p.jpg", seconds="25")
    video = publish_upload(client, staff, mp4_bytes(seconds=12), "v.mp4")
    data = bundle_of(client, display)
    slides = {s["id"]: s for s in data["slides"]}
    assert slides[poster["id"]]["media"] == {
        "type": "image", "src": f"/media/{poster['media']['name']}", "mime": "image/jpeg", "width": 1920,
        "height": 1080, "bytes": poster["media"]["bytes"], "seconds": 0}
    assert slides[video["id"]]["media"]["type"] == "video" and slides[video["id"]]["kind_label"] == "图片视频"
    assert {p["id"]: p["seconds"] for p in data["playlist"]} == {video["id"]: 12, poster["id"]: 25}
    assert data["settings"]["media_cache_bytes"] > 0
    assert data["ticker"] == [] and slides[poster["id"]]["qr"] is None


def test_media_target_screens_by_org_tags_and_kinds_like_records(client, staff, make_display):
    lobby = make_display(tags=["大厅"])
    guides_only = make_display(kinds=["guide"])
    other_town = make_display(who="ls_admin")
    tagged = publish_upload(client, staff, image_bytes(), "a.png", tags="大厅")
    untagged = publish_upload(client, staff, image_bytes("WEBP"), "b.webp")
    assert [s["id"] for s in bundle_of(client, lobby)["slides"]] == [tagged["id"]]
    assert bundle_of(client, guides_only)["slides"] == []
    assert bundle_of(client, other_town)["slides"] == []
    assert untagged["id"] not in [s["id"] for s in bundle_of(client, lobby)["slides"]]


def test_a_poster_carries_its_window_and_leaves_the_screens_when_withdrawn(client, staff, make_display):
    display = make_display()
    poster = publish_upload(client, staff, image_bytes(), "a.png", expire_at="2026-11-24T12:00:00+08:00")
    slides = bundle_of(client, display)["slides"]
    assert [s["id"] for s in slides] == [poster["id"]]
    assert slides[0]["expire_at"] == "2026-11-24T12:00:00+08:00"  # the player drops it then, server or not
    client.post(f"/api/v1/items/{poster['id']}/withdraw", headers={**staff["reviewer"], "If-Match": str(poster["rev"])})
    assert bundle_of(client, display)["slides"] == []


def test_kiosks_do_not_list_wall_media(client, staff):
    poster = publish_upload(client, staff, image_bytes(), "a.png")
    page = client.get("/")
    assert page.status_code == 200 and poster["title"] not in page.get_data(as_text=True)


def a_poster_whose_hash_reads_like_a_personal_number():
    """PNG bytes whose SHA-256 (the file's public name) holds a run of digits that the privacy
    masking would take for an ID or card number: about one upload in seventy (1.4% of 20,000
    random hashes)."""
    for shade in range(256):
        data = image_bytes("PNG", (1920, 1080), (shade, 40, 90))
        digest = hashlib.sha256(data).hexdigest()
        if mask_value(digest) != digest:
            return data
    raise AssertionError("no such colour: widen the search")


def test_a_file_whose_name_reads_like_a_personal_number_still_reaches_screens_and_kiosks(client, staff, make_display):
    display = make_display()
    poster = publish_upload(client, staff, a_poster_whose_hash_reads_like_a_personal_number(), "p.png")
    name = poster["media"]["name"]
    slide = next(s for s in bundle_of(client, display)["slides"] if s["id"] == poster["id"])
    assert slide["media"]["src"] == f"/media/{name}"
    assert client.get(f"/api/v1/items/{poster['id']}").json["media"]["name"] == name
    for path in (f"/media/{name}", f"/media/{name}.thumb.jpg"):
        with client.get(path) as served:
            assert served.status_code == 200, path
