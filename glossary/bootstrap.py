"""Bootstrap: propose glossary entries from aligned pairs, for a reviewer to accept or reject.

Three sources of proposals, each from the beads (Chinese ↔ English) of the project:

* **person** — an English name of two capitalised words that spells, in Hanyu Pinyin, a
  common Chinese surname plus a one- or two-character given name found in the aligned Chinese
  (郑念华 ↔ "Zheng Nianhua", also given-name-first "Nianhua Zheng"). Polyphonic characters are
  tried with every reading (pypinyin heteronyms). The English searched is the bead's and its
  neighbours'; in a comparable document pair, whose few mined beads miss most sentences, it
  is the whole English document, against every Chinese sentence of the pair.
* **org** — a capitalised English name ending (or starting, "Ministry of …") in an
  organisation word (Association, Institute, Center, Ministry, Committee, Council, …) paired with
  a Chinese string ending in a matching suffix (协会, 研究院, 中心, 部, 委员会, 联合会, …). The
  Chinese start is chosen by how well its words translate the English words (CC-CEDICT glosses,
  the glossary itself, a few industry words), and pairs must recur across beads.
* **ngram** — Chinese character n-grams and English word n-grams that keep turning up in the
  same beads (Dice coefficient over bead sets, competitive linking so one n-gram gets one
  partner).

Proposals are stored as concepts whose ``source`` is ``proposal:bootstrap-<kind>`` (see
:data:`glossary.termbase.PROPOSAL_PREFIX`): invisible to the term check and exports until
accepted with :func:`glossary.termbase.accept_proposal`.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from corpus.aligned import (
    GLOSSARY_EVIDENCE,
    DocumentPair,
    aligned_beads,
    article_sentences,
    document_pairs,
)
from corpus.language import normalise_zh
from corpus.lexicon import cedict_entries, is_common_english, pinyin_readings
from corpus.store import Project
from glossary.termbase import (
    PROPOSAL_PREFIX,
    TermBase,
    add_concept,
    find_concepts_by_zh,
    make_concept,
    normalise_en,
)
from glossary.termcheck import stem, tokenize

KINDS = ("person", "org", "ngram")

# The commonest Chinese surnames (single-character): a name candidate must start with one, which
# keeps random syllable coincidences ("Li Bo" ↔ 里博) out.
COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
    "武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒"
    "阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓"
    "古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣"
    "巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘"
    "满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都"
    "普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居"
    "揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧")

# English organisation head word → Chinese suffixes that may end the same name.
ORG_HEADS: dict[str, tuple[str, ...]] = {
    "association": ("协会", "商会", "学会", "联合会"),
    "institute": ("研究院", "研究所", "学院", "院"),
    "center": ("中心",), "centre": ("中心",),
    "ministry": ("部",),
    "committee": ("委员会", "委会", "委"),
    "council": ("联合会", "理事会", "委员会", "促进会"),
    "federation": ("联合会",),
    "commission": ("委员会", "委"),
    "bureau": ("局",),
    "department": ("厅", "司", "部", "处"),
    "administration": ("总署", "局", "署"),
    "university": ("大学",),
    "academy": ("研究院", "科学院", "学院"),
    "chamber": ("商会",),
    "group": ("集团",),
    "office": ("办公室", "办"),
}
_HEAD_FIRST = frozenset({"ministry", "department", "bureau", "office", "chamber", "academy"})
_CONNECTORS = frozenset({"of", "and", "for", "&"})
# Capitalised words that are titles of people, not parts of an organisation's name.
_TITLE_WORDS = frozenset({
    "president", "vice", "secretary", "general", "director", "deputy", "chairman", "chairwoman",
    "executive", "consultant", "member", "head", "dean", "professor", "mr", "ms", "dr", "full",
    "time", "chief", "manager", "inspector", "leader", "the", "a", "an", "by", "in", "at", "on",
    "with", "from", "during", "meeting", "said", "he", "she", "it", "this", "that"})
# Industry words CC-CEDICT glosses differently from how the trade renders them.
_EXTRA_GLOSSES: dict[str, tuple[str, ...]] = {
    "服装": ("garment", "apparel", "clothing", "fashion"),
    "纺织": ("textile",),
    "行业": ("industry",),
    "工业": ("industry", "industrial"),
    "科创": ("science", "innovation", "technology"),
    "国家": ("national", "state"),
    "全国": ("national",),
    "省": ("province", "provincial"),
    "市": ("city", "municipal"),
    "信息": ("information",),
    "中国": ("china", "chinese", "national"),
}
_ZH_JOINERS = frozenset("和与及之")
_HEADLINE_SMALL_WORDS = frozenset({"Of", "And", "The", "In", "For", "To", "On", "With", "At", "By"})
_ZH_STOP_CHARS = frozenset("的了在和与及或是为由对把被将从向于等但而并也就都又还据经让使给"
                           "、，。；：！？“”‘’（）《》【】")
_EN_STOPWORDS = frozenset(
    "a an the of and or to in on at by for with from as is are was were be been this that these "
    "those it its he she they we our their his her which who will would can could has have had "
    "not no also more most such than then there into over under about".split())
# Lookahead, so "Li Zhu Lilan" yields both "Li Zhu" and "Zhu Lilan".
_NAME = re.compile(r"(?=\b([A-Z][a-z]+)[ \u00a0]([A-Z][a-z]+(?:['’-][a-z]+)?)\b)")
_FOLLOWED_BY_CAPITAL = re.compile(r"[ \u00a0][A-Z]")


@dataclass
class Proposal:
    """A proposed glossary entry with the evidence behind it."""

    kind: str
    zh: str
    en: str
    score: float
    count: int
    """Beads that support it (for a name found in a comparable document pair: its Chinese
    sentences)."""
    variants: list[str] = field(default_factory=list)
    """Other English forms seen (admitted variants if accepted)."""
    evidence: str = ""


# -- person names ---------------------------------------------------------------------------

def _spell(chars: str, target: str) -> bool:
    """True when ``chars`` can be read as the syllables of ``target`` (no separators)."""
    if not chars:
        return not target
    return any(target.startswith(r) and _spell(chars[1:], target[len(r):])
               for r in pinyin_readings(chars[0]))


@functools.lru_cache(maxsize=64)
def _english_names(en_text: str) -> tuple[tuple[str, tuple[tuple[str, str, bool], ...]], ...]:
    """Each two-word capitalised name of ``en_text`` with its readings as (surname, given
    name, surname-first?), lower-cased and the given name without apostrophes or hyphens.

    Cached: a comparable document pair searches every Chinese sentence against the same
    whole English document.
    """
    out: list[tuple[str, tuple[tuple[str, str, bool], ...]]] = []
    for m in _NAME.finditer(en_text):
        first, second = m.group(1), m.group(2)
        end = m.start() + len(first) + 1 + len(second)
        readings = [(first, second, True)]
        # "Li Zhu Lilan": a capitalised word after the pair means its second word is more
        # likely a surname starting the next name than the surname of a given-first name.
        if not _FOLLOWED_BY_CAPITAL.match(en_text, end):
            readings.append((second, first, False))
        out.append((f"{first} {second}",
                    tuple((surname.lower(), re.sub(r"['’-]", "", given.lower()), surname_first)
                          for surname, given, surname_first in readings)))
    return tuple(out)


def find_person_names(zh_norm: str, en_text: str) -> list[tuple[str, str, bool]]:
    """(Chinese name, English name, surname-first?) pairs spelled alike in one aligned pair."""
    # Where each reading of a common surname starts in the Chinese.
    surname_at: dict[str, list[int]] = defaultdict(list)
    for i, char in enumerate(zh_norm):
        if char in COMMON_SURNAMES:
            for reading in pinyin_readings(char):
                surname_at[reading].append(i)
    found: list[tuple[str, str, bool]] = []
    for english, readings in _english_names(en_text):
        for sur, giv, surname_first in readings:
            for i in surname_at.get(sur, ()):
                for size in (1, 2):
                    name = zh_norm[i + 1:i + 1 + size]
                    if len(name) == size and _is_han(name) and _spell(name, giv):
                        found.append((zh_norm[i] + name, english, surname_first))
    return found


def _is_han(text: str) -> bool:
    return all("\u3400" <= ch <= "\u9fff" for ch in text)


BEAD_LABEL = "bead(s)"
"""What a (Chinese, English) pair is, for the evidence of a name found in it, unless told
otherwise: a bead, with its neighbours' English (see :func:`neighbourhood_pairs`)."""


