"""Offline kiosks: a service worker keeps home, topic lists and the hall's guides readable.

The worker asks `offline.json` for the content version and the pages to keep; when the
version changes it fills a new cache and drops the old one, so a withdrawn record leaves
the kiosk as soon as it is back online.
"""
from flask import abort, g, jsonify, render_template, send_from_directory, url_for

from ..context import library
from . import bp
from .hall import hall_counts, hall_records, route

MAX_PAGES = 400
STATIC = ("kiosk/kiosk.css", "kiosk/page.js", "kiosk/record.js", "kiosk/search.js", "kiosk/keyboard.js",
          "vendor/simple-keyboard/index.modern.esm.js", "vendor/simple-keyboard/index.css")


@bp.get("/kiosk/")
def pairing_page():
    """A new kiosk shows a code here until staff claim it on the 查询机 page (/admin/kiosks) or the API."""
    return render_template("resident/pair.html")


@route("/sw.js")
def service_worker():
    if not g.get("kiosk"):
        abort(404)
    response = send_from_directory(bp.root_path + "/../static/kiosk", "sw.js", max_age=0)
    response.headers["Service-Worker-Allowed"] = url_for("resident.home")
    return response


@route("/offline")
def offline_page():
    return render_template("resident/offline.html", counts=hall_counts())


@route("/offline.json")
def offline_manifest():
    """The content version and the pages a kiosk keeps for when the network is away."""
    if not g.get("kiosk"):
        abort(404)
    counts = hall_counts()
    pages = [url_for("resident.home"), url_for("resident.offline_page"), url_for("resident.search")]
    pages += [url_for("resident.topic_list", kind=kind) for kind in counts["kinds"]]
    pages += [url_for("resident.topic_list", theme=theme) for theme in counts["themes"]]
    pages += [url_for("resident.topic_list", area=area) for area in counts["areas"]]
    pages += [url_for("resident.topic_list", stage=stage) for stage in counts["stages"]]
    pages += [url_for("resident.item", item_id=r["id"]) for r in hall_records() if r["kind"] == "guide"]
    assets = [url_for("static", filename=name) for name in STATIC]
    return jsonify({"version": library().content_version(), "pages": pages[:MAX_PAGES], "assets": assets})
