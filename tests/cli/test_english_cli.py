"""`--lang en`: the CLI's result lines, errors and argparse mistakes are English; Chinese output
is unchanged without it. Data (titles, unit names) may stay Chinese, sentences may not."""

from __future__ import annotations

import re

import pytest

from disclosure_desk import i18n
from disclosure_desk.cli import main

CJK = re.compile(r"[\u4e00-\u9fff]")


pytestmark = pytest.mark.usefixtures("cli_in_english_then_chinese")


def _db_args(db) -> list[str]:
    return ["--db", db.target.url or str(db.path)]


def test_deadline_lines_are_english(capsys):
    # Received Mon 2025-09-01: working day 7 is Wed 09-10; working day 20 is Sun 09-28 (调休).
    assert main(["--lang", "en", "deadline", "--received", "2025-09-01"]) == 0
    out = capsys.readouterr().out
    assert "Application received: 2025-09-01" in out
    assert "Correction notice due (working day 7): 2025-09-10" in out
    assert "Reply due (working day 20):   2025-09-28" in out
    assert not CJK.search(out)


def test_deadline_with_pause_has_no_chinese(capsys):
    args = ["deadline", "--received", "2025-09-01", "--pause", "2025-09-03", "2025-09-05"]
    assert main(["--lang", "en", *args]) == 0
    out = capsys.readouterr().out
    assert "2025-09-04 Paused (third-party consultation), not counted" in out
    assert not CJK.search(out)


def test_argparse_mistake_is_english_with_lang_en(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--lang", "en", "deadline"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("disclosure-desk: error: the following arguments are required")
    assert not CJK.search(err)


def test_argparse_mistake_stays_chinese_by_default(capsys):
    with pytest.raises(SystemExit):
        main(["deadline"])
    err = capsys.readouterr().err
    assert err == "disclosure-desk: 错误：缺少必填参数: --received（用 --help 查看用法）\n"


def test_database_commands_answer_in_english(db, tmp_path, capsys):
    assert main(["--lang", "en", *_db_args(db), "items", "search", "zzz-none", "--limit", "5"]) == 0
    assert capsys.readouterr().out.strip() == "0 in total."
    code = main(["--lang", "en", *_db_args(db), "applications", "letter", "NO-SUCH", "receipt"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("disclosure-desk: ") and not CJK.search(err)


def test_wrong_password_is_english(db, monkeypatch, capsys):
    monkeypatch.setenv("DISCLOSURE_DESK_PASSWORD", "wrong-password")
    code = main(["--lang", "en", *_db_args(db), "items", "search", "x"])
    assert code != 0
    assert capsys.readouterr().err == "disclosure-desk: Wrong user name or password.\n"


def test_help_texts_follow_lang(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "en", "deadline", "--help"])
    out = capsys.readouterr().out
    assert "extension approved" in out and not CJK.search(out)
    i18n.set_language("zh_CN")
    with pytest.raises(SystemExit):
        main(["deadline", "--help"])
    assert "已批准延期" in capsys.readouterr().out
