"""The audit trail for admins: filter by person, action, record and date; verify; export CSV."""
import csv
import io

from flask import Response, render_template, request

from content.errors import NotFound
from content.sheets import csv_cell

from ..context import content, library
from . import bp
from .access import me, needs

PER_PAGE = 50
SCAN_MAX = 100_000


def _entries():
    """Entries of the admin's orgs (the county's admins see all), newest first, filtered."""
    root = content().orgs.root()
    orgs = None if root and me().org == root.code else me().scope
    args = {k: (request.args.get(k) or "").strip()[:100] for k in ("actor", "action", "target", "from", "to")}
    chosen = []
    for entry in library().audit.entries(orgs, SCAN_MAX):
        if args["actor"] and entry.get("actor") != args["actor"]:
            continue
        if args["action"] and not entry.get("action", "").startswith(args["action"]):
            continue
        if args["target"] and entry.get("target") != _target(args["target"]):
            continue
        day = entry.get("at", "")[:10]
        if (args["from"] and day < args["from"]) or (args["to"] and day > args["to"]):
            continue
        chosen.append(entry)
    return chosen, args


def _target(text):
    return f"item:{text}" if text.isdigit() else text


@bp.get("/audit")
@needs("audit.read")
def audit():
    chosen, args = _entries()
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and 0 < len(page) < 7 and int(page) > 0 else 1
    verified = library().audit.verify() if request.args.get("verify") else "skipped"
    shown = chosen[(page - 1) * PER_PAGE:page * PER_PAGE]
    return render_template("admin/audit/list.html", entries=shown, titles=_titles(shown),
                           total=len(chosen), page=page, per_page=PER_PAGE, args=args, verified=verified)


def _titles(entries):
    """The current title of each record the entries name ('item:12' → title), where the admin may see it."""
    titles = {}
    for entry in entries:
        target = entry.get("target") or ""
        if target.startswith("item:") and target not in titles and target[5:].isdigit() and len(target) < 20:
            try:
                titles[target] = library().get(me(), int(target[5:]))["title"]
            except NotFound:
                titles[target] = None
    return titles


@bp.get("/audit.csv")
@needs("audit.read")
def audit_csv():
    chosen = _entries()[0]
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 Chinese correctly only with a BOM
    writer = csv.writer(out)
    writer.writerow(["seq", "at", "actor", "action", "target", "org", "detail", "prev", "hash"])
    for e in chosen:
        detail = "; ".join(f"{k}={v}" for k, v in (e.get("detail") or {}).items())
        writer.writerow([e.get("seq"), e.get("at"), *map(csv_cell, (e.get("actor") or "", e.get("action") or "",
                         e.get("target") or "", e.get("org") or "", detail)), e.get("prev"), e.get("hash")])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=audit.csv"})
