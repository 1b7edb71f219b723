"""Pre-publication scanner (发布前审查, PRODUCT.md §1.3 and §3 ``scan``).

Finds personal data, secrecy marks, draft marks and custom keywords in plain text, and produces a
masked copy for publication. Pure standard library; the CLI and GUI call ``Scanner.scan`` and
``mask_text``. Every hit only flags text for human review — the scanner never decides legality.

Speed matters (whole attachments are scanned while the officer waits), so the built-in patterns
are one combined regex whose branches all start with a character class (the regex engine then
rejects most positions cheaply), and the custom keywords are found by an Aho–Corasick automaton
(``ahocorasick_rs``, leftmost-longest) built once — with trie-shaped regexes, giving the same hits,
where that package is missing or the text cannot be encoded (lone surrogates).
"""

from __future__ import annotations

import heapq
import operator
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

try:  # Aho–Corasick in Rust; the keyword regexes below give the same hits without it
    import ahocorasick_rs as _aho
except ImportError:  # pragma: no cover - the package is a declared dependency
    _aho = None  # type: ignore[assignment]

from disclosure_desk.domain import scanner_numbers as num
from disclosure_desk.domain.checkdigits import valid_uscc
from disclosure_desk.domain.errors import InputError

KIND_LABELS: dict[str, str] = {
    "id_card": "身份证号码",
    "mobile": "手机号码",
    "landline": "固定电话",
    "bank_card": "银行卡号",
    "email": "电子邮箱",
    "uscc": "统一社会信用代码",
    "license_plate": "车牌号码",
    "address": "详细住址",
    "person_name": "个人姓名",
    "secret_marker": "密级标志",
    "draft_marker": "草稿标志",
    "keyword": "敏感词",
    "no_text_layer": "无文字层（需人工核对）",
    "unreadable": "无法读取的文件",
}
SEVERITY_LABELS: dict[str, str] = {"block": "禁止发布", "warn": "需要复核", "info": "提示"}

DEFAULT_SEVERITY: dict[str, str] = {
    "id_card": "block",
    "bank_card": "block",
    "mobile": "block",
    "secret_marker": "block",
    "landline": "warn",
    "address": "warn",
    "person_name": "warn",
    "email": "warn",
    "license_plate": "warn",
    "draft_marker": "warn",
    "uscc": "info",
    # Nothing could be read there, so nothing can be said to be clean: a person must look.
    "no_text_layer": "block",
    "unreadable": "block",
}

# Kinds that mask_text replaces when the caller does not choose: personal data and custom keywords.
# 统一社会信用代码 is public registration data; secrecy/draft marks need a human decision, not masking.
DEFAULT_MASK_KINDS: frozenset[str] = frozenset(
    {
        "id_card",
        "mobile",
        "landline",
        "bank_card",
        "email",
        "license_plate",
        "address",
        "person_name",
        "keyword",
    }
)

_MASK_REASONS: dict[str, str] = {
    "id_card": "身份证号码属于个人信息，公开时仅保留前6位和后4位。",
    "mobile": "手机号码属于个人信息，公开时仅保留前3位和后4位。",
    "landline": "个人固定电话属于个人信息，公开时隐去号码中间部分。",
    "bank_card": "银行卡号属于敏感个人信息（金融账户），公开时仅保留后4位。",
    "email": "电子邮箱属于个人信息，公开时隐去用户名。",
    "license_plate": "车牌号码可识别个人，公开时隐去中间部分。",
    "address": "详细住址只公开到乡镇（街道）或道路名称，门牌号及以下隐去。",
    "person_name": "个人姓名公开时只保留姓氏。",
    "uscc": "统一社会信用代码按要求隐去。",
    "secret_marker": "密级标志已隐去，请确认该文件可以公开。",
    "draft_marker": "草稿标志已隐去，请确认公开的是正式文本。",
    "keyword": "命中自定义敏感词，已隐去。",
    "no_text_layer": "无文字层的页面或图片须人工核对。",
    "unreadable": "无法读取的文件须另存为可读格式后再审查。",
}

