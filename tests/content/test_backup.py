"""Backups of a data directory and restoring them: a round trip gives the data back, and a
damaged or foreign file is refused before anything is touched."""
import gzip
import hashlib
import io
import json
import os
import tarfile

import orjson
import pytest

from content import open_content
from content.backup import FORMAT, MANIFEST, create_backup, read_backup, restore_backup
from content.errors import Invalid

NOW = "2026-11-23T09:00:00+08:00"


def tree(root):
    """Every file under `root` with its bytes: a picture to compare before and after."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def filled(tmp_path, clock):
    """A data dir with a county, a township, a user with a token, and two records."""
    data = tmp_path / "data"
    content = open_content(data)
    content.orgs.create("QX", "青溪县", now=clock())
    content.orgs.create("QX-DT", "东塘镇", "QX", now=clock())
    actor = content.accounts.create_user("editor", "editor", None, "QX-DT", now=clock())
    token = content.accounts.create_token("editor", now=clock())
    first, second = (content.library.create(actor, {"kind": "notice", "title": title, "summary": summary}, clock())
                     for title, summary in (("元旦办公安排", "1月1日休息"), ("停水通知", "周二停水")))
    return data, content, actor, token, [first["id"], second["id"]]


def test_a_backup_then_restore_gives_back_exactly_the_data_it_saved(filled, tmp_path, clock):
    data, content, actor, token, ids = filled
    target = tmp_path / "saved" / "backup.tar.gz"
    count = create_backup(content.store, target, NOW)
    saved = {name: body for name, body in tree(data).items() if name.split("/")[0] in ("db", "journal")}
    assert count == len(saved)

    later = content.library.create(actor, {"kind": "notice", "title": "备份之后", "summary": "x"}, clock())
    content.library.update(actor, ids[0], {"title": "改过了"}, 1, clock())
    content.accounts.create_user("late", "admin", None, now=clock())
    late_token = content.accounts.create_token("late", now=clock())

    restored, aside = restore_backup(data, target, "20261123T090000")

    assert restored == count
    assert {name: body for name, body in tree(data).items() if name.split("/")[0] in ("db", "journal")} == saved
    reopened = open_content(data)
    assert reopened.library.items.get(ids[0])["title"] == "元旦办公安排"
    assert reopened.library.items.get(ids[1])["rev"] == 1
    assert reopened.library.items.get(later["id"]) is None
    assert reopened.accounts.actor_for_token(token) == actor
    assert reopened.accounts.actor_for_token(late_token) is None
    assert reopened.library.audit.verify() is None
    assert open_content(aside).library.items.get(later["id"])["title"] == "备份之后"  # moved aside, not lost


def test_a_backup_holds_a_manifest_with_a_checksum_of_every_data_file_and_nothing_else(filled, tmp_path):
    data, content, *_ = filled
    (data / "db" / ".orgs.json.1a2b3c4d.tmp").write_bytes(b"{half")
    (data / "uploads").mkdir()
    (data / "uploads" / "photo.png").write_bytes(b"\x89PNG")
    target = tmp_path / "b.tar.gz"

    create_backup(content.store, target, NOW)

    with tarfile.open(target) as archive:
        names = archive.getnames()
        manifest = json.loads(archive.extractfile(MANIFEST).read())
        bodies = {name: archive.extractfile(name).read() for name in names if name != MANIFEST}
    assert manifest["format"] == FORMAT and manifest["created_at"] == NOW
    assert set(bodies) == set(manifest["files"]) and "uploads/photo.png" in bodies
    assert all(hashlib.sha256(body).hexdigest() == manifest["files"][name] for name, body in bodies.items())
    assert not any(name.startswith(".") or "/." in name or "secret_key" in name for name in names)


def test_restoring_twice_in_the_same_second_keeps_both_sets_of_replaced_data(filled, tmp_path, clock):
    data, content, actor, *_ = filled
    target = tmp_path / "b.tar.gz"
    create_backup(content.store, target, NOW)
    content.library.create(actor, {"kind": "notice", "title": "第一次之前", "summary": "x"}, clock())
    first_state = tree(data)

    _, first_aside = restore_backup(data, target, "20261123T090000")
    open_content(data).library.create(actor, {"kind": "notice", "title": "第二次之前", "summary": "x"}, clock())
    _, second_aside = restore_backup(data, target, "20261123T090000")

    assert first_aside != second_aside
    assert {k: v for k, v in first_state.items() if k.startswith(("db/", "journal/"))} == tree(first_aside)
    titles = {doc["title"] for doc in open_content(second_aside).library.items.all()}
    assert "第二次之前" in titles and "第一次之前" not in titles  # record ids are random: no order to rely on
    assert not any(p.name.startswith(".restore") for p in data.iterdir())


# --- refusing what is not a good backup ----------------------------------------------------------

def archive(members, manifest=None):
    """A .tar.gz holding `members` ({name: bytes}) and, unless None, a manifest listing them."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        if manifest is not None:
            members = {MANIFEST: json.dumps(manifest).encode(), **members}
        for name, body in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return buffer.getvalue()


