"""POST /api/v1/media: upload a poster or video as a draft media record.

From there it is a record like any other: PUT /api/v1/items/<id> edits its title and
window, and submit / approve / withdraw take it through the same review.
"""
from flask import url_for

from ..auth import staff_actor
from ..media import upload_from_request
from . import bp
from .items import with_etag


@bp.post("/media")
def upload_media():
    record = upload_from_request(staff_actor())
    response = with_etag(record)
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_item", item_id=record["id"])
    return response
