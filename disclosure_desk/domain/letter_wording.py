"""How reply letters word each outcome and its legal basis, as the notices of real bodies do.

The regulation is cited as 《条例》 inside letters; the letter renderer names it in full at its
first mention (:func:`name_regulation_in_full`). Legal grounds stored with a case ("第三十六条第（二）
项", "第四十二条；《政府信息公开信息处理费管理办法》") become citations with :func:`cite`.
"""

from __future__ import annotations

import re

REGULATION = "《中华人民共和国政府信息公开条例》"
SHORT = "《条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》"
FEE_MEASURES_FULL = FEE_MEASURES + "（国办函〔2020〕109号）"

# One sentence per outcome code; {basis} is the cited legal ground.
DECISIONS: dict[str, str] = {
    "3.1": "经审查，您申请获取的政府信息属于公开范围。根据{basis}的规定，本机关决定予以公开，"
    "向您提供该政府信息（已主动公开的，告知您获取的方式和途径）。",
    "3.2": "经审查，您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，但是能够作区分处理。"
    "根据{basis}的规定，本机关向您提供可以公开的政府信息内容，并对不予公开的内容说明理由。",
    "3.3.1": "经审查，您申请获取的政府信息属于国家秘密。根据{basis}的规定，本机关决定不予公开。",
    "3.3.2": "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息。根据{basis}的规定，"
    "本机关决定不予公开。",
    "3.3.3": "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定。"
    "根据{basis}的规定，本机关决定不予公开。",
    "3.3.4": "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害。"
    "根据{basis}的规定，本机关决定不予公开。",
    "3.3.5": "经审查，您申请获取的政府信息属于人事管理、后勤管理、内部工作流程等方面的内部事务信息。"
    "根据{basis}的规定，本机关决定不予公开。",
    "3.3.6": "经审查，您申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、"
    "磋商信函、请示报告等过程性信息。根据{basis}的规定，本机关决定不予公开。",
    "3.3.7": "经审查，您申请获取的政府信息属于行政执法案卷信息。根据{basis}的规定，本机关决定不予公开。",
    "3.3.8": "经审查，您申请获取的信息属于工商、不动产登记资料等，有关法律、行政法规对信息的获取有特别规定。"
    "根据{basis}的规定，请您依照有关法律、行政法规的规定办理。",
    "3.4.1": "经检索查找，本机关不掌握相关政府信息：本机关没有制作或者获取您申请的政府信息，"
    "或者该政府信息不属于本机关负责公开。根据{basis}的规定，特此告知。",
    "3.4.2": "经审查，本机关没有您申请获取的现成信息，需要对现有政府信息进行加工、分析才能形成。"
    "根据{basis}的规定，本机关不予提供。",
    "3.4.3": "本机关已一次性告知您补正申请内容，您补正后的申请内容仍不明确，本机关无法确定您所需的政府信息。"
    "根据{basis}的规定，本机关无法向您提供。",
    "3.5.1": "经审查，您提出的申请实为信访、投诉、举报。根据{basis}的规定，本机关不作为政府信息公开申请处理，"
    "您可以通过信访、投诉、举报等渠道提出。",
    "3.5.2": "经审查，本机关已就您申请获取的政府信息作出答复，您的申请属于重复申请。根据{basis}的规定，"
    "本机关不予重复处理。",
    "3.5.3": "经审查，您申请获取的是政府公报、报刊、书籍等公开出版物。根据{basis}的规定，"
    "您可以通过公开出版发行的渠道获取。",
    "3.5.4": "经审查，您申请公开政府信息的数量、频次明显超过合理范围，本机关要求您说明理由后，"
    "您提出的理由不合理。根据{basis}的规定，本机关不予处理。",
    "3.5.5": "经审查，您要求本机关对已获取的政府信息进行确认或者重新出具。根据{basis}的规定，"
    "本机关不作为政府信息公开申请处理。",
    "3.6.1": "本机关已书面告知您补正申请内容，您无正当理由逾期未补正。根据{basis}的规定，视为您放弃申请，"
    "本机关不再处理该政府信息公开申请。",
    "3.6.2": "本机关已向您发出收费通知，您逾期未缴纳信息处理费。根据{basis}的规定，视为您放弃申请，"
    "本机关不再处理该政府信息公开申请。",
    "3.6.3": "根据{basis}的规定，本机关对您的申请作其他处理，具体如下。",
}


def cite(ground: str) -> str:
    """A stored ground as a citation: "第十四条、第三十六条第（三）项" → "《条例》第十四条、…"."""
    parts = [p.strip() for p in (ground or "").replace(";", "；").split("；") if p.strip()]
    out: list[str] = []
    for part in parts:
        if part.startswith("第"):
            out.append(SHORT + part)
        elif part == FEE_MEASURES:
            out.append(FEE_MEASURES_FULL)
        else:
            out.append(part)
    return "和".join(out) or SHORT


def decision_sentence(outcome_code: str, ground: str) -> str:
    """The decision paragraph of a reply letter for one outcome."""
    template = DECISIONS.get(outcome_code, "根据{basis}的规定，特此告知。")
    return template.format(basis=cite(ground))


_BARE = re.compile(r"(?<![《\w])条例(?=第)")


def name_regulation_in_full(paragraphs: list[str]) -> list[str]:
    """The first 《条例》 becomes the full title (with "以下简称" when it recurs); a bare
    "条例第…条" (as in help texts) is cited as 《条例》 first."""
    text = _BARE.sub(SHORT, "\n".join(paragraphs))
    if REGULATION in text.split(SHORT, 1)[0]:
        return text.split("\n")  # already named in full before any short mention
    count = text.count(SHORT)
    if count == 0:
        return text.split("\n")
    full = REGULATION + (f"（以下简称{SHORT}）" if count > 1 else "")
    return text.replace(SHORT, full, 1).split("\n")
