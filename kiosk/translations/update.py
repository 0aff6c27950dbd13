"""Refresh the interface catalogues: `make translations` (or `python kiosk/translations/update.py`).

1. extract every `_()` / `ngettext()` / `lazy_gettext()` text from code and templates, plus
   the catalogue's labels (areas, stages, kinds, statuses...: shown through `label()`);
2. merge into each locale's messages.po, keeping what translators wrote;
3. fill 繁體 texts still empty from 简体 with OpenCC `s2hk` (standard characters, not
   Taiwanese vocabulary), to be corrected by hand where needed;
4. compile the .mo files the server loads (committed, so a fresh clone runs without a build).

English texts are written by hand; `tests/kiosk/test_translations.py` fails while any is missing.
"""
import subprocess
import sys
from pathlib import Path

import opencc
from babel.messages import pofile
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
POT = HERE / "messages.pot"
LOCALES = ("en", "zh_Hant")
sys.path.insert(0, str(ROOT))


def catalogue_labels():
    """Every Chinese label of the catalogue that pages show through `label()`."""
    from content.catalogue import catalogue
    labels = []
    for value in catalogue().values():
        labels.extend(value.values() if isinstance(value, dict) else value)
    return list(dict.fromkeys(labels))


def extract():
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(ROOT / "babel.cfg"),
                    "-k", "_l", "-k", "lazy_gettext", "--no-location", "--sort-output", "--omit-header",
                    "-o", str(POT), str(ROOT)], check=True, cwd=ROOT, capture_output=True)
    with open(POT, "rb") as handle:
        template = pofile.read_po(handle)
    for text in catalogue_labels():
        if text not in template:
            template.add(text)
    return template


def merge(template, locale):
    path = HERE / locale / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        with open(path, "rb") as handle:
            catalog = pofile.read_po(handle, locale=locale)
    else:
        catalog = Catalog(locale=locale)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.fuzzy = False
    catalog.project, catalog.version = "township-kiosk", "1"
    if locale == "zh_Hant":
        seed_traditional(catalog)
    with open(path, "wb") as handle:
        pofile.write_po(handle, catalog, omit_header=False, sort_output=True, no_location=True,
                        ignore_obsolete=True, width=0)
    return catalog, path


def seed_traditional(catalog):
    convert = opencc.OpenCC("s2hk").convert
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, (list, tuple)):
            if not any(message.string):
                message.string = tuple(convert(part) for part in message.id)
        elif not message.string:
            message.string = convert(message.id)


def compile_mo(catalog, path):
    with open(path.with_suffix(".mo"), "wb") as handle:
        write_mo(handle, catalog, use_fuzzy=False)


def main():
    template = extract()
    for locale in LOCALES:
        catalog, path = merge(template, locale)
        compile_mo(catalog, path)
        missing = [m.id for m in catalog if m.id and not (any(m.string) if isinstance(m.string, tuple) else m.string)]
        print(f"{locale}: {len(catalog)} texts, {len(missing)} untranslated")
        for text in missing:
            print("   ", text)
    POT.unlink()


if __name__ == "__main__":
    main()