VALID_SEVERITIES = frozenset(SEVERITY_LABELS)


@dataclass(frozen=True, slots=True)
class Finding:
    """One hit; ``start``/``end`` are character offsets so ``text == source[start:end]``.

    ``location`` says where in the file the hit is when the file has parts (第3页, 页眉,
    Sheet1!B3); ``note`` explains a hit that needs it (a manual check, an old ID number)."""

    kind: str
    severity: str
    start: int
    end: int
    text: str
    masked: str
    note: str = ""
    location: str = ""


@dataclass(frozen=True)
class Keyword:
    """A custom sensitive word configured by the administrator."""

    word: str
    severity: str


@dataclass(frozen=True)
class MaskLogEntry:
    """What mask_text replaced, where (offsets in the original text) and why."""

    kind: str
    start: int
    end: int
    original: str
    masked: str
    reason: str


# --- built-in patterns -----------------------------------------------------------------------
# Each branch starts by consuming one character from a class and only then looks behind, so the
# engine's cheap first-character test rejects almost every position of ordinary Chinese text.
# Digits and letters are accepted in both widths (PRODUCT.md §4.2); see scanner_numbers.
_D = num.DIGIT
_NA = "(?!" + num.ALNUM + ")(?![./\uff0e]" + _D + ")"
_HAN = "\u4e00-\u9fff"
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE_LETTER = "A-HJ-NP-Z\uff21-\uff28\uff2a-\uff2e\uff30-\uff3a"
_LINE_SPACE = "[ \\t\u3000]*"
_SEP = "[\\- \uff0d\u3000\u00a0]"

_LEVEL_TERM = r"(?:\d{1,2}年|[一二三四五六七八九十]{1,3}年|长期|启用前)"

_USCC_CHAR = "[0-9A-HJ-NP-RTUW-Y\uff10-\uff19\uff21-\uff28\uff2a-\uff2e\uff30-\uff32\uff34\uff35\uff37-\uff39]"

