"""Masking reads numbers the way a reader sees them: every spelling of a number is masked,
and nothing that only looks like one (landlines, dates, amounts, index numbers) is."""
import pytest

from content.errors import Invalid
from content.privacy import find_personal_data, mask_markdown, mask_text, url_carries_personal_data
from content.publication import public_view
from content.qrcodes import record_link
from content.records import validate_fields
from content.rendering import plain_text, shown_text

MOBILE = "13812345678"
ID = "110101199003071234"


@pytest.mark.parametrize("text, masked", [
    # mobiles
    ("13812345678", "138****5678"),
    ("+8613812345678", "+86138****5678"),
    ("008613812345678", "0086138****5678"),
    ("+86 138 1234 5678", "+86 138 **** 5678"),
    ("(+86)138-1234-5678", "(+86)138-****-5678"),
    ("138.1234.5678", "138.****.5678"),
    ("138·1234·5678", "138·****·5678"),
    ("１３８１２３４５６７８", "１３８****５６７８"),
    ("１３８－１２３４－５６７８", "１３８－****－５６７８"),
    ("138—1234—5678", "138—****—5678"),
    ("138–1234–5678", "138–****–5678"),
    ("138‐1234‑5678", "138‐****‑5678"),
    ("138−1234−5678", "138−****−5678"),
    ("138\u00a01234\u00a05678", "138\u00a0****\u00a05678"),
    ("138\u20091234\u20095678", "138\u2009****\u20095678"),
    ("138\u202f1234\u202f5678", "138\u202f****\u202f5678"),
    ("138\u30001234\u30005678", "138\u3000****\u30005678"),
    ("138 - 1234 - 5678", "138 - **** - 5678"),
    ("138 1234-5678", "138 ****-5678"),
    ("1381234\u200b5678", "138****\u200b5678"),  # only the hidden digits change
    ("138\u200c1234\u200d5678", "138\u200c****\u200d5678"),
    ("\ufeff138\u20601234\u00ad5678", "\ufeff138\u2060****\u00ad5678"),
    ("1381234&#53;678", "138****&#53;678"),
    ("1381234&#x35;678", "138****&#x35;678"),
    ("138**1234**5678", "138********5678"),
    ("①③⑧1234５６７８", "①③⑧****５６７８"),
    ("电话13812345678。", "电话138****5678。"),
    ("Tel:13812345678x", "Tel:138****5678x"),
    ("13812345678 13987654321", "138****5678 139****4321"),
    ("138 1234 5678 3户", "138 **** 5678 3户"),
    ("138      1234\n   5678", "138      ****\n   5678"),  # a page collapses space and one line break
    ("一三八一二三四五六七八", "一三八****五六七八"),
    ("𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", "𝟏𝟑𝟖****𝟓𝟔𝟕𝟖"),
    ("13\u030181234\ufe0f5678", "13\u03018****\ufe0f5678"),
    ("> 电话 138\n> 1234 5678", "> 电话 138\n> **** 5678"),  # a block quote's lines read on
    # ID numbers
    ("110101199003071234", "11*************234"),
    ("11010119900307123X", "11*************23X"),
    ("11010119900307123x", "11*************23x"),
    ("11010119900307123Ｘ", "11*************23Ｘ"),
    ("１１０１０１１９９００３０７１２３４", "１１*************２３４"),
    ("110101 19900307 1234", "11*************234"),
    ("110101-1990-0307-1234", "11*************234"),
    ("110101\u200b19900307\u200b1234", "11*************234"),
    ("110101\ufeff199003071234", "11*************234"),
    ("110101**19900307**1234", "11*************234"),
    ("110101&#49;99003071234", "11*************234"),
    ("110101&#x31;99003071234", "11*************234"),
    ("110101900307123", "11**********123"),  # the old 15-digit number
    ("身份证号：110101199003071234，", "身份证号：11*************234，"),
    # bank cards
    ("6222021234567890", "************7890"),
    ("6222021234567890123", "***************0123"),
    ("6222 0212 3456 7890", "************ 7890"),
    ("6222  0212  3456  7890", "************  7890"),
    ("6222-0212-3456-7890-123", "***************0-123"),
    ("6222\u00a00212\u00a03456\u00a07890", "************\u00a07890"),
    ("６２２２ ０２１２ ３４５６ ７８９０", "************ ７８９０"),
    ("622202 1234567890123", "***************0123"),
    ("622202 1234 5678 9012", "************** 9012"),
    ("6222\u200b0212345\u200b67890", "************7890"),
])
def test_every_spelling_is_masked(text, masked):
    assert mask_text(text) == masked
    assert find_personal_data(text), text
    assert mask_text(masked) == masked  # masking what is masked changes nothing


