"""User-facing text: Simplified Chinese by default, English when asked.

Strings are written in Chinese in the code and looked up here for English. Statutory labels
(report rows, outcome names) never pass through this module: they are legal text.
"""
from __future__ import annotations

import os

_LANG = os.environ.get("DISCLOSURE_DESK_LANG", "zh_CN")

EN: dict[str, str] = {
    "政务公开台账": "Disclosure Desk",
    "首页": "Dashboard",
    "信息登记": "Information register",
    "发布审查": "Pre-publication review",
    "依申请公开": "Applications",
    "报表": "Reports",
    "设置": "Settings",
    "登录": "Sign in",
    "用户名": "User name",
    "密码": "Password",
    "取消": "Cancel",
    "确定": "OK",
    "退出": "Quit",
    "刷新": "Refresh",
    "搜索": "Search",
    "待办事项": "To-dos",
    "单位": "Unit",
    "标题": "Title",
    "索引号": "Index no.",
    "发布日期": "Published",
    "成文日期": "Formed",
    "状态": "Status",
    "当前用户": "Signed in as",
    "数据库": "Database",
    "帮助": "Help",
    "文件": "File",
    "视图": "View",
    "关于": "About",
    "备份数据库": "Back up database",
    "恢复备份": "Restore backup",
    "审计日志": "Audit log",
    "校验审计日志": "Verify audit log",
    "用户与单位": "Users and units",
    "节假日": "Holidays",
    "申请编号": "Application no.",
    "收到日期": "Received",
    "申请人": "Applicant",
    "办理时限": "Deadline",
    "办理结果": "Outcome",
    "年度报告": "Annual report",
    "季度汇总": "Quarterly summary",
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


def tr(text: str) -> str:
    if _LANG == "en":
        return EN.get(text, text)
    return text
