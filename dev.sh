#!/usr/bin/env bash
# Newcomer's entry point: `./dev.sh start [--demo]` sets up and opens the app; `./dev.sh test` runs lint + tests.
set -euo pipefail
cd "$(dirname "$0")"
VENV="${DISCLOSURE_DESK_VENV:-.venv}"
PY="${PYTHON:-python3}"

setup_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
  fi
  local stamp="$VENV/.installed"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
    "$VENV/bin/python" -m pip install -q -e '.[test]'
    touch "$stamp"
  fi
}

cmd_start() {
  setup_venv
  local demo=0
  for a in "$@"; do [ "$a" = "--demo" ] && demo=1; done
  local dd="$VENV/bin/disclosure-desk"
  local db="${DISCLOSURE_DESK_DB:-$HOME/.local/share/disclosure-desk/disclosure-desk.sqlite3}"
  export DISCLOSURE_DESK_DB="$db"
  if [ ! -s "$db" ]; then
    echo "首次使用：创建数据库 $db（管理员登录名 admin）"
    # One password prompt for init and demo (every command signs in; there is no implicit
    # operator). DISCLOSURE_DESK_PASSWORD, when set, is used instead (scripts, CI).
    local pw="${DISCLOSURE_DESK_PASSWORD:-}"
    if [ -z "$pw" ]; then
      echo "管理员密码：至少 10 个字符，须同时包含字母和数字，不能是常见密码。"
      read -rsp "管理员 admin 的密码：" pw; echo
      local pw2; read -rsp "再次输入：" pw2; echo
      [ "$pw" = "$pw2" ] || { echo "两次输入的密码不一致。"; exit 2; }
    fi
    DISCLOSURE_DESK_PASSWORD="$pw" "$dd" init --agency "${DISCLOSURE_DESK_AGENCY:-青山区人民政府}" --code "${DISCLOSURE_DESK_CODE:-000014349}" --admin admin
    if [ "$demo" = 1 ]; then
      echo "生成演示数据……"
      DISCLOSURE_DESK_PASSWORD="$pw" "$dd" --user admin demo
      local demo_pw
      demo_pw=$("$VENV/bin/python" -c 'from disclosure_desk.services.admin.demo import DEMO_PASSWORD; print(DEMO_PASSWORD)')
      echo "演示账号：officer01 / reviewer01 / leader，初始密码 $demo_pw（首次登录须修改）"
    fi
    unset pw
  fi
  exec "$dd" gui
}

cmd_test() {
  setup_venv
  export QT_QPA_PLATFORM=offscreen
  "$VENV/bin/ruff" check disclosure_desk tests bench tools packaging
  "$VENV/bin/ruff" format --check disclosure_desk tests bench tools packaging
  "$VENV/bin/python" -m mypy  # type check of disclosure_desk/domain ([tool.mypy] in pyproject.toml)
  local pg="${DISCLOSURE_DESK_TEST_PG:-}"
  # First everything on SQLite, then the store/service/concurrency tests again on PostgreSQL.
  env -u DISCLOSURE_DESK_TEST_PG "$VENV/bin/python" -m pytest -q "$@"
  if [ -n "$pg" ]; then
    echo "== 在 PostgreSQL 上再运行 store/services/cli 测试 =="
    DISCLOSURE_DESK_TEST_PG="$pg" "$VENV/bin/python" -m pytest -q tests/store tests/services tests/cli tests/test_concurrency.py tests/test_security_concurrency.py
  else
    echo "(未设置 DISCLOSURE_DESK_TEST_PG：跳过 PostgreSQL 测试)"
  fi
}

cmd_package() {
  # wheel, frozen one-folder build (+ .tar.gz) and .deb into dist/ (packaging/build.sh)
  PYTHON="$PY" packaging/build.sh "$@"
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  test) shift; cmd_test "$@" ;;
  package) shift; cmd_package "$@" ;;
  i18n) shift; setup_venv; "$VENV/bin/python" tools/i18n_catalog.py "${@:-fold}" ;;
  *) echo "用法：./dev.sh start [--demo] | ./dev.sh test [pytest 参数] | ./dev.sh package | ./dev.sh i18n [fold|compile|missing|baseline]"; exit 2 ;;
esac
