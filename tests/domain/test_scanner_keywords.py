"""Custom keywords: the scanner's keyword pass finds exactly what a naive ``str.find`` loop over
every keyword finds — leftmost-longest, without overlaps, in any width — on the shipped sample
reports (text written by others), with 1,000 keywords drawn from that text.

The oracle below does not use the scanner's code: its width folding is the list written out in
``_ORACLE_FOLD`` (full-width digits and Latin letters, the full-width hyphen and dot, the ideographic
and no-break spaces and the typographic dashes U+2010–U+2015 — what PRODUCT.md §4.2 says officers
type), and its search is one ``str.find`` per keyword."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from disclosure_desk.domain import scanner as scanner_module
from disclosure_desk.domain.scanner import Keyword, Scanner

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"

_ORACLE_FOLD = {chr(0xFF10 + i): chr(ord("0") + i) for i in range(10)}
_ORACLE_FOLD.update({chr(0xFF21 + i): chr(ord("A") + i) for i in range(26)})
_ORACLE_FOLD.update({chr(0xFF41 + i): chr(ord("a") + i) for i in range(26)})
_ORACLE_FOLD.update({"－": "-", "．": ".", "\u3000": " ", "\u00a0": " "})
_ORACLE_FOLD.update({chr(c): "-" for c in range(0x2010, 0x2016)})
_WIDEN = {half: wide for wide, half in _ORACLE_FOLD.items() if len(wide) == 1}
_WIDEN.update({"-": "－", ".": "．", " ": "\u3000"})
_RANK = {"info": 0, "warn": 1, "block": 2}


def _fold(s: str) -> str:
    return "".join(_ORACLE_FOLD.get(c, c) for c in s)


def naive_keyword_hits(keywords: list[Keyword], text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, text, severity) by str.find: from the left, the earliest start of any keyword,
    the longest keyword starting there, then on after it."""
    severity: dict[str, str] = {}
    for kw in keywords:
        word = _fold(kw.word.strip()).strip()
        if word and _RANK[kw.severity] > _RANK.get(severity.get(word, ""), -1):
            severity[word] = kw.severity
    folded = _fold(text)
    assert len(folded) == len(text)
    next_at = {w: folded.find(w) for w in severity}
    hits = []
    pos = 0
    while True:
        for w, at in next_at.items():
            if 0 <= at < pos:
                next_at[w] = folded.find(w, pos)
        found = [(at, -len(w), w) for w, at in next_at.items() if at >= 0]
        if not found:
            return hits
        start, minus_len, word = min(found)
        end = start - minus_len
        hits.append((start, end, text[start:end], severity[word]))
        pos = end


def scanner_keyword_hits(scanner: Scanner, text: str) -> list[tuple[int, int, str, str]]:
    return [(f.start, f.end, f.text, f.severity) for f in scanner.scan(text) if f.kind == "keyword"]


def _sample_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))


def _keywords(text: str, rng: random.Random, count: int = 1000) -> list[Keyword]:
    """Words cut from the text (so they hit, many sharing first characters and nesting inside
    one another), some lengthened by a character (near misses), some digit/letter runs written
    in full width; every severity."""
    words: set[str] = set()
    runs = [
        text[i : i + n] for i in range(0, len(text) - 8, 7) for n in (4, 6) if text[i].isascii()
    ]
    runs = [r.strip() for r in runs if any(c.isalnum() for c in r) and r.strip()]
    while len(words) < count:
        roll = rng.random()
        if roll < 0.6:
            n = rng.randint(1, 6)
            at = rng.randrange(len(text) - n)
            word = text[at : at + n]
        elif roll < 0.8:
            at = rng.randrange(len(text) - 4)
            word = text[at : at + rng.randint(2, 4)] + rng.choice("的公开申请号年")
        elif runs:
            word = rng.choice(runs)
            if rng.random() < 0.5:
                word = "".join(_WIDEN.get(c, c) for c in word)
        else:
            continue
        if word.strip() and "\n" not in word:
            words.add(word)
    levels = ("block", "warn", "info")
    return [Keyword(w, levels[rng.randrange(3)]) for w in sorted(words)]


def _widen_some(text: str, rng: random.Random) -> str:
    """The same text with about half of its ASCII digits, letters, hyphens, dots and spaces
    written in full width (as a document typed on a Chinese input method)."""
    return "".join(_WIDEN[c] if c in _WIDEN and rng.random() < 0.5 else c for c in text)


@pytest.fixture(scope="module")
def sample() -> str:
    text = _sample_text()
    if not text:
        pytest.skip("samples missing")
    return text


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_keyword_pass_equals_a_naive_find_loop_on_the_samples(sample: str, seed: int) -> None:
    rng = random.Random(seed)
    keywords = _keywords(sample, rng)
    scanner = Scanner(keywords)
    expected = naive_keyword_hits(keywords, sample)
    assert len(expected) > 500  # the words do hit, and often
    assert scanner_keyword_hits(scanner, sample) == expected


@pytest.mark.parametrize("seed", [4, 5])
def test_keyword_pass_equals_the_naive_loop_in_full_width(sample: str, seed: int) -> None:
    rng = random.Random(seed)
    keywords = _keywords(sample, rng)
    wide = _widen_some(sample, rng)
    expected = naive_keyword_hits(keywords, wide)
    assert any(
        not all(c.isascii() for c in h[2]) and any(c in _ORACLE_FOLD for c in h[2])
        for h in expected
    )  # some hits are full-width text of a keyword
    assert scanner_keyword_hits(Scanner(keywords), wide) == expected


def test_full_width_hyphen_alone_still_meets_a_keyword() -> None:
    # No full-width letter or digit in the text, only the hyphen: the keyword still hits.
    scanner = Scanner([Keyword("厦府办-2024", "warn"), Keyword("第 3 号", "info")])
    text = "见厦府办－2024号及第\u30003\u3000号"
    assert scanner_keyword_hits(scanner, text) == [
        (1, 9, "厦府办－2024", "warn"),
        (11, 16, "第\u30003\u3000号", "info"),
    ]


def test_regex_path_gives_the_same_hits(sample: str) -> None:
    """Without the automaton (package missing, or a lone surrogate in the text) the keyword
    regexes find the same hits."""
    rng = random.Random(6)
    keywords = _keywords(sample, rng)
    scanner = Scanner(keywords)
    index = scanner._keywords
    assert index.find_by_regex(sample) == [tuple(h) for h in index.find(sample)]
    broken = sample[:5000] + "\ud800" + sample[5000:10000]
    assert scanner_keyword_hits(scanner, broken) == naive_keyword_hits(keywords, broken)


def test_automaton_is_used_when_installed() -> None:
    pytest.importorskip("ahocorasick_rs")
    assert Scanner([Keyword("低保", "warn")])._keywords._automaton is not None
    assert scanner_module._aho is not None
