"""What the search knows about words: synonyms (data), filler, intents, pinyin, typo keys.

The synonym groups come from content/synonyms.txt, which staff may extend; the records'
own tags and the catalogue's areas and themes join the vocabulary, so segmentation and
typo correction know the words this county actually uses.
"""
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .normalise import fold
from .reading import syllables as run_syllables

SYNONYMS_FILE = Path(__file__).resolve().parent.parent / "synonyms.txt"
HANZI = re.compile(r"[\u3400-\u9fff]")

# Said around a request, never its subject: dropped from what must match.
FILLER = frozenset("""
怎么 怎么办 怎样 怎么样 如何 在哪里 在哪儿 在哪 哪里 哪儿 哪个 哪些 什么 什么时候 几时 多久
要多久 多长时间 可以吗 可以 能不能 能否 行不行 吗 呢 吧 啊 呀 的 了 得 我 我想 我要 想 想要
请问 你好 您好 帮我 给我 一下 查 查询 查一下 看看 了解 咨询 问 问一下 有没有 有 是 是不是 要
需要 去 到 办 办理 弄 搞 怎么弄 怎么搞 多少钱 多少 费用 收费吗 要钱吗 和 与 及 或 关于
""".split())

# Words that say what kind of record a resident wants: (kind, section to open or None).
INTENTS = {
    **{w: ("guide", "materials") for w in "要带什么 带什么 要带 材料 需要什么材料 什么材料 要什么材料 "
       "需要哪些材料 准备什么 证件 要带哪些".split()},
    **{w: ("guide", None) for w in "申请 申领 流程 条件 手续 怎么申请 怎么办理 办事指南 指南 登记".split()},
    **{w: ("disclosure", None) for w in "名单 公示 发放 资金 结果 公开 情况 明细 对象".split()},
    **{w: ("notice", None) for w in "通知 公告 提示 提醒 安排".split()},
}


def read_synonym_groups(text):
    """Synonym groups from the file's text: one group a line, words split by = , 、 or space."""
    groups = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        words = [w for w in (fold(w).strip() for w in re.split(r"[=,，、\s]+", line)) if w]
        if len(words) >= 2:
            groups.append(tuple(dict.fromkeys(words)))
    return groups


@lru_cache(maxsize=1)
def default_groups():
    return tuple(read_synonym_groups(SYNONYMS_FILE.read_text(encoding="utf-8")))


@lru_cache(maxsize=65536)
def word_pinyin(word):
    """(full pinyin, initials) of a word's Chinese characters; other characters kept as is."""
    syllables = []
    for piece in re.findall(r"[\u3400-\u9fff]+|[^\u3400-\u9fff\s]+", word):
        syllables += run_syllables(piece) if HANZI.match(piece) else [piece]
    initials = "".join(s[0] for s in syllables)
    return "".join(syllables).replace(" ", ""), initials


def deletes(word):
    """The word with each one character left out: two words one edit apart share one."""
    return {word[:i] + word[i + 1:] for i in range(len(word))}


@dataclass
class Lexicon:
    synonyms: dict = field(default_factory=dict)   # word → words of its groups (itself included)
    vocab: frozenset = frozenset()                 # every known word: segmentation and typos
    longest: int = 1
    by_pinyin: dict = field(default_factory=dict)  # full pinyin → words
    by_initials: dict = field(default_factory=dict)  # initials (2+) → words of the synonym file
    by_delete: dict = field(default_factory=dict)  # one character left out → words (3+ chars)
    pinyin_sorted: tuple = ()                      # every full pinyin, for prefix tests

    def synonyms_of(self, word):
        return self.synonyms.get(word, (word,))


def build_lexicon(groups, extra_words=()):
    """A Lexicon from synonym groups plus the catalogue's and records' own words."""
    synonyms = {}
    for group in groups:
        for word in group:
            synonyms[word] = tuple(dict.fromkeys((*synonyms.get(word, ()), *group)))
    grouped = set(synonyms)
    vocab = grouped | {fold(w).strip() for w in extra_words if w and len(w.strip()) >= 2}
    vocab |= set(FILLER) | set(INTENTS)
    lexicon = Lexicon(synonyms=synonyms, vocab=frozenset(vocab), longest=max(map(len, vocab)))
    for word in vocab - set(FILLER):
        if not HANZI.search(word):
            continue
        full, initials = word_pinyin(word)
        lexicon.by_pinyin.setdefault(full, set()).add(word)
        if word in grouped and len(initials) >= 2:
            lexicon.by_initials.setdefault(initials, set()).add(word)
        if len(word) >= 3:
            for variant in deletes(word) | {word}:
                lexicon.by_delete.setdefault(variant, set()).add(word)
    lexicon.pinyin_sorted = tuple(sorted(lexicon.by_pinyin))
    return lexicon
