"""Staff pages for posters and videos: upload, list with thumbnails, edit, submit, review, withdraw."""
import io

from content.mediafiles import MAX_VIDEO_BYTES
from tests.media_samples import image_bytes, mp4_bytes

from .staff_pages import pages  # noqa: F401  (fixture)

CHECKED = {"secrecy": "y", "privacy": "y", "legality": "y", "wording": "y"}


def upload_page(client, data, filename, **fields):
    form = {"file": (io.BytesIO(data), filename), "title": "冬季防火宣传海报", **fields}
    return client.post("/admin/media", data=form, content_type="multipart/form-data")


def test_upload_then_list_with_thumbnails(pages, client):
    pages("editor")
    assert "上传海报或短视频" in client.get("/admin/media").get_data(as_text=True)
    made = upload_page(client, image_bytes("PNG", (800, 450)), "poster.png", tags="大厅", seconds="20")
    assert made.status_code == 302 and "/admin/records/" in made.headers["Location"]
    edit = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "800×450 像素" in edit and 'name="seconds"' in edit and 'value="20"' in edit
    upload_page(client, mp4_bytes(), "policy.mp4", title="医保政策解读")
    html = client.get("/admin/media").get_data(as_text=True)
    assert html.count('class="media-thumb"') == 2 and "医保政策解读" in html and "共 2 条" in html
    assert "图片视频" in client.get("/admin/").get_data(as_text=True)  # in the navigation


def test_a_refused_upload_says_why_in_chinese_and_keeps_the_typed_fields(pages, client, content):
    pages("editor")
    refused = upload_page(client, b"not an image", "poster.png", title="保留的标题")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "无法识别的图片" in html and 'value="保留的标题"' in html
    assert not content.media.folder.exists() or not list(content.media.folder.iterdir())


def test_an_upload_larger_than_any_kept_file_is_refused_in_chinese_on_the_page(pages, client, content):
    pages("editor")
    refused = client.post("/admin/media", data=b"\0" * (MAX_VIDEO_BYTES + 100_000),
                          content_type="multipart/form-data; boundary=xyz")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 413 and "文件太大" in html and "上传海报或短视频" in html
    assert not content.media.folder.exists() or not list(content.media.folder.iterdir())


def test_new_media_from_the_records_page_leads_to_the_upload(pages, client):
    pages("editor")
    assert client.get("/admin/records/new?kind=media").headers["Location"].endswith("/admin/media")


def test_submit_review_and_withdraw_through_the_records_pages(pages, client, staff):
    pages("editor")
    item = int(upload_page(client, image_bytes(), "p.png").headers["Location"].rstrip("/").rsplit("/", 1)[1])
    client.post(f"/admin/records/{item}/submit", data={"rev": "1"})
    pages("reviewer")
    review = client.get(f"/admin/review/{item}").get_data(as_text=True)
    assert "<img src=\"/media/" in review and "media-list" not in review
    approved = client.post(f"/admin/review/{item}", data={"rev": "2", "decision": "approve", **CHECKED})
    assert approved.status_code == 302
    assert client.get(f"/api/v1/items/{item}").json["status"] == "published"
    withdrawn = client.post(f"/admin/records/{item}/withdraw", data={"rev": "3", "comment": "活动结束"})
    assert withdrawn.status_code == 302
    assert client.get(f"/api/v1/items/{item}", headers=staff["editor"]).json["status"] == "withdrawn"


def test_editing_a_media_record_keeps_its_file(pages, client, staff):
    pages("editor")
    item = int(upload_page(client, image_bytes(), "p.png").headers["Location"].rstrip("/").rsplit("/", 1)[1])
    before = client.get(f"/api/v1/items/{item}", headers=staff["editor"]).json
    saved = client.post(f"/admin/records/{item}", data={"rev": "1", "title": "新标题", "seconds": "30", "save": "1"})
    assert saved.status_code == 302
    after = client.get(f"/api/v1/items/{item}", headers=staff["editor"]).json
    assert (after["title"], after["seconds"], after["media"]) == ("新标题", 30, before["media"])


def test_the_history_pages_of_a_media_record_work(pages, client):
    pages("editor")
    item = int(upload_page(client, image_bytes(), "p.png").headers["Location"].rstrip("/").rsplit("/", 1)[1])
    client.post(f"/admin/records/{item}", data={"rev": "1", "title": "新标题", "save": "1"})
    for path in (f"/admin/records/{item}/revisions", f"/admin/records/{item}/revisions/1",
                 f"/admin/records/{item}/compare?a=1&b=2", "/admin/", "/admin/records?kind=media"):
        assert client.get(path).status_code == 200, path