def manifest_of(files, **overrides):
    return {"format": FORMAT, "created_at": NOW,
            "files": {name: hashlib.sha256(body).hexdigest() for name, body in files.items()}, **overrides}


def forged(files, **overrides):
    """A backup made by hand: its manifest matches its files, whatever they are."""
    return archive(files, manifest_of(files, **overrides))


ORGS = b'{"_default": {"1": {"code": "QX", "name": "x", "parent": null}}}'


def with_symlink():
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        manifest = json.dumps(manifest_of({"db/orgs.json": ORGS})).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
        link = tarfile.TarInfo("db/orgs.json")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(link)
    return buffer.getvalue()


DAMAGED = {
    "random bytes": os.urandom(4096),
    "an empty file": b"",
    "gzip of something that is not a tar": gzip.compress(b"hello " * 100),
    "a tar.gz without manifest": archive({"db/orgs.json": ORGS}),
    "a manifest that is not JSON": archive({MANIFEST: b"{not json"}),
    "a manifest that is a list": archive({MANIFEST: b"[1, 2]"}),
    "another product's backup": forged({"db/orgs.json": ORGS}, format="someone-else/1"),
    "a path out of the data dir": forged({"../../etc/passwd": b"root::0:0::/:/bin/sh\n"}),
    "an absolute path": forged({"/etc/passwd": b"root::0:0::/:/bin/sh\n"}),
    "a path into another folder": forged({"secret_key": b"stolen"}),
    "an empty path": forged({"": b"x"}),
    "a part as a file": forged({"db": b"{}"}),
    "a listed file that is missing": archive({}, manifest_of({"db/orgs.json": ORGS})),
    "a checksum that does not match": archive({"db/orgs.json": ORGS}, manifest_of({"db/orgs.json": b"{}"})),
    "a database file that is not JSON": forged({"db/orgs.json": b'{"_default": {"1": '}),
    "a database file that is not an object": forged({"db/orgs.json": b"[1, 2, 3]"}),
    "a symlink": with_symlink(),
    "a file and a folder of one name": forged({"db/orgs.json": ORGS, "db/orgs.json/x.json": b"{}"}),
}


@pytest.mark.parametrize("body", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_or_foreign_file_is_refused_and_nothing_changes(filled, tmp_path, body):
    data, content, *_ = filled
    source = tmp_path / "suspect.tar.gz"
    source.write_bytes(body)
    before = tree(tmp_path)

    with pytest.raises(Invalid):
        restore_backup(data, source, "20261123T090000")

    assert tree(tmp_path) == before
    assert sorted(p.name for p in data.iterdir()) == sorted([".write.lock", "db", "journal"])
    assert open_content(data).orgs.get("QX-DT") is not None


def test_a_missing_file_is_refused(filled, tmp_path):
    data, *_ = filled
    with pytest.raises(Invalid):
        restore_backup(data, tmp_path / "no-such.tar.gz", "20261123T090000")


def test_read_backup_returns_the_files_it_checked(filled, tmp_path):
    data, content, *_ = filled
    target = tmp_path / "b.tar.gz"
    create_backup(content.store, target, NOW)

    files = read_backup(target)

    assert files["db/orgs.json"] == (data / "db" / "orgs.json").read_bytes()
    assert all(isinstance(orjson.loads(body), dict) for name, body in files.items() if name.endswith(".json"))