_BRANCHES = [
    # e-mail first: a QQ address starts with a digit run that must not become a number.
    r"[A-Za-z0-9](?<![A-Za-z0-9._%+\-][A-Za-z0-9])(?P<email>[A-Za-z0-9._%+\-]*"
    r"@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
    r"(?![A-Za-z0-9\-]))",
    "[+\uff0b](?<!" + num.ALNUM + "[+\uff0b])(?P<intl>[8\uff18][6\uff16]" + _SEP + "?"
    "[1\uff11][3-9\uff13-\uff19]" + _D + "{9}" + _NA + ")",
    # landline with an area code, written with a separator or in brackets.
    "[0\uff10（(](?P<tel>(?:(?<=[0\uff10])(?<!"
    + num.ALNUM
    + "[0\uff10])(?P<area>"
    + _D
    + "{2,3})"
    + _SEP
    + "|(?<=[（(])[0\uff10](?P<area2>"
    + _D
    + "{2,3})[)）][ \\-\uff0d]?)(?P<local>"
    + _D
    + "{7,8})(?:(?:[\\-\uff0d]|转)"
    + _D
    + "{1,5})?"
    + _NA
    + ")",
    # number tokens: ID numbers, mobiles, bank cards, USCCs in any width, with separators.
    num.NUMBER_TOKEN,
    _USCC_CHAR + "(?<!" + num.ALNUM + _USCC_CHAR + ")(?P<uscc>" + _USCC_CHAR + "{17}" + _NA + ")",
    # house number after a road/lane name; building, unit and room after a community name;
    # 组 after a village.
    r"[\d一二三四五六七八九十](?P<addr>(?<=[路街巷道弄里]\d)\d{0,4}(?:-\d{1,5})?号(?!码|文|令)"
    r"(?:[0-9A-Z]{1,4}(?:栋|幢|号楼|座))?(?:\d{1,3}单元)?(?:\d{1,5}(?:室|号房))?"
    r"|(?<=[区苑园村庄寓厦城邸湾府院里坊居舍巷弄]\d)\d{0,3}(?:栋|幢|号楼)"
    r"(?:\d{1,3}单元)?(?:\d{1,5}(?:室|号房))?"
    r"|(?<=村.)[\d一二三四五六七八九十]{0,2}组(?:\d{1,4}号)?)",
    r"[" + _PROVINCES + r"](?P<plate>[" + _PLATE_LETTER + r"][·•・ ]?"
    r"["
    + _PLATE_LETTER
    + r"0-9\uff10-\uff19]{4,5}["
    + _PLATE_LETTER
    + r"0-9\uff10-\uff19挂学警港澳]"
    + _NA
    + ")",
    # secrecy level: with ★ it is a mark anywhere; bare, the callback decides (heading, brackets).
    r"[绝机秘工](?P<secret>(?:(?<=绝)密|(?<=机)密|(?<=秘)密|(?<=工)作秘密)"
    r"(?:" + _LINE_SPACE + r"★" + _LINE_SPACE + _LEVEL_TERM + r"?|(?P<sec_bare>)))",
    r"[内注不严](?P<secret_phrase>(?<=内)部资料(?:[ \t\u3000，,]*注意保存)?|(?<=注)意保存"
    r"|(?<=不)得外传|(?<=严)禁外传|(?<=内)部使用)",
    r"[征讨送审修初草](?P<draft>(?<=征)求意见稿|(?<=讨)论稿|(?<=送)审稿|(?<=审)议稿|(?<=修)改稿"
    r"|(?<=初)稿|(?<=[（(【\[]草)案(?=[）)】\]]))",
    r"[姓申户联被当](?P<name>(?:(?<=姓)名|(?<=申)请人|(?<=户)主|(?<=联)系人|(?<=被)处罚人"
    r"|(?<=当)事人)(?:[ \t\u3000]*[:：][ \t\u3000]*|[ \t\u3000]+)"
    r"(?P<pname>[" + _HAN + r"]{2,3})(?![" + _HAN + r"]))",
]


def _first_class(branch: str) -> tuple[str, str]:
    """Split a branch into the body of its leading character class and the rest."""
    assert branch[0] == "[", branch
    i = 1
    while branch[i] != "]":
        i += 2 if branch[i] == "\\" else 1
    return branch[1:i], branch[i + 1 :]


def _combined(branches: list[str]) -> re.Pattern[str]:
    """One pattern that starts with the union of the branches' first-character classes, so the
    regex engine skips every other position in its fast prefix scan (about five times faster on
    Chinese text than an alternation whose branches each start with a class); each branch then
    checks its own class by looking back at that one character. Same matches, same order."""
    split = [_first_class(b) for b in branches]
    union = "".join(c for c, _ in split)
    body = "|".join("(?<=[" + c + "])" + rest for c, rest in split)
    return re.compile("[" + union + "](?:" + body + ")")


_BUILTIN = _combined(_BRANCHES)

# Words that follow a name label in forms but are not names.
_NAME_STOPWORDS = frozenset(
    "本人 不详 未知 同上 详见 个人 自然人 法人 单位 无 某某 某某某 姓名 性别 先生 女士 同志 身份证 电话 "
    "住址 地址 见附件".split()
)
# Where a road name starts when walking back from the house number: just after an admin level.
_ADDRESS_LEVEL_ENDS = frozenset("省市区县镇乡道")
_ADDRESS_STOP = frozenset("在住址于至到和与及、")


def _mask_name(name: str) -> str:
    return name[0] + "*" * (len(name) - 1)