@pytest.mark.parametrize("text", [
    "0795-6123456", "0795 6123456", "(0795)6123456", "010-12345678", "0795-12345", "12345", "400-123-4567",
    "2026-11-23", "2026年11月23日", "2026-11-23~2026-11-30", "2026/11/23 13:00", "2026.11.23",
    "1260元", "1,260.00元", "月保障金 1260 元，3 人", "| 王某某 | 3 | 1260元 |",
    "QX-DT/2026-00001", "东政发〔2026〕12号", "工作日 8:30-12:00, 14:30-17:30",
    "138****5678", "36*************234", "************7890", "13812345", "1381234567", "138123456789",
    "12812345678", "3x4=12", "第1、2、3条", "GB/T 32168-2015", "邮编 330000", "面积 2047.3 亩",
    "20261123093000", "1 2 3 4 5 6 7 8 9 10 11 12",
    "电话 138\n\n12345678", "电话 0795-6123456 0795-6123457", "0795 6123456 0795 6123457",
    "| 13 | 4 | 1260 | 2026 |", "二〇二六年十一月二十三日", "第一三八条",
])
def test_what_only_looks_like_a_number_stays(text):
    assert mask_text(text) == text
    assert find_personal_data(text) == {}


def test_the_reviewer_scan_finds_each_kind_as_written():
    text = "户主 110101**19900307**1234，电话１３８\u00a01234\u00a05678，卡号 6222  0212  3456  7890。"
    assert find_personal_data(text) == {"id_number": ["110101**19900307**1234"],
                                        "mobile": ["１３８\u00a01234\u00a05678"],
                                        "bank_card": ["6222  0212  3456  7890"]}


def test_the_reviewer_scan_of_a_body_sees_what_its_rendering_puts_together():
    body = "电话[138](https://a.cn/)[1234](https://b.cn/)5678"
    assert find_personal_data(body) == {}
    assert find_personal_data(body, markdown=True) == {"mobile": ["13812345678"]}


def test_kinds_limit_what_is_masked():
    text = f"咨询 {MOBILE}，{ID}"
    assert mask_text(text, kinds=("id_number",)) == f"咨询 {MOBILE}，11*************234"


@pytest.mark.parametrize("body", [
    "户主110101**19900307**1234", "户主110101&#49;99003071234", "电话1381234&#53;678", "电话`13812345678`",
    "电话 *138* 1234 _5678_", "[138](https://a.cn/)[1234](https://b.cn/)5678", "[电话](tel:13812345678)",
    "[详情](https://a.cn/?id=110101199003071234)",
    "[详情](https://a.cn/?id=%31%31%30%31%30%31%31%39%39%30%30%33%30%37%31%32%33%34)",
    "![110101199003071234](https://a.cn/x.png)", "<https://a.cn/13812345678>",
    "| 户主 | 电话 |\n|---|---|\n| 王某某 | 138 1234 5678 |",
    "1. 13812345678\n2. 13987654321", "> 110101199003071234", "# 13812345678",
])
def test_a_markdown_body_shows_no_number_once_rendered(body):
    masked = mask_markdown(body)
    for shown in (shown_text(masked), plain_text(masked)):
        assert not find_personal_data(shown), (masked, shown)
        digits = "".join(c for c in shown if c.isdigit())
        assert MOBILE not in digits and ID not in digits


