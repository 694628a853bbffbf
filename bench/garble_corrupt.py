"""Make a garbled copy of clean English text with the four mechanisms, and record the damage.

Usage: python bench/garble_corrupt.py OUT_DIR FILE_OR_DIR... [--seed N]

Writes OUT_DIR/<name> for every input and OUT_DIR.gold.jsonl: one record per damaged span
(file, line, start, end in the *garbled* line, garbled text, target text, mechanism).
The target of a line is what a perfect repair would give: the clean text, except that a line
damaged by str.title() keeps its headline capitalisation (a legitimate style) and only the
letters capitalised after an apostrophe or digit are damage.

Before any damage, the clean text gets two English constructions it rarely has on its own
(``Mix.constructs``; ``--no-constructs`` leaves the text as it is): suspended hyphens
("short- and long-term", "four- or five-year") made from its own hyphenated compounds that
start with a number word or a word with a usual partner (pre/post, short/long ...), and
measurements glued to their number ("(24h)", "(10MW)", "(the 1970s)"). They belong to the
clean text: the gold target keeps them.

Mechanisms (all with one ``random.Random(seed)``):
* substitution: K fragments (2-5 letters) drawn from substrings found in 6-40 different word
  types of the corpus, each with a random replacement of 0-2 letters ("" = dropped
  fragment); each fragment is applied to every word containing it in a random ~60% of files;
* titlecase: str.title() on 30% of lines having an apostrophe+letter or letters after a
  digit (ordinals, units), 3% else; letters it capitalises after an apostrophe or a digit
  are the damage ("China'S", "13Th", "10Km", "10Mw"; "5G" is unchanged, so no damage);
* mojibake: 30% of lines with curly quotes/dashes; per line one of GBK read as Latin-1,
  UTF-8 read as GBK (each punctuation with the next character), UTF-8 read as cp1252;
* spacing: 12% of other lines get one damage (kind drawn first, then the place):
  "x -y"/"x- y" in a hyphenated word, ".Next" (space after a full stop removed),
  "word ," (space before a comma), a double space between words, "word ." at the end of
  the line.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import string
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from glossary.fix import collect_inputs, read_text_file  # noqa: E402

WORD = re.compile(r"[A-Za-z]+")
MOJIBAKE_CHARS = "’‘“”—…"
MECHANISMS = ("substitution", "titlecase", "mojibake", "spacing")


@dataclass
class Piece:
    """A run of the garbled line and what a perfect repair turns it into."""

    garbled: str
    target: str
    mechanism: str | None = None


@dataclass(frozen=True)
class Mix:
    """Which mechanisms a copy gets and the shape of its substitutions."""

    mechanisms: frozenset[str] = frozenset(MECHANISMS)
    fragment_sizes: tuple[int, int] = (2, 5)
    """Shortest and longest fragment (letters)."""
    replacement_sizes: tuple[int, ...] = (0, 1, 1, 2)
    """Replacement lengths drawn uniformly from this list (repeats weight them)."""
    constructs: bool = True
    """Add suspended hyphens and glued measurements to the clean text first."""

    def describe(self) -> str:
        """One line for reports."""
        return (f"mechanisms {','.join(sorted(self.mechanisms)) or 'none'}; fragments "
                f"{self.fragment_sizes[0]}-{self.fragment_sizes[1]} letters; replacement "
                f"lengths drawn from {list(self.replacement_sizes)}; constructs "
                f"{'added' if self.constructs else 'none'}")


# Pairs English coordinates with a suspended hyphen ("pre- and post-war"); numbers are
# coordinated with their neighbour ("four- or five-year").
_NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen "
                 "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()
_PARTNERS = {"pre": "post", "post": "pre", "short": "long", "long": "short", "small": "medium",
             "medium": "small", "large": "medium", "low": "high", "high": "low",
             "first": "second", "second": "first", "third": "second", "full": "part",
             "part": "full", "upper": "lower", "lower": "upper", "over": "under",
             "under": "over", "inter": "intra",
             "north": "south", "south": "north", "east": "west", "west": "east"}
# Second parts of number compounds ("twenty-first", "two-hundred"): not coordinated so.
_NOT_HEADS = frozenset("first second third fourth fifth sixth seventh eighth ninth tenth "
                       "hundred thousand million billion".split())
_COMPOUND = re.compile(r"(?<![\w-])([a-z]{2,})-([a-z]{2,})\b")
# Measurements as English writes them glued to a number. Some symbols are case-sensitive
# (5G, 4K, 3D, 10MW, 100GB), some lowercase (24h, 10km, 5pm), a few not in any checker
# table (3x, 150cc, 3000rpm): the copy models text, not the repair.
_MEASUREMENTS = ("10km", "42km", "2.5km", "24h", "48h", "30min", "5kg", "500g", "3mg",
                 "200ml", "60mph", "5pm", "9am", "1970s", "1990s", "20s", "5G", "4G", "4K",
                 "3D", "10MW", "2GW", "5kW", "100kWh", "3000mAh", "220V", "2GHz", "85dB",
                 "128GB", "512MB", "100Mbps", "60W", "3x", "150cc", "3000rpm", "50sqm")


def add_constructs(line: str, rng: random.Random) -> str:
    """The clean ``line`` with, sometimes, a suspended hyphen or a glued measurement added."""
    compounds = [m for m in _COMPOUND.finditer(line)
                 if (m.group(1) in _NUMBER_WORDS or m.group(1) in _PARTNERS)
                 and m.group(2) not in _NUMBER_WORDS and m.group(2) not in _NOT_HEADS
                 and len(m.group(2)) > 2]
    if compounds and rng.random() < 0.6:
        match = rng.choice(compounds)
        first, head = match.groups()
        if first in _NUMBER_WORDS:
            index = _NUMBER_WORDS.index(first)
            other = _NUMBER_WORDS[index - 1 if index else 1]
            link = rng.choice(["or", "to", "and"])
        else:
            other = _PARTNERS[first]
            link = rng.choice(["and", "or"])
        return f"{line[:match.start()]}{other}- {link} {first}-{head}{line[match.end():]}"
    words = line.split()
    if len(words) >= 6 and rng.random() < 0.08:
        measure = rng.choice(_MEASUREMENTS)
        end = len(line.rstrip(".!?\"”’' "))  # before the final marks and spaces
        return f"{line[:end]} ({measure}){line[end:]}"
    return line


def choose_fragments(texts: list[str], rng: random.Random, k: int,
                     mix: Mix | None = None) -> list[tuple[str, str]]:
    """K (fragment, replacement) pairs with disjoint word sets."""
    mix = mix or Mix()
    types = {w.lower() for text in texts for w in WORD.findall(text) if len(w) >= 4}
    holders: dict[str, set[str]] = defaultdict(set)
    low, high = mix.fragment_sizes
    for word in types:
        for size in range(low, high + 1):
            for i in range(len(word) - size + 1):
                holders[word[i:i + size]].add(word)
    pool = sorted(f for f, ws in holders.items() if 6 <= len(ws) <= 40)
    rng.shuffle(pool)
    chosen: list[tuple[str, str]] = []
    used: set[str] = set()
    for fragment in pool:
        if len(chosen) == k:
            break
        if holders[fragment] & used:
            continue
        size = rng.choice(mix.replacement_sizes)
        replacement = "".join(rng.choice(string.ascii_lowercase) for _ in range(size))
        if replacement == fragment or replacement in fragment:
            continue
        chosen.append((fragment, replacement))
        used |= holders[fragment]
    return chosen


def substitute(line: str, rules: list[tuple[str, str]]) -> list[Piece]:
    """Pieces of ``line`` with every word containing an active fragment garbled."""
    pieces: list[Piece] = []
    cursor = 0
    for match in WORD.finditer(line):
        word = match.group()
        if match.start() and line[match.start() - 1] in "'’":
            continue  # contraction endings belong to the title-case mechanism
        lower = word.lower()
        for fragment, replacement in rules:
            at = lower.find(fragment)
            if at < 0:
                continue
            damaged = lower[:at] + replacement + lower[at + len(fragment):]
            if not damaged:
                break
            if word[0].isupper():
                damaged = damaged[0].upper() + damaged[1:]
            if word.isupper() and len(word) > 1:
                damaged = damaged.upper()
            pieces.append(Piece(line[cursor:match.start()], line[cursor:match.start()]))
            pieces.append(Piece(damaged, word, "substitution"))
            cursor = match.end()
            break
    pieces.append(Piece(line[cursor:], line[cursor:]))
    return [p for p in pieces if p.garbled or p.target]


# Letters after an apostrophe inside a word (it'S, we'Ll) or an ordinal suffix (5Th). A
# capital after an opening quote ('Stealing) is ordinary title case, not damage.
_TITLE_DAMAGE = re.compile(r"(?<=[A-Za-z]['’])[A-Z][a-z]*|(?<=[0-9])[A-Za-z]+")


def titlecase(pieces: list[Piece]) -> list[Piece]:
    """str.title() on the line; damage = letters capitalised after an apostrophe or digit."""
    joined = "".join(p.garbled for p in pieces)
    titled = joined.title()
    if len(titled) != len(joined):
        return pieces
    out: list[Piece] = []
    offset = 0
    for piece in pieces:
        begin = offset
        new = titled[offset:offset + len(piece.garbled)]
        offset += len(piece.garbled)
        if piece.mechanism:
            target = piece.target
            if new[:1].isupper():
                target = target[0].upper() + target[1:].lower() if not target.isupper() else target
            out.append(Piece(new, target, piece.mechanism))
            continue
        cursor = 0
        original = piece.garbled
        # Searched in the whole line (pos/endpos), so the look-behind sees a letter that
        # belongs to the piece before (a substituted word: "Chiaren’S").
        for match in _TITLE_DAMAGE.finditer(titled, begin, offset):
            start, end = match.start() - begin, match.end() - begin
            if original[start:end] == match.group():
                continue  # already capitalised in the clean text
            out.append(Piece(new[cursor:start], new[cursor:start]))
            out.append(Piece(match.group(), original[start:end], "titlecase"))
            cursor = end
        out.append(Piece(new[cursor:], new[cursor:]))
    return [p for p in out if p.garbled or p.target]


def mojibake(pieces: list[Piece], rng: random.Random) -> list[Piece]:
    """Wrong-charset decoding of every curly quote/dash of the line, one kind per line."""
    kind = rng.choice(["gbk-as-latin1", "utf8-as-gbk", "utf8-as-cp1252"])
    out: list[Piece] = []
    for piece in pieces:
        if piece.mechanism:
            out.append(piece)
            continue
        text = piece.garbled
        i = 0
        plain = ""
        while i < len(text):
            ch = text[i]
            if ch not in MOJIBAKE_CHARS:
                plain += ch
                i += 1
                continue
            unit = ch
            if kind == "utf8-as-gbk" and i + 1 < len(text) and text[i + 1].isascii():
                unit = text[i:i + 2]
            if kind == "gbk-as-latin1":
                bad = unit.encode("gbk").decode("latin-1")
            elif kind == "utf8-as-gbk":
                bad = unit.encode("utf-8").decode("gbk", errors="replace")
            else:
                bad = unit.encode("utf-8").decode("cp1252", errors="replace")
            if plain:
                out.append(Piece(plain, plain))
                plain = ""
            out.append(Piece(bad, unit, "mojibake"))
            i += len(unit)
        if plain:
            out.append(Piece(plain, plain))
    return out


_SPACING_SITES = {
    "hyphen": re.compile(r"(?<=[a-z]{2})-(?=[a-z]{2})"),
    "glued": re.compile(r"(?<=[a-z]{3}\.) (?=[A-Z][a-z])"),
    "comma": re.compile(r"(?<=[a-z]),(?= )"),
    "double": re.compile(r"(?<=[a-z]) (?=[a-z])"),
    "final": re.compile(r"(?<=[a-z])\.$"),
}


def spacing(pieces: list[Piece], rng: random.Random) -> list[Piece]:
    """One spacing damage in an undamaged piece of the line."""
    sites: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for index, piece in enumerate(pieces):
        if piece.mechanism:
            continue
        for name, pattern in _SPACING_SITES.items():
            for match in pattern.finditer(piece.garbled):
                sites[name].append((index, match.start(), match.end()))
    if not sites:
        return pieces
    name = rng.choice(sorted(sites))  # the kind first, so double spaces do not dominate
    index, start, end = rng.choice(sites[name])
    piece = pieces[index]
    text = piece.garbled
    found = text[start:end]
    bad = {"hyphen": rng.choice([" -", "- "]), "glued": "", "comma": " ,",
           "double": "  ", "final": " ."}[name]
    replaced = [Piece(text[:start], text[:start]), Piece(bad, found, "spacing"),
                Piece(text[end:], text[end:])]
    return pieces[:index] + [p for p in replaced if p.garbled or p.target] + pieces[index + 1:]


class GoldSpan(TypedDict):
    """One damaged span of the garbled copy: a line of the gold JSONL file."""

    file: str
    line: int
    start: int
    end: int
    garbled: str
    target: str
    mechanism: str


class Corruption(TypedDict):
    """What :func:`corrupt` did (printed as JSON by the command line)."""

    seed: int
    mix: str
    fragments: list[tuple[str, str]]
    files: int
    gold: str
    """Path of the gold JSONL file (one :class:`GoldSpan` a line)."""
    active: dict[str, list[str]]


def corrupt(inputs: list[Path], out_dir: Path, seed: int, k: int = 5,
            mix: Mix | None = None) -> Corruption:
    """Write the garbled copy and its gold file; return a description of what was done."""
    mix = mix or Mix()
    rng = random.Random(seed)
    files = [read_text_file(path, name) for path, name in collect_inputs(inputs)]
    texts = ["\n".join(f.lines) for f in files]
    rules = choose_fragments(texts, rng, k, mix)
    if "substitution" not in mix.mechanisms:
        rules = []
    active = {f.name: [r for r in rules if rng.random() < 0.6] for f in files}
    gold: list[GoldSpan] = []
    for file in files:
        new_lines = []
        for number, line in enumerate(file.lines, start=1):
            if mix.constructs:
                line = add_constructs(line, rng)
            pieces = substitute(line, active[file.name])
            roll = rng.random()
            has_title_site = re.search(r"['’][a-z]|\d[A-Za-z]", line)
            has_quote = any(c in line for c in MOJIBAKE_CHARS)
            # A mechanism left out keeps the line clean (its own later draws are skipped).
            if roll < (0.30 if has_title_site else 0.03):
                if "titlecase" in mix.mechanisms:
                    pieces = titlecase(pieces)
            elif has_quote and rng.random() < 0.30:
                if "mojibake" in mix.mechanisms:
                    pieces = mojibake(pieces, rng)
            elif rng.random() < 0.12:
                if "spacing" in mix.mechanisms:
                    pieces = spacing(pieces, rng)
            offset = 0
            for piece in pieces:
                if piece.mechanism:
                    gold.append({"file": file.name, "line": number, "start": offset,
                                 "end": offset + len(piece.garbled), "garbled": piece.garbled,
                                 "target": piece.target, "mechanism": piece.mechanism})
                offset += len(piece.garbled)
            new_lines.append("".join(p.garbled for p in pieces))
        (out_dir / file.name).parent.mkdir(parents=True, exist_ok=True)
        (out_dir / file.name).write_bytes(file.render(new_lines))
    gold_path = out_dir.with_name(out_dir.name + ".gold.jsonl")
    gold_path.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold),
                         encoding="utf-8")
    return {"seed": seed, "mix": mix.describe(), "fragments": rules, "files": len(files),
            "gold": str(gold_path),
            "active": {name: [f"{a}->{b}" for a, b in rs] for name, rs in active.items()}}


def add_mix_arguments(parser: argparse.ArgumentParser) -> None:
    """--mechanisms, --fragment-sizes, --replacement-sizes."""
    parser.add_argument("--mechanisms", nargs="+", choices=MECHANISMS, default=list(MECHANISMS))
    parser.add_argument("--fragment-sizes", type=int, nargs=2, default=[2, 5],
                        metavar=("MIN", "MAX"))
    parser.add_argument("--replacement-sizes", type=int, nargs="+", default=[0, 1, 1, 2],
                        help="replacement lengths to draw from (repeats weight them)")
    parser.add_argument("--no-constructs", action="store_true",
                        help="do not add suspended hyphens and glued measurements first")


def mix_from_arguments(args: argparse.Namespace) -> Mix:
    """The ``Mix`` named by the command line."""
    return Mix(frozenset(args.mechanisms), (args.fragment_sizes[0], args.fragment_sizes[1]),
               tuple(args.replacement_sizes), not args.no_constructs)


def main() -> None:
    """Command line entry."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("inputs", type=Path, nargs="+")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--fragments", type=int, default=5)
    add_mix_arguments(parser)
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    info = corrupt(args.inputs, args.out_dir, args.seed, args.fragments, mix_from_arguments(args))
    print(json.dumps(info, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
