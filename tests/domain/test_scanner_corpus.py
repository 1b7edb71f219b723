"""Recall and precision of the scanner on a corpus it did not build (see scanner_corpus.py),
per kind and per form; prints the table (pytest -s shows it) and asserts the thresholds."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("stdnum", reason="python-stdnum (test extra) is the corpus's oracle")

from disclosure_desk.domain.scanner import Scanner


def _load_corpus_module():
    path = Path(__file__).with_name("scanner_corpus.py")
    spec = importlib.util.spec_from_file_location("scanner_corpus", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("scanner_corpus", module)
    spec.loader.exec_module(module)
    return module


corpus_mod = _load_corpus_module()
RECALL_MIN = 0.97
PRECISION_MIN = 0.97


@pytest.fixture(scope="module")
def scores():
    scanner = Scanner()
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    misses = []
    for snip in corpus_mod.build_corpus():
        expected = set(snip.expected)
        got = {
            (f.kind, f.start, f.end)
            for f in scanner.scan(snip.text)
            if f.kind in corpus_mod.SCORED_KINDS
        }
        for kind, _s, _e in expected & got:
            tp[kind, snip.form] += 1
        for kind, s, e in got - expected:
            fp[kind, snip.form] += 1
            misses.append(("FP", kind, snip.form, snip.text[s:e]))
        for kind, s, e in expected - got:
            fn[kind, snip.form] += 1
            misses.append(("FN", kind, snip.form, snip.text[s:e]))
    return tp, fp, fn, misses


def _ratio(good: int, bad: int) -> float:
    return good / (good + bad) if good + bad else 1.0


def test_corpus_table_and_thresholds(scores) -> None:
    tp, fp, fn, misses = scores
    lines = [f"{'kind':<10}{'form':<12}{'planted':>8}{'found':>7}{'recall':>8}{'precision':>10}"]
    failures = []
    for kind in corpus_mod.SCORED_KINDS:
        for form in corpus_mod.FORMS:
            key = (kind, form)
            recall = _ratio(tp[key], fn[key])
            precision = _ratio(tp[key], fp[key])
            lines.append(
                f"{kind:<10}{form:<12}{tp[key] + fn[key]:>8}{tp[key] + fp[key]:>7}"
                f"{recall:>8.3f}{precision:>10.3f}"
            )
            if tp[key] + fn[key] < 15:
                failures.append(f"{key}: only {tp[key] + fn[key]} planted")
            if recall < RECALL_MIN or precision < PRECISION_MIN:
                failures.append(f"{key}: recall {recall:.3f}, precision {precision:.3f}")
    print("\n" + "\n".join(lines))
    assert not failures, (failures, misses[:20])


def test_corpus_is_built_without_the_code_under_test() -> None:
    source = Path(corpus_mod.__file__).read_text(encoding="utf-8")
    assert "disclosure_desk" not in source.replace('"disclosure_desk"', "")


def test_corpus_carries_its_decoys(scores) -> None:
    text = "\n".join(s.text for s in corpus_mod.build_corpus())
    for decoy in (
        "〔",
        "索引号",
        "订单号 2025",
        "转",
        "统计用区划代码",
        "元",
        "ISBN",
        "\u3000",
        "０",
    ):
        assert decoy in text, decoy