class Scanner:
    """Scans text for the kinds listed in KIND_LABELS plus the configured keywords."""

    def __init__(self, keywords: Iterable[Keyword] = ()) -> None:
        severities: dict[str, str] = {}
        for kw in keywords:
            # Keywords match in any width too: ＡＢＣ公司 in the text hits the keyword ABC公司.
            word = num.to_ascii(kw.word.strip()).strip()
            if not word:
                continue
            if kw.severity not in VALID_SEVERITIES:
                raise InputError(
                    "敏感词“{word}”的级别“{severity}”无效，应为 block、warn 或 info。",
                    word=word,
                    severity=kw.severity,
                )
            # The strictest severity wins when a word is configured twice.
            old = severities.get(word)
            if old is None or _SEVERITY_RANK[kw.severity] > _SEVERITY_RANK[old]:
                severities[word] = kw.severity
        self._keyword_severity = severities
        self._keywords = _KeywordIndex(severities)
        # A keyword can only meet a width-folded character of the text (Ａ→A, １→1, －→-, ．→.,
        # ideographic or no-break space → space) if it contains the ASCII character folded to.
        self._keywords_foldable = any(c in num.FOLD_TARGETS for w in severities for c in w)

    def scan(self, text: str) -> list[Finding]:
        findings: list[Finding] = []
        for m in _BUILTIN.finditer(text):
            if m.lastgroup == "num":
                for h in num.classify_token(text, m.start(), m.end()):
                    findings.append(
                        Finding(
                            h.kind,
                            DEFAULT_SEVERITY[h.kind],
                            h.start,
                            h.end,
                            text[h.start : h.end],
                            h.masked,
                            h.note,
                        )
                    )
            elif (f := _classify(text, m)) is not None:
                findings.append(f)
        # Only when a keyword could meet a folded character and the text has one is a
        # width-folded copy (same length, so same offsets) worth making.
        folded = (
            num.to_ascii(text)
            if self._keywords_foldable and num.FOLDABLE.search(text) is not None
            else text
        )
        sev = self._keywords.severities
        for i, s, e in self._keywords.find(folded):
            findings.append(Finding("keyword", sev[i], s, e, text[s:e], "*" * (e - s)))
        findings.sort(key=_BY_POSITION)
        return findings


class _KeywordIndex:
    """The configured keywords, found leftmost-longest and without overlaps: scanning from the
    left, at the first position where any keyword starts the longest one there is a hit, and the
    search goes on after it. ``find`` gives (keyword number, start, end) in character offsets."""

    def __init__(self, severities: dict[str, str]) -> None:
        self.words = list(severities)
        self.severities = [severities[w] for w in self.words]
        self._number = {w: i for i, w in enumerate(self.words)}
        self._automaton = (
            _aho.AhoCorasick(self.words, matchkind=_aho.MatchKind.LeftmostLongest)
            if _aho is not None and self.words
            else None
        )
        self._regexes: list[re.Pattern[str]] | None = None

    def find(self, text: str) -> list[tuple[int, int, int]]:
        if not self.words:
            return []
        if self._automaton is not None:
            try:
                return self._automaton.find_matches_as_indexes(text)
            except UnicodeEncodeError:
                pass  # a lone surrogate (text cut from a broken file): the regexes take any str
        return self.find_by_regex(text)

    def find_by_regex(self, text: str) -> list[tuple[int, int, int]]:
        """The same hits by trie-shaped regexes (no automaton package, or unencodable text)."""
        if self._regexes is None:
            self._regexes = _keyword_regexes(self.words)
        number = self._number
        return [(number[m.group()], *m.span()) for m in _keyword_matches(self._regexes, text)]


_SEVERITY_RANK = {"info": 0, "warn": 1, "block": 2}
_BY_POSITION = operator.attrgetter("start", "end")


# First characters per keyword regex. At each candidate position the engine walks the root
# alternatives one by one, so a regex with hundreds of first characters is slow on Chinese text
# (most characters start some keyword); several smaller regexes, each skipping ahead with its own
# first-character set, measured about four times faster with 1,000 keywords.
_FIRST_CHARS_PER_REGEX = 40


