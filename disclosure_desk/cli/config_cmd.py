"""`config` command: show this workstation's folders and connection, or save the connection."""

from __future__ import annotations

from disclosure_desk.i18n import tr


def register(sub) -> None:
    p = sub.add_parser(
        "config", help=tr("查看本机的数据、配置、日志目录和所用数据库，或保存数据库连接")
    )
    p.add_argument(
        "--set-db",
        metavar="DB",
        help=tr(
            "把数据库写入本机配置文件：SQLite 文件路径、postgresql://用户@主机/库名?sslmode=…"
            "（不含密码）或 service=服务名"
        ),
    )
    p.set_defaults(func=cmd_config)


def cmd_config(args) -> int:
    from disclosure_desk.services.common import workstation

    if args.set_db:
        path = workstation.save_connection(args.set_db)
        print(tr("已写入配置文件 {path}").format(path=path))
    w = workstation.where(args.db)
    print(tr("数据库：{database}（来自{source}）").format(database=w.database, source=w.source))
    print(tr("数据目录：{data}").format(data=w.data))
    print(tr("配置目录：{config}").format(config=w.config))
    print(tr("日志目录：{log}").format(log=w.log))
    print(tr("配置文件（依次查找）：") + "；".join(str(p) for p in w.config_files))
    return 0
