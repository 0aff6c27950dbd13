"""Pinyin readings, fast: one dictionary look-up per character, phrases for polyphones.

pypinyin's own lazy_pinyin costs about a millisecond per summary, which makes a 10k-record
index take minutes. Its data is what matters: each character's readings (pinyin_dict) and
the phrase readings that settle polyphones (phrases_dict: 重庆 chóng, 银行 háng). This
reads them directly: the first reading of each character, replaced by a phrase's reading
wherever a polyphonic character sits in a known phrase of 2 to 4 characters.
"""
import importlib.util
import json
from pathlib import Path


def _pypinyin_data(name):
    """One of pypinyin's JSON data files, read without importing pypinyin: its package builds
    segmenters and copies of these tables on import, about 40 MB this server never uses."""
    folder = Path(importlib.util.find_spec("pypinyin").origin).parent
    return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))


pinyin_dict = {int(code): readings for code, readings in _pypinyin_data("pinyin_dict").items()}

_PLAIN = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ", "aaaaeeeeiiiioooouuuuvvvvvnnnm")
_CHAR = {}
_PLAIN_SYLLABLE = {}
_RUNS = {}  # run → syllables: titles and summaries repeat words across records
RUNS_KEPT = 50_000


def _plain(syllable):
    plain = _PLAIN_SYLLABLE.get(syllable)
    if plain is None:
        plain = _PLAIN_SYLLABLE[syllable] = syllable.translate(_PLAIN)
    return plain


def _readings(char):
    cached = _CHAR.get(char)
    if cached is None:
        value = pinyin_dict.get(ord(char))
        cached = _CHAR[char] = tuple(r.translate(_PLAIN) for r in value.split(",")) if value else (char,)
    return cached


def syllables(run):
    """Tone-less pinyin of a run of Chinese characters, one syllable per character."""
    known = _RUNS.get(run)
    if known is not None:
        return list(known)
    out = _syllables(run)
    if len(_RUNS) >= RUNS_KEPT:
        _RUNS.clear()
    _RUNS[run] = tuple(out)
    return out


def char_syllables(text):
    """Each character's first reading (tone-less), a non-Chinese character as it is: what
    pypinyin's lazy_pinyin gives for a list of single characters."""
    return [_readings(c)[0] for c in text]


def _syllables(run):
    readings = [_readings(c) for c in run]
    out = [r[0] for r in readings]
    for i, options in enumerate(readings):
        if len(options) > 1:
            _settle(run, i, out)
    return out


def _settle(run, i, out):
    for length in (4, 3, 2):
        for start in range(max(0, i - length + 1), min(i, len(run) - length) + 1):
            phrase = PHRASES.get(run[start:start + length])
            if phrase is not None:
                out[i] = phrase[i - start]
                return


def _phrases():
    """Phrase → tone-less syllables (a tuple of shared strings: a tenth of the memory of
    pypinyin's lists of lists), for the phrases of 2 to 4 characters _settle looks up."""
    return {phrase: tuple(_plain(readings[0]) for readings in syllables)
            for phrase, syllables in _pypinyin_data("phrases_dict").items() if 2 <= len(phrase) <= 4}


PHRASES = _phrases()
