"""User-facing text: Simplified Chinese by default, English when asked.

Strings are written in Chinese in the code and looked up here for English. Statutory labels
(report rows, outcome names) never pass through this module: they are legal text.
"""

from __future__ import annotations

import os
import re

_LANG = os.environ.get("DISCLOSURE_DESK_LANG", "zh_CN")

EN: dict[str, str] = {
    # Residual table: new English entries may be added here (one block per branch);
    # `python tools/i18n_catalog.py fold` moves them into the .po catalogue.
}


def set_language(lang: str | None) -> None:
    global _LANG
    if lang:
        if lang not in ("zh_CN", "en"):
            from disclosure_desk.domain.errors import InputError

            raise InputError("不支持的界面语言 {lang}（可选 zh_CN、en）。", lang=lang)
        _LANG = lang


def language() -> str:
    return _LANG


def N_(text: str) -> str:
    """Marks text for translation where it is defined (tables of labels); ``tr()`` translates
    it where it is shown. tools/i18n_catalog.py checks both have English entries."""
    return text


def tr(text: str) -> str:
    if _LANG == "en":
        return english().get(text, text)
    return text


def tr_text(text: str) -> str:
    """Text that may have been built in domain/ as a ``Sentence`` (a Chinese str that remembers
    its template and values, e.g. a fee's arithmetic or an annual-report check) in the interface
    language; any other text is looked up whole like tr()."""
    shown = getattr(text, "shown", None)
    return shown() if callable(shown) else tr(text)


def tr_value(table: str, value: str) -> str:
    """A stored vocabulary value as the window shows it: its label (``value`` may be the code or
    the Chinese label) in the interface language. ``table`` names one of
    ``domain.displayed.displayed_vocabularies()``; unknown values pass through unchanged, so
    free text and data never disappear. Stored values, files and official documents keep the
    Chinese: call this only where a value is put on screen."""
    from disclosure_desk.domain.displayed import displayed_vocabularies

    label = dict(displayed_vocabularies()[table]).get(value, value)
    if _LANG == "en":
        # "table|label" entries settle a label that means something else elsewhere
        # (依申请公开 is the Applications view, and a disclosure attribute).
        table_en = english()
        return table_en.get(f"{table}|{label}") or table_en.get(label, label)
    return label


_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九", 0)}
_ARTICLE = re.compile(
    r"第([一二三四五六七八九十百]+)条(?:第([一二三四五六七八九十]+)款)?(?:第([一二三四五六七八九十]+)项)?"
)


def _number(chinese: str) -> int:
    if "百" in chinese:
        head, _, rest = chinese.partition("百")
        return _NUMERALS.get(head, 1) * 100 + (_number(rest) if rest else 0)
    if "十" in chinese:
        tens, _, ones = chinese.partition("十")
        return (_NUMERALS[tens] if tens else 1) * 10 + (_NUMERALS[ones] if ones else 0)
    return _NUMERALS[chinese]


def tr_article(text: str) -> str:
    """An article of the Regulations as the window shows it: "第十六条第二款" → "Art. 16(2)" in
    English; unchanged in Chinese (and in official documents, which never call this)."""
    if _LANG != "en":
        return text

    def words(m: re.Match[str]) -> str:
        parts = [f"Art. {_number(m.group(1))}"]
        parts += [f"({_number(g)})" for g in m.groups()[1:] if g]
        return "".join(parts)

    return _ARTICLE.sub(words, text)


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    rx = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    return re.compile(rx, re.S)


def tr_from(text: str, *templates: str) -> str:
    """Translate text that was built elsewhere from one of ``templates`` (a label of the domain
    layer such as "剩余 3 个工作日", which cannot import this module): the English of the matching
    template with the same values filled in. Text matching no template is looked up whole."""
    if _LANG != "en" or not text:
        return text
    for template in templates:
        m = _pattern(template).fullmatch(text)
        if m:
            values = m.groupdict().items()  # a value may itself be built from a template
            return tr(template).format(
                **{k: tr_from(v, *templates) if len(v) < len(text) else tr(v) for k, v in values}
            )
    return tr(text)


CATALOGUE_DOMAIN = "disclosure_desk"


def catalogue(lang: str = "en") -> dict[str, str]:
    """The compiled gettext catalogue shipped in the package (resources/locale/LANG/LC_MESSAGES),
    as Chinese → translation. Empty when the file is missing (the Chinese text then shows)."""
    import gettext

    from disclosure_desk.package_data import resource_path

    mo = resource_path("locale", lang, "LC_MESSAGES", f"{CATALOGUE_DOMAIN}.mo")
    try:
        with mo.open("rb") as fh:
            table = gettext.GNUTranslations(fh)._catalog
    except OSError:
        return {}
    return {k: v for k, v in table.items() if isinstance(k, str) and k}


# The English table: the catalogue, with the residual dict above merged over it.
EN = {**catalogue("en"), **EN}


def _install_domain_translation() -> None:
    """Sentences built in domain/ (errors, Text) are Chinese templates with values; they are put
    together when shown, through tr(), in the language current at that moment."""
    from disclosure_desk.domain import errors

    errors.install_translation(tr)


_install_domain_translation()
# The English table: the catalogue, with the residual dict above merged over it. Built on first
# use (``i18n.EN`` or an English ``tr``): Chinese, the default, never needs it, and reading the
# catalogue's 1,500 entries cost every start-up a few milliseconds.
_RESIDUAL = EN
del EN


def english() -> dict[str, str]:
    """The English table (also ``i18n.EN``); the same dict every time."""
    table = globals().get("EN")
    if table is None:
        table = globals()["EN"] = {**catalogue("en"), **_RESIDUAL}
    return table


def __getattr__(name: str) -> dict[str, str]:
    if name == "EN":
        return english()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