def propose_person_names(pairs: Sequence[tuple[str, str]],
                         labels: Sequence[str] | None = None) -> list[Proposal]:
    """Person-name proposals from (Chinese, English) pairs.

    ``labels`` say what each pair is, as a plural noun phrase counted in the evidence
    (default :data:`BEAD_LABEL`; :func:`comparable_label` for the other kind).
    """
    labels = list(labels) if labels is not None else [BEAD_LABEL] * len(pairs)
    if len(labels) != len(pairs):
        raise ValueError(f"{len(pairs)} pairs but {len(labels)} labels")
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    canonical: dict[str, str] = {}
    beads: dict[str, set[int]] = defaultdict(set)
    for index, (zh, en) in enumerate(pairs):
        for name_zh, name_en, surname_first in find_person_names(zh, en):
            forms[name_zh][name_en] += 1
            beads[name_zh].add(index)
            if surname_first:
                canonical.setdefault(name_zh, name_en)
            else:
                given, surname = name_en.split()
                canonical.setdefault(name_zh, f"{surname} {given}")
    out: list[Proposal] = []
    for name_zh, counter in forms.items():
        preferred = canonical[name_zh]
        variants = [form for form, _ in counter.most_common() if form != preferred]
        sources = Counter(labels[i] for i in sorted(beads[name_zh]))
        out.append(Proposal("person", name_zh, preferred, 1.0 - 0.5 ** len(beads[name_zh]),
                            len(beads[name_zh]), variants,
                            f"pinyin of {name_zh} spells '{preferred}' in "
                            + " and ".join(f"{n} {label}" for label, n in sources.items())
                            + "; forms seen: "
                            + ", ".join(f"{f} ×{n}" for f, n in counter.most_common())))
    return out


