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

            raise InputError(f"不支持的界面语言 {lang}（可选 zh_CN、en）。")
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
