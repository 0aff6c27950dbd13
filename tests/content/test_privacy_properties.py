"""Generated spellings of phone, ID and card numbers: masked in every one, found by the
reviewer's scan, and never shown in full once a Markdown body is rendered; generated
landlines, dates, amounts and index numbers are left alone."""
from hypothesis import given, settings
from hypothesis import strategies as st

from content.privacy import find_personal_data, mask_markdown, mask_text
from content.rendering import plain_text, shown_text
from tests.privacy_strategies import reader_view, spelled_numbers

AROUND = st.sampled_from(["户主王某某，电话{}。", "{}", "身份证号：{}；", "Tel {} ", "卡号（{}）", "联系人 {} 王某"])
MARKDOWN_AROUND = st.sampled_from([
    "户主王某某，电话{}。", "| 户主 | 号码 |\n|---|---|\n| 王某某 | {} |", "- {}\n- 无", "**{}**", "[{}](https://a.cn/)",
    "> {}", "## {}", "1. 王某某 {}", "第一段。\n\n{}\n\n第三段。", "{}<br>", "[详情](https://a.cn/?n={})",
])


@settings(max_examples=150, deadline=None)
@given(number=spelled_numbers(markdown=False), around=AROUND)
def test_plain_text_never_keeps_a_full_number(number, around):
    spelled, digits = number
    text = around.format(spelled)
    masked = mask_text(text)
    assert digits not in reader_view(masked), masked
    assert find_personal_data(text), text
    assert mask_text(masked) == masked and not find_personal_data(masked)


@settings(max_examples=150, deadline=None)
@given(number=spelled_numbers(), around=MARKDOWN_AROUND)
def test_a_rendered_body_never_shows_a_full_number(number, around):
    spelled, digits = number
    masked = mask_markdown(around.format(spelled))
    assert digits not in reader_view(shown_text(masked)), masked
    assert digits not in reader_view(plain_text(masked)), masked
    assert find_personal_data(around.format(spelled))


landlines = st.builds("{}{}{}".format, st.from_regex(r"0[1-9][0-9]{1,2}", fullmatch=True),
                      st.sampled_from(["-", " ", "—", ")", "－"]), st.from_regex(r"[2-8][0-9]{6,7}", fullmatch=True))
dates = st.builds(lambda d, sep: d.strftime(f"%Y{sep}%m{sep}%d"), st.dates(), st.sampled_from(["-", ".", "/", " "]))
amounts = st.builds("{}{}".format, st.integers(0, 10 ** 7), st.sampled_from(["元", ".00元", "万元", " 元", "亩"]))
index_numbers = st.builds("QX-{}/{}-{:05d}".format, st.sampled_from(["DT", "LS", "HX"]), st.integers(2000, 2099),
                          st.integers(0, 99999))


@settings(max_examples=150, deadline=None)
@given(text=st.lists(st.one_of(landlines, dates, amounts, index_numbers), min_size=1, max_size=3).map("，".join))
def test_landlines_dates_amounts_and_index_numbers_stay(text):
    assert mask_text(text) == text
    assert mask_markdown(text) == text
    assert find_personal_data(text) == {}