# -- organisation names ---------------------------------------------------------------------

def find_english_orgs(en_text: str) -> list[str]:
    """Capitalised organisation names in an English text (head word last, or "Ministry of …")."""
    tokens = tokenize(en_text)
    words = [t.text for t in tokens]
    # Headlines capitalise every word ("… Of The … And …"), so capitals say nothing there.
    if any(w in _HEADLINE_SMALL_WORDS for w in words[1:]):
        return []

    def is_cap(k: int) -> bool:
        return words[k][:1].isupper() and words[k].lower() not in _TITLE_WORDS

    def joined_by_space(a: int, b: int) -> bool:
        return en_text[tokens[a].end:tokens[b].start].strip() in ("", "&")

    found: list[str] = []
    for j, word in enumerate(words):
        head = word.lower()
        if head not in ORG_HEADS or not word[:1].isupper():
            continue
        start = j
        k = j - 1
        while k >= 0 and joined_by_space(k, k + 1):
            if is_cap(k) and (words[k].lower() not in ORG_HEADS or head in _HEAD_FIRST):
                start = k
            elif (words[k].lower() in ("and", "&") and k > 0 and is_cap(k - 1)
                  and words[k - 1].lower() not in ORG_HEADS
                  and not (start == j and head in _HEAD_FIRST)):
                # "Textile and Apparel Council"; not "Yale University and Brown University",
                # nor "Ministry of Education and Ministry of Justice".
                pass
            else:
                break
            k -= 1
        end = j
        k = j + 1

        def name_word(i: int) -> bool:
            return i < len(words) and is_cap(i) and words[i].lower() not in ORG_HEADS \
                and joined_by_space(i - 1, i)

        # "Ministry of Commerce", "Institute for Communicable Diseases", "Department of
        # Education of Guangxi …": an of/for followed by capitalised words continues the name.
        while (k < len(words) and words[k] in ("of", "for") and joined_by_space(k - 1, k)
               and name_word(k + 1)):
            k += 1
            while k < len(words):
                if name_word(k):
                    end = k
                    k += 1
                elif words[k] in ("and", "&") and joined_by_space(k - 1, k) and name_word(k + 1):
                    k += 1
                else:
                    break
        if end - start >= 1:
            found.append(en_text[tokens[start].start:tokens[end].end])
    return found


@functools.lru_cache(maxsize=1)
def _cedict() -> dict[str, frozenset[str]]:
    """Simplified headword → term stems of its CC-CEDICT glosses and its toneless pinyin."""
    glosses: dict[str, set[str]] = defaultdict(set)
    for entry in cedict_entries():  # 120k entries: read only when bootstrapping orgs
        words = {stem(w) for w in re.findall(r"[A-Za-z]+", entry.english)
                 if len(w) > 2 and w.lower() not in _EN_STOPWORDS}
        words.add(re.sub(r"[^a-z]", "", entry.pinyin.lower()))
        glosses[entry.simplified] |= words
    for zh, extra in _EXTRA_GLOSSES.items():
        glosses[zh] |= {stem(w) for w in extra}
    return {k: frozenset(v) for k, v in glosses.items()}


