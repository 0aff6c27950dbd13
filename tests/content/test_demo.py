"""The demo county reads true whatever day it is loaded: no placeholder left, no stale year,
enough public records to fill the screens, and no unmasked personal data."""
import datetime as dt
import re

import pytest

from content import open_content
from content.dates import DEFAULT_TZ
from content.demo import fill_placeholders
from content.privacy import find_personal_data
from content.setup import ensure_initialised

SETTINGS = {"KIOSK_DEMO": True, "KIOSK_ORG_CODE": "x", "KIOSK_ORG_NAME": "x"}
YEAR = re.compile(r"(?<![\d.,])20\d\d(?![\d.,])")  # not the 2047.3 亩 of a table
FIXED_YEARS = range(2000, 2024)  # years of national documents cited as they are (国发〔2014〕8号)
PLAN_HORIZON = 2035  # 村庄规划（2021—2035年） names a plan period, not a date
STAMPS = {"publish_at", "expire_at", "created_at", "updated_at", "published_at", "formed_at", "index_no"}


def texts(value):
    """Every string inside a stored record, except its machine-written dates."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in STAMPS:
                yield from texts(item)


# A day late in a year, and a far one just after New Year: a year written into the file
# as text would be stale on one of them.
@pytest.mark.parametrize("now", [dt.datetime(2026, 11, 23, 9, 0, tzinfo=DEFAULT_TZ),
                                 dt.datetime(2031, 1, 2, 23, 30, tzinfo=DEFAULT_TZ)])
def test_the_demo_reads_true_on_any_load_day(tmp_path, now):
    content = open_content(tmp_path / "data")
    assert ensure_initialised(content, SETTINGS, now)
    records = content.library.items.all()
    assert len(records) == 53
    recent = range(now.year - 2, now.year + 2)  # last year's accounts, published early this year
    for record in records:
        for text in texts(record):
            assert "{" not in text and "}" not in text, (record["id"], text[:80])
            for year in map(int, YEAR.findall(text)):
                assert year in recent or year in FIXED_YEARS or year == PLAN_HORIZON, (record["id"], text[:80])
    title_years = {int(y) for r in records for y in YEAR.findall(r["title"])} - {2021, PLAN_HORIZON}
    assert title_years and title_years <= set(recent)

    public = content.library.public_set().visible(now)
    disclosures = [r for r in public if r["kind"] == "disclosure"]
    assert len(public) >= 30 and len(disclosures) >= 15 and len({r["area"] for r in disclosures}) >= 8
    assert sum(r["kind"] == "guide" for r in public) >= 10
    stored = {r["id"]: r for r in records}
    for item in public:  # the stored text, not the masked public view: the demo itself must be clean
        for text in texts(stored[item["id"]]):
            assert not find_personal_data(text), (item["id"], find_personal_data(text))


def test_placeholders_render_from_the_load_day_and_a_typo_fails_the_load():
    today, written = dt.date(2026, 11, 23), dt.date(2026, 1, 10)
    text = "{d+3}|{d-2:full}|{d+40:y}|{m-1:full}|{q}|{q-1:full}|{y-1}|{**粗体**}"
    assert fill_placeholders([{"a": text}], today, written) == [
        {"a": "11月26日|2026年11月21日|2027|2025年12月|第一季度|2025年第四季度|2025|{**粗体**}"}]
    for typo in ("{yq-1}", "{d+3:short}", "{y:full}", "{ d+3 }"):
        with pytest.raises(ValueError):
            fill_placeholders(f"公示期：{typo}", today, written)