def test_masked_stars_in_markdown_show_as_stars():
    masked = mask_markdown(f"电话{MOBILE}，身份证{ID}")
    assert plain_text(masked) == "电话138****5678，身份证11*************234"


@pytest.mark.parametrize("body", [
    "| 户主 | 人数 | 月保障金 |\n|---|---|---|\n| 王某某 | 3 | 1260元 |\n\n**咨询电话**：0795-6123456",
    "| 序号 | 人数 | 金额 | 年度 |\n|---|---|---|---|\n| 13 | 4 | 1260 | 2026 |\n\n[详情](https://a.cn/2026/11/23/1.html)",
    "> 温馨提示：补贴不收费。\n\n咨询 0795-6123456 &amp; 12345",
])
def test_a_body_without_numbers_is_kept_as_written(body):
    assert mask_markdown(body) == body  # cells read apart, as a reader sees them: no fallback to plain text


@pytest.mark.parametrize("url", [
    f"https://a.cn/?id={ID}", f"https://a.cn/u/{MOBILE}", "https://a.cn/?tel=%2B86" + MOBILE,
    "https://a.cn/?id=%31%31%30%31%30%31%31%39%39%30%30%33%30%37%31%32%33%34",
    "https://a.cn/?card=6222021234567894", "https://a.cn/?id=１１０１０１１９９００３０７１２３４",
])
def test_a_link_carrying_a_personal_number_is_found(url):
    assert url_carries_personal_data(url)


@pytest.mark.parametrize("url", [
    "https://zwgk.example.gov.cn/art/2026/11/23/art_1229_6123456.html",
    "https://www.gov.cn/zhengce/content/202611/content_6912345.htm",
    "https://a.cn/detail/1729384756102938470",  # a 19-digit id that fails the Luhn check
    "https://a.cn/items/1", None, "",
])
def test_an_ordinary_link_is_not(url):
    assert not url_carries_personal_data(url)


def test_validation_refuses_a_record_url_with_an_id_number():
    with pytest.raises(Invalid) as refused:
        validate_fields({"kind": "notice", "title": "通知", "record_url": f"https://a.cn/?sfz={ID}"})
    assert set(refused.value.fields) == {"record_url"}


def test_the_public_view_masks_every_field_and_keeps_the_original():
    record = {"id": 7, "kind": "guide", "title": f"联系{MOBILE}", "summary": f"户主{ID}", "body": f"电话{MOBILE}",
              "phone": MOBILE, "complaint_phone": f"0795-12345 {ID}", "doc_no": f"编号{ID}", "code": MOBILE,
              "tags": [MOBILE], "materials": [{"name": "卡号6222021234567890", "source": f"找{MOBILE}"}],
              "faqs": [{"q": f"{MOBILE}?", "a": f"{ID}"}], "conditions": [f"{ID}"],
              "record_url": f"https://a.cn/?id={ID}", "online_url": "https://a.cn/apply",
              "index_no": "QX-DT/2026-00001", "created_by": "editor", "publish_at": "2026-11-23T08:00:00+08:00"}
    original = {**record}
    view = public_view(record)
    assert record == original
    assert view["phone"] == MOBILE  # the office's published number
    assert view["complaint_phone"] == "0795-12345 11*************234"
    assert view["record_url"] is None and view["online_url"] == "https://a.cn/apply"
    assert view["index_no"] == "QX-DT/2026-00001" and "created_by" not in view
    rest = {k: v for k, v in view.items() if k not in ("phone", "id")}
    assert MOBILE not in repr(rest) and ID not in repr(rest) and "6222021234567890" not in repr(rest)


def test_the_qr_code_never_carries_a_personal_number():
    base = "https://kiosk.example.cn"
    assert record_link({"id": 3, "record_url": f"https://a.cn/?id={ID}"}, base) == f"{base}/items/3"
    assert record_link({"id": 3, "record_url": "https://a.cn/x"}, base) == "https://a.cn/x"
    assert record_link({"id": 3}, base + "/") == f"{base}/items/3"