def _related(a: str, b: str) -> bool:
    """Same stem, or one a near prefix of the other ("prevent" / "prevention")."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 5 and len(long_) - len(short) <= 5 and long_.startswith(short)


def _coverage(zh: str, en_content: list[str], glossary: dict[str, frozenset[str]]) -> float:
    """How well the words of ``zh`` translate the English words (F-measure of both sides)."""
    lexicon = _cedict()
    words: list[frozenset[str]] = []
    i = 0
    while i < len(zh):
        for size in range(min(6, len(zh) - i), 0, -1):
            piece = zh[i:i + size]
            entry = glossary.get(piece) or lexicon.get(piece)
            if entry is not None or size == 1:
                # Joining characters (工业和信息化部) translate "and", which is not counted.
                if not (size == 1 and piece in _ZH_JOINERS):
                    words.append(entry or frozenset())
                i += size
                break
    if not words or not en_content:
        return 0.0
    en_hit = sum(1 for w in en_content if any(_related(w, x) for g in words for x in g))
    zh_hit = sum(1 for g in words if any(_related(w, x) for w in en_content for x in g))
    if not en_hit or not zh_hit:
        return 0.0
    recall, precision = en_hit / len(en_content), zh_hit / len(words)
    return 2 * recall * precision / (recall + precision)


def _zh_org_candidates(zh_norm: str, suffixes: Iterable[str]) -> dict[str, str]:
    """Substrings of up to 16 Han characters ending in one of the suffixes (→ the suffix)."""
    out: dict[str, str] = {}
    for suffix in suffixes:
        for m in re.finditer(re.escape(suffix), zh_norm):
            end = m.end()
            start = end - len(suffix)
            # 和 belongs to names like 工业和信息化部, so it does not stop the scan here.
            while start > 0 and end - start < 16 and _is_han(zh_norm[start - 1]) \
                    and (zh_norm[start - 1] not in _ZH_STOP_CHARS or zh_norm[start - 1] == "和"):
                start -= 1
                if end - start > len(suffix) + 1 and zh_norm[start] not in _ZH_JOINERS:
                    out.setdefault(zh_norm[start:end], suffix)
    return out


def propose_org_names(pairs: Sequence[tuple[str, str]], glossary: TermBase | None = None,
                      min_count: int = 1) -> list[Proposal]:
    """Organisation-name proposals from (Chinese, English) pairs."""
    gloss_index: dict[str, frozenset[str]] = {}
    if glossary is not None:
        for concept in glossary.concepts.values():
            words = frozenset(t.stem for term in concept.en for t in tokenize(term.text))
            for term in concept.zh:
                gloss_index[normalise_zh(term.text)] = words
    en_beads: dict[str, set[int]] = defaultdict(set)
    zh_beads: dict[str, set[int]] = defaultdict(set)
    cooc: Counter[tuple[str, str]] = Counter()
    suffix_of: dict[str, str] = {}
    for index, (zh, en) in enumerate(pairs):
        for org in set(find_english_orgs(en)):
            en_beads[org].add(index)
            tokens = [t.text.lower() for t in tokenize(org)]
            heads = [w for w in tokens if w in ORG_HEADS]
            head = heads[0] if heads[0] in _HEAD_FIRST and tokens[0] == heads[0] else heads[-1]
            for cand, suffix in _zh_org_candidates(zh, ORG_HEADS[head]).items():
                suffix_of.setdefault(cand, suffix)
                zh_beads[cand].add(index)
                cooc[(cand, org)] += 1
    best: dict[str, tuple[float, int, str, int, float]] = {}
    for (cand, org), together in cooc.items():
        if together < min_count:
            continue
        content = [t.stem for t in tokenize(org)
                   if t.text.lower() not in _CONNECTORS and t.text.lower() not in ORG_HEADS]
        # The suffix answers the head word, which is left out of the English side too.
        name_part = cand[:-len(suffix_of[cand])]
        if name_part.endswith(suffix_of[cand]):
            continue  # 组织部部(长): the suffix character of the next word, not a name
        coverage = _coverage(name_part, content, gloss_index) if content else 0.5
        if coverage < 0.3:
            continue
        dice = 2 * together / (len(zh_beads[cand]) + len(en_beads[org]))
        score = dice * coverage
        # On equal scores the longer Chinese wins: its extra characters translated something.
        key = (score, len(cand), cand, together, coverage)
        if org not in best or key[:2] > best[org][:2]:
            best[org] = key
    # One Chinese name, one English name: keep the best-scoring partner on both sides.
    taken_zh: set[str] = set()
    out: list[Proposal] = []
    for org, (score, _, cand, together, coverage) in sorted(best.items(),
                                                            key=lambda kv: -kv[1][0]):
        if cand in taken_zh:
            continue
        taken_zh.add(cand)
        out.append(Proposal("org", cand, org, round(score, 3), together, [],
                            f"{cand} ↔ {org}: together in {together} bead(s), "
                            f"word coverage {coverage:.2f}"))
    return out


# -- repeated n-gram pairs ------------------------------------------------------------------

def _zh_ngrams(text: str, sizes: range) -> set[str]:
    out: set[str] = set()
    for run in re.findall(r"[\u3400-\u9fff]+", text):
        for n in sizes:
            out.update(run[i:i + n] for i in range(len(run) - n + 1))
    return {g for g in out if not (g[0] in _ZH_STOP_CHARS or g[-1] in _ZH_STOP_CHARS)}


def _en_ngrams(text: str, sizes: range, surfaces: dict[str, Counter[str]]) -> set[str]:
    """Word n-grams keyed by their stems ("green factories" = "green factory")."""
    tokens = tokenize(text)
    words = [t.text.lower() for t in tokens]
    out: set[str] = set()
    for n in sizes:
        for i in range(len(words) - n + 1):
            gram = words[i:i + n]
            if gram[0] in _EN_STOPWORDS or gram[-1] in _EN_STOPWORDS:
                continue
            if any(w.isdigit() for w in gram):
                continue
            key = " ".join(t.stem for t in tokens[i:i + n])
            surfaces[key][" ".join(gram)] += 1
            out.add(key)
    return out


def _closed(freq: Counter[str], joiner: str) -> set[str]:
    """N-grams that are not always part of one longer n-gram (same bead count)."""
    longest: dict[str, int] = {}
    for gram, count in freq.items():
        parts = gram.split(joiner) if joiner else list(gram)
        if len(parts) < 2:
            continue
        for piece in (joiner.join(parts[1:]), joiner.join(parts[:-1])):
            longest[piece] = max(longest.get(piece, 0), count)
    return {g for g, count in freq.items() if longest.get(g, 0) < count}


def chance_cooccurrence(beads: int, zh_count: int, en_count: int, together: int) -> float:
    """P(two n-grams in ``zh_count`` and ``en_count`` of ``beads`` beads, placed independently
    at random, share at least ``together`` beads): the hypergeometric upper tail."""
    total = math.comb(beads, en_count)
    if total == 0:
        return 1.0
    tail = sum(math.comb(zh_count, k) * math.comb(beads - zh_count, en_count - k)
               for k in range(together, min(zh_count, en_count) + 1))
    return tail / total


MAX_CHANCE_COOCCURRENCE = 0.01
"""An n-gram pair is proposed only if sharing that many beads by chance is this unlikely."""


def propose_ngram_pairs(pairs: Sequence[tuple[str, str]], min_count: int = 3,
                        min_dice: float = 0.6,
                        max_chance: float = MAX_CHANCE_COOCCURRENCE) -> list[Proposal]:
    """Recurring Chinese/English n-gram pairs (Dice over beads, competitive linking).

    Identical beads count once (a repeated title is one piece of evidence, not two); an
    n-gram always seen inside the same longer one is left to the longer one; the Chinese
    must have between half a character and four characters per English word; very common
    single English words are left out.
    """
    distinct = list(dict.fromkeys((zh, en) for zh, en in pairs))
    # Count one size beyond what may be proposed, so that a piece cut out of a longer repeated
    # phrase at the size limit is recognised as not closed.
    zh_sets = [_zh_ngrams(zh, range(2, 8)) for zh, _ in distinct]
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    en_sets = [_en_ngrams(en, range(1, 6), surfaces) for _, en in distinct]
    zh_freq = Counter(g for s in zh_sets for g in s)
    en_freq = Counter(g for s in en_sets for g in s)
    zh_ok = {g for g in _closed(zh_freq, "") if zh_freq[g] >= min_count and len(g) <= 6}
    en_ok = {g for g in _closed(en_freq, " ")
             if en_freq[g] >= min_count and len(g.split()) <= 4}
    cooc: Counter[tuple[str, str]] = Counter()
    for zh_set, en_set in zip(zh_sets, en_sets, strict=True):
        zh_keep = zh_set & zh_ok
        en_keep = en_set & en_ok
        for z in zh_keep:
            for e in en_keep:
                if 0.5 <= len(z) / len(e.split()) <= 4:
                    cooc[(z, e)] += 1
    scored = []
    for (z, e), together in cooc.items():
        if together < min_count:
            continue
        if " " not in e and is_common_english(surfaces[e].most_common(1)[0][0]):
            continue  # "world", "important": translations, but nothing a glossary needs
        dice = 2 * together / (zh_freq[z] + en_freq[e])
        # In a few dozen beads two frequent n-grams share beads by chance (会议 ↔ "garment"
        # in 4 of 12 mined beads); Dice cannot tell, the hypergeometric tail can.
        if dice >= min_dice and chance_cooccurrence(len(distinct), zh_freq[z], en_freq[e],
                                                    together) <= max_chance:
            # Prefer longer units on ties: a bigram inside a recurring 4-gram is not a term.
            scored.append((dice, together, len(z) + len(e.split()), z, e))
    scored.sort(reverse=True)
    out: list[Proposal] = []
    linked_zh: list[str] = []
    linked_en: list[str] = []
    for dice, together, _, z, e in scored:
        if any(z in other or other in z for other in linked_zh):
            continue
        if any(set(e.split()) & set(other.split()) for other in linked_en):
            continue
        linked_zh.append(z)
        linked_en.append(e)
        forms = [form for form, _ in surfaces[e].most_common()]
        # Other surface forms are inflections, which the term check matches anyway.
        out.append(Proposal("ngram", z, forms[0], round(dice, 3), together, [],
                            f"{z} ↔ {forms[0]}: Dice {dice:.2f} over {together} bead(s) "
                            f"({zh_freq[z]} with the Chinese, {en_freq[e]} with the English; "
                            f"forms: {', '.join(forms[:4])})"))
    return out


# -- the whole project ----------------------------------------------------------------------

def propose_entries(pairs: Sequence[tuple[str, str]], termbase: TermBase | None = None,
                    kinds: Iterable[str] = KINDS, min_count: int = 3,
                    name_pairs: Sequence[tuple[str, str]] | None = None,
                    name_labels: Sequence[str] | None = None) -> list[Proposal]:
    """Proposals of the requested kinds, leaving out Chinese terms the glossary already has.

    ``name_pairs`` (default: ``pairs``) are where person names are looked for: the caller may
    widen each bead's English to its neighbours (see :func:`neighbourhood_pairs`) or to a
    whole comparable document (see :func:`comparable_name_pairs`); ``name_labels`` say which
    for the evidence (see :func:`propose_person_names`).
    """
    kinds = set(kinds)
    unknown = kinds - set(KINDS)
    if unknown:
        from glossary.termbase import GlossaryError

        raise GlossaryError(f"unknown proposal kind(s) {', '.join(sorted(unknown))}",
                            hint=f"choose from {', '.join(KINDS)}")
    proposals: list[Proposal] = []
    if "person" in kinds:
        proposals += propose_person_names(name_pairs if name_pairs is not None else pairs,
                                          name_labels)
    if "org" in kinds:
        proposals += propose_org_names(pairs, termbase)
    if "ngram" in kinds:
        # A name found by its pinyin says more than co-occurrence, which mixes up a name with
        # the title next to it (范明正 ↔ "prime minister", 总理 ↔ "Fan Mingzheng").
        names = [p for p in proposals if p.kind == "person"]
        known_en = {normalise_en(p.en) for p in names} | {normalise_en(v) for p in names
                                                          for v in p.variants}
        proposals += [p for p in propose_ngram_pairs(pairs, min_count=min_count)
                      if normalise_en(p.en) not in known_en
                      and not any(n.zh in p.zh for n in names)]
    seen: set[str] = set()
    out: list[Proposal] = []
    for proposal in proposals:
        key = normalise_zh(proposal.zh)
        if key in seen:
            continue
        if termbase is not None and any(m.start == 0 and m.end == len(key)
                                        for m in termbase.find_in_chinese(key)):
            continue
        seen.add(key)
        out.append(proposal)
    return out


NAME_WINDOW = 1
"""Beads on each side of a bead whose English is searched for the pinyin of its names."""


def neighbourhood_pairs(pairs: Sequence[tuple[str, str]], groups: Sequence[int],
                        window: int = NAME_WINDOW) -> list[tuple[str, str]]:
    """Each bead's Chinese with the English of itself and its ``window`` neighbours.

    Only beads of the same document pair (same ``groups`` value) are neighbours. Pinyin
    spelling a whole name is evidence on its own, so a name whose English landed one bead off
    (loosely aligned text) is still found. English texts are joined with line breaks, which a
    name never spans.
    """
    out: list[tuple[str, str]] = []
    for index, (zh, _) in enumerate(pairs):
        lo, hi = max(0, index - window), min(len(pairs), index + window + 1)
        english = [pairs[i][1] for i in range(lo, hi) if groups[i] == groups[index]]
        out.append((zh, "\n".join(english)))
    return out


def comparable_name_pairs(project: Project, pair: DocumentPair) -> list[tuple[str, str]]:
    """Each distinct Chinese sentence of a comparable document pair with the whole English
    document (sentences joined by line breaks, which a name never spans).

    Mining makes beads of only a few sentence pairs of comparable documents, so most of
    their names are in no bead. Pinyin spelling a surname and a given name is specific
    enough to search the whole English document for it, as it is to search a bead's
    neighbours. A repeated sentence is one piece of evidence, not two.
    """
    english = "\n".join(text for text, _ in article_sentences(project, pair.en_doc_id,
                                                                corrected=True))
    if not english:
        return []
    chinese = dict.fromkeys(norm for _, norm in article_sentences(project, pair.zh_doc_id,
                                                                   corrected=True))
    return [(zh, english) for zh in chinese]


def comparable_label(pair: DocumentPair) -> str:
    """The evidence label of the pairs of :func:`comparable_name_pairs`."""
    return (f"sentence(s) of {pair.zh_document} searched against all of {pair.en_document} "
            f"(comparable pair)")


def bootstrap_project(project: Project, kinds: Iterable[str] = KINDS, min_count: int = 3,
                      store: bool = True) -> list[tuple[int | None, Proposal]]:
    """Propose entries from the project's beads; store new ones as proposals (ids returned).

    Person names are looked for in each bead against the English of the bead and its
    neighbours, except in comparable document pairs, where every Chinese sentence is
    searched against the whole English document.
    """
    # reviewed text is evidence
    aligned = list(aligned_beads(project, GLOSSARY_EVIDENCE, corrected=True))
    pairs = [(p.zh_norm, p.en_text) for p in aligned]
    doc_pairs = {p.id: p for p in document_pairs(project)}
    comparable = [p for p in doc_pairs.values() if p.mode == "comparable"]
    # A comparable pair's beads are among its sentences, searched below; counting them here
    # too would count one sentence twice.
    windowed = [(pair, p.pair_id) for pair, p in zip(pairs, aligned, strict=True)
                if doc_pairs[p.pair_id].mode != "comparable"]
    name_pairs = neighbourhood_pairs([pair for pair, _ in windowed],
                                     [group for _, group in windowed])
    name_labels = [BEAD_LABEL] * len(name_pairs)
    for doc_pair in comparable:
        found = comparable_name_pairs(project, doc_pair)
        name_pairs += found
        name_labels += [comparable_label(doc_pair)] * len(found)
    termbase = TermBase.load(project)
    proposals = propose_entries(pairs, termbase, kinds, min_count, name_pairs=name_pairs,
                                name_labels=name_labels)
    out: list[tuple[int | None, Proposal]] = []
    if not store:
        return [(None, p) for p in proposals]
    with project.transaction():
        for proposal in proposals:
            if find_concepts_by_zh(project, proposal.zh, include_proposals=True):
                continue  # already proposed (or accepted) in an earlier run
            concept = make_concept(
                proposal.zh, proposal.en, admitted=proposal.variants,
                domain={"person": "person", "org": "org"}.get(proposal.kind),
                note=f"{proposal.evidence} (score {proposal.score:.2f})",
                source=f"{PROPOSAL_PREFIX}bootstrap-{proposal.kind}")
            out.append((add_concept(project, concept, actor="bootstrap"), proposal))
    return out