def _keyword_regexes(words: Iterable[str]) -> list[re.Pattern[str]]:
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word)
    firsts = sorted(by_first)
    count = max(1, -(-len(firsts) // _FIRST_CHARS_PER_REGEX)) if firsts else 0
    regexes = []
    for i in range(count):
        group = [w for ch in firsts[i::count] for w in by_first[ch]]
        regexes.append(re.compile(_trie_pattern(group)))
    return regexes


def _keyword_matches(regexes: list[re.Pattern[str]], text: str) -> Iterator[re.Match[str]]:
    """Leftmost-longest, non-overlapping keyword hits merged from the per-group regexes —
    the same hits one combined trie regex would give."""
    if len(regexes) == 1:
        yield from regexes[0].finditer(text)
        return
    heap: list[tuple[int, int, re.Match[str], Iterator[re.Match[str]]]] = []
    for i, rx in enumerate(regexes):
        it = rx.finditer(text)
        m = next(it, None)
        if m is not None:
            heap.append((m.start(), i, m, it))
    heapq.heapify(heap)
    pos = 0
    while heap:
        start, i, m, it = heapq.heappop(heap)
        if start < pos:
            # Overlaps the hit just taken: this group may still have a hit inside the skipped
            # stretch, so restart its search where the taken hit ends.
            it = regexes[i].finditer(text, pos)
        else:
            yield m
            pos = m.end()
        nxt = next(it, None)
        if nxt is not None:
            heapq.heappush(heap, (nxt.start(), i, nxt, it))


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex for all keywords, shaped as a trie so a position costs one walk, not N tries.

    Optional tails are greedy, so the longest keyword at a position wins."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body

    return build(root)


def _finding(kind: str, start: int, end: int, text: str, masked: str, note: str = "") -> Finding:
    return Finding(kind, DEFAULT_SEVERITY[kind], start, end, text[start:end], masked, note)


_OPEN_BRACKETS = "【[〔（(「"
_CLOSE_BRACKETS = "】]〕）)」"
_BLANK = " \t\u3000\r"
_MARK_LINE_WINDOW = 40


def _is_bare_level_mark(text: str, start: int, end: int) -> bool:
    """A bare 绝密/机密/秘密/工作秘密 is a mark only when set apart: alone on its line, in brackets,
    or after a 密级 label. In sentences (国家秘密、商业秘密…) it is ordinary prose."""
    if 0 < start and end < len(text):
        if text[start - 1] in _OPEN_BRACKETS and text[end] in _CLOSE_BRACKETS:
            return True
    if text[max(0, start - 3) : start].rstrip(_BLANK + ":：").endswith("密级"):
        return True
    # Only the few characters around the word matter (a mark line is short); looking no further
    # keeps a text full of 秘密 linear.
    before = text[max(0, start - _MARK_LINE_WINDOW) : start]
    after = text[end : end + _MARK_LINE_WINDOW]
    before = before[before.rfind("\n") + 1 :]
    after = after.split("\n", 1)[0]
    return not before.strip(_BLANK) and not after.strip(_BLANK)


def _classify(text: str, m: re.Match[str]) -> Finding | None:
    group = m.lastgroup
    start, end = m.span()
    if group == "intl":
        raw = m.group()
        return _finding("mobile", start, end, text, raw[:-11] + num.mask_chars(raw[-11:], 3, 4))
    if group == "tel":
        return _classify_landline(text, m)
    if group == "email":
        user, _, domain = m.group().partition("@")
        return _finding("email", start, end, text, user[0] + "***@" + domain)
    if group == "uscc":
        code = num.to_ascii(m.group())
        if code.isdigit() or not valid_uscc(code):
            return None
        return _finding("uscc", start, end, text, m.group())
    if group == "addr":
        return _classify_address(text, start, end)
    if group == "plate":
        return _classify_plate(text, start, end)
    if group == "secret":
        if m.group("sec_bare") is not None and not _is_bare_level_mark(text, start, end):
            return None
        return _finding("secret_marker", start, end, text, "*" * (end - start))
    if group == "secret_phrase":
        return _finding("secret_marker", start, end, text, "*" * (end - start))
    if group == "draft":
        # "（草案）" inside a cited title such as 《…纲要（草案）》 names a document, it is no mark.
        if m.group() == "草案" and text[end + 1 : end + 2] == "》":
            return None
        return _finding("draft_marker", start, end, text, "*" * (end - start))
    if group == "name":
        name = m.group("pname")
        if name in _NAME_STOPWORDS or set(name) <= {"某"}:
            return None
        s, e = m.span("pname")
        return _finding("person_name", s, e, text, _mask_name(name))
    return None


def _classify_landline(text: str, m: re.Match[str]) -> Finding | None:
    area = "0" + num.to_ascii(m.group("area") or m.group("area2"))
    # Real area codes: 010 and 02x have three digits, every other one four digits starting 03–09.
    if len(area) == 3 and not (area == "010" or area.startswith("02")):
        return None
    if len(area) == 4 and area[1] in "012":
        return None
    local = m.group("local")
    s, e = m.span("local")
    masked = text[m.start() : s] + num.mask_chars(local, 0, 4) + text[e : m.end()]
    return _finding("landline", m.start(), m.end(), text, masked)


def _classify_address(text: str, start: int, end: int) -> Finding | None:
    # Walk back over the road/community name; stop after an admin level (…街道, …镇) so the
    # finding covers only what lies below 乡镇/街道, which is what must not be published.
    head = start - 1  # the road suffix itself (路/街/村/区…) always belongs to the name
    limit = max(0, start - 10)
    while head > limit:
        ch = text[head - 1]
        if not ("\u4e00" <= ch <= "\u9fff") or ch in _ADDRESS_STOP or ch in _ADDRESS_LEVEL_ENDS:
            break
        head -= 1
    name = text[head:start]
    return _finding("address", head, end, text, name + "****")


def _classify_plate(text: str, start: int, end: int) -> Finding | None:
    raw = text[start:end]
    tail = num.to_ascii(raw[2:]).lstrip("·•・ ")
    if not any(c.isdigit() for c in tail):
        return None
    if len(tail) == 6 and not (tail[0] in "ABCDEFGHJK" or tail[-1] in "DF"):
        return None
    return _finding("license_plate", start, end, text, raw[:2] + "***" + tail[-2:])


def mask_text(
    text: str, findings: Iterable[Finding], kinds: Iterable[str] | None = None
) -> tuple[str, list[MaskLogEntry]]:
    """A redacted copy of ``text`` and a log of each replacement.

    ``kinds=None`` masks DEFAULT_MASK_KINDS (personal data and keywords). Where findings overlap,
    the earlier (then longer) one is replaced by its mask and any part of a later one that sticks
    out beyond it is replaced by asterisks."""
    wanted = DEFAULT_MASK_KINDS if kinds is None else frozenset(kinds)
    chosen = sorted(
        (f for f in findings if f.kind in wanted and text[f.start : f.end] == f.text),
        key=lambda f: (f.start, -(f.end - f.start)),
    )
    pieces: list[str] = []
    log: list[MaskLogEntry] = []
    pos = 0
    for f in chosen:
        reason = _MASK_REASONS[f.kind]
        if f.end <= pos:
            continue
        if f.start < pos:
            # Partly covered by an earlier replacement: star out the rest so nothing leaks.
            tail = text[pos : f.end]
            pieces.append("*" * len(tail))
            log.append(MaskLogEntry(f.kind, pos, f.end, tail, "*" * len(tail), reason))
        else:
            pieces.append(text[pos : f.start])
            pieces.append(f.masked)
            log.append(MaskLogEntry(f.kind, f.start, f.end, f.text, f.masked, reason))
        pos = f.end
    pieces.append(text[pos:])
    return "".join(pieces), log
