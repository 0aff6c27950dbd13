"""The interface speaks 简体, 繁體 and English; record text follows the reader's choice."""
import io
import re
from pathlib import Path

import pytest
from babel.messages import pofile
from babel.messages.mofile import write_mo

from kiosk.i18n import to_traditional

TRANSLATIONS = Path(__file__).resolve().parents[2] / "kiosk" / "translations"
CATALOGUES = sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


def read(path):
    with open(path, "rb") as handle:
        return pofile.read_po(handle)


def test_there_is_a_catalogue_for_traditional_chinese_and_english():
    assert {p.parts[-3] for p in CATALOGUES} == {"en", "zh_Hant"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_every_interface_text_is_translated(path):
    missing = [m.id for m in read(path) if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])]
    assert not missing, f"untranslated in {path.parts[-3]}: {missing} (run `make translations`)"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_compiled_catalogues_match_their_sources(path):
    compiled = io.BytesIO()
    write_mo(compiled, read(path), use_fuzzy=False)
    assert path.with_suffix(".mo").read_bytes() == compiled.getvalue(), "run `make translations`"


def test_english_has_plural_forms():
    english = read(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po")
    plurals = [m for m in english if m.pluralizable]
    assert plurals and all(len(m.string) == 2 and m.string[0] != m.string[1] for m in plurals)


def test_traditional_chinese_uses_standard_characters_not_taiwanese_vocabulary():
    assert to_traditional("请到3号窗口办理") == "請到3號窗口辦理"  # s2twp would say 視窗
    assert "釋出" not in to_traditional("发布日期")


def test_pages_follow_the_chosen_language_and_remember_it(client, make_guide, publish):
    record = publish(make_guide(materials=[{"name": "居民身份证", "copies": 2, "form": "original",
                                            "source": "申请人自备", "required": True}]))
    english = client.get(f"/items/{record['id']}?lang=en").get_data(as_text=True)
    assert "What to bring" in english and "2 copies" in english
    assert re.search(r'<html lang="en"', english)
    follow = client.get(f"/items/{record['id']}").get_data(as_text=True)
    assert "What to bring" in follow, "the choice sticks while the reader navigates"
    traditional = client.get(f"/items/{record['id']}?lang=zh-Hant").get_data(as_text=True)
    assert "要帶的材料" in traditional and "城鄉居民基本養老保險參保登記" in traditional


def test_a_wall_screen_speaks_simplified_chinese_whatever_the_browser_chose(client, make_display):
    display = make_display()
    client.get("/?lang=en")
    page = client.get(f"/screen/{display['key']}").get_data(as_text=True)
    assert "暂无公开内容" in page and "Nothing to show" not in page


def test_english_names_the_catalogue_areas_and_the_whole_lists(client, make_disclosure, make_guide, publish):
    publish(make_disclosure(area="社会救助"))
    publish(make_guide())
    home = client.get("/?lang=en").get_data(as_text=True)
    assert "Social assistance" in home and ">社会救助<" not in home, "a catalogue area is named in English"
    assert "All service guides" in home and "AllService" not in home
    assert "社會救助" in client.get("/?lang=zh-Hant").get_data(as_text=True)
