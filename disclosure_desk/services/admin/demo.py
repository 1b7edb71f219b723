"""Realistic synthetic records so a newcomer sees a living app (and benchmarks have a workload).

Everything is generated from a seeded RNG: the same seed gives the same data set. Rows go in with
bulk inserts inside one transaction; one audit entry records what was generated.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import deque
from collections.abc import Callable
from decimal import Decimal

from disclosure_desk.domain import catalogs, outcomes
from disclosure_desk.domain import vocabulary as V
from disclosure_desk.domain.checkdigits import id_check_char, org_code_check_char
from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.passwords import hash_password
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.domain.scanner import Scanner
from disclosure_desk.domain.workcal import WorkCalendar
from disclosure_desk.i18n import tr
from disclosure_desk.services.applications import cases as docket
from disclosure_desk.services.common.context import change
from disclosure_desk.store import counters, search
from disclosure_desk.store import db as store_db
from disclosure_desk.store.models import (
    Appeal,
    Application,
    ApplicationEvent,
    Attachment,
    Item,
    ItemReview,
    ReportYear,
    ScanFinding,
    StatEntry,
    Unit,
    User,
    database_proxy,
)

Progress = Callable[[int, int, str], bool]
# Known to everyone who reads the README: every demo account must change it at first sign-in.
DEMO_PASSWORD = "Demo@2026desk"

UNIT_NAMES = (
    ("发展和改革局", "发改"),
    ("教育局", "教育"),
    ("民政局", "民政"),
    ("财政局", "财政"),
    ("人力资源和社会保障局", "人社"),
    ("自然资源局", "自然资源"),
    ("生态环境分局", "生态环境"),
    ("住房和城乡建设局", "住建"),
    ("交通运输局", "交通"),
    ("农业农村局", "农业农村"),
    ("水务局", "水务"),
    ("商务局", "商务"),
    ("文化和旅游局", "文旅"),
    ("卫生健康委员会", "卫健"),
    ("应急管理局", "应急"),
    ("市场监督管理局", "市场监管"),
    ("医疗保障局", "医保"),
    ("城市管理局", "城管"),
    ("司法局", "司法"),
    ("退役军人事务局", "退役军人"),
    ("统计局", "统计"),
    ("审计局", "审计"),
    ("科学技术局", "科技"),
)
TOWN_NAMES = (
    "城关街道",
    "东湖街道",
    "西山镇",
    "南坪镇",
    "北塘乡",
    "桥头镇",
    "河口街道",
    "青石镇",
    "白沙街道",
    "龙泉镇",
    "柳林乡",
    "新华街道",
)
SUBJECTS = (
    "城乡居民最低生活保障",
    "老旧小区改造",
    "义务教育招生入学",
    "农村人居环境整治",
    "安全生产专项整治",
    "大气污染防治",
    "高标准农田建设",
    "城市道路养护",
    "医疗保障待遇",
    "就业创业补贴",
    "食品安全监督抽检",
    "优化营商环境",
    "防汛抗旱应急",
    "公共文化服务",
    "重点项目建设",
    "政府信息公开",
    "农村集体经济",
    "垃圾分类",
    "养老服务",
    "住房保障",
    "河长制",
    "消防安全",
    "政务服务",
    "财政预算执行",
    "审计整改",
)
TITLE_TEMPLATES = (
    "关于印发《{s}实施方案》的通知",
    "关于做好{y}年{s}工作的通知",
    "{u}{y}年{s}工作总结",
    "关于{s}有关事项的公告",
    "{u}关于{s}的通报",
    "{y}年{s}情况公示",
    "关于《{s}管理办法》的政策解读",
    "{u}{s}工作计划（{y}年）",
    "关于开展{s}专项检查的通知",
    "{u}关于{s}的意见",
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰春梅海波宁"
# Applicants that are not natural persons, by applicant type (the name fits the type shown).
ORGANISATIONS: dict[str, tuple[str, ...]] = {
    "commercial": (
        "恒达建设工程有限公司",
        "绿源环保科技有限公司",
        "新城房地产开发有限公司",
        "长江物流有限公司",
        "宏图商贸有限公司",
    ),
    "research": ("明德教育研究院", "未来科技研究所", "城市规划设计研究院"),
    "social_welfare": ("爱心公益基金会", "晨光社会工作服务中心", "阳光助残服务中心"),
    "legal_service": ("华信律师事务所", "安泰律师事务所", "公正法律服务所"),
    "other_org": ("山水农业专业合作社", "东湖社区业主委员会", "青山区个体劳动者协会"),
}
COMPANIES = tuple(name for names in ORGANISATIONS.values() for name in names)
REQUESTS = (
    "{y}年{s}的资金使用明细",
    "{s}项目的审批文件",
    "本人房屋所在地块的征收补偿方案",
    "{s}的检查结果及处理决定",
    "{y}年度{s}的政策文件",
    "某路段{s}的招投标文件",
    "{s}相关会议纪要",
    "关于{s}的统计数据",
)


def _org_code(rng: random.Random) -> str:
    body = "".join(rng.choice("0123456789") for _ in range(8))
    return body + org_code_check_char(body)


def _id_number(rng: random.Random) -> str:
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 55))
    first = f"3301{rng.randrange(1, 99):02d}{birth:%Y%m%d}{rng.randrange(0, 999):03d}"
    return first + id_check_char(first)


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _batches(rows: list[dict], size: int = 400):
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def generate(
    actor: Actor,
    *,
    items: int = 2000,
    applications: int = 600,
    units: int = 6,
    seed: int = 2026,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Fill the database with a consistent synthetic data set; returns counts per kind."""
    actor.require("demo.generate")
    if items < 0 or applications < 0 or units < 1:
        raise InputError(tr("演示数据的数量不能为负，单位数至少为 1。"))
    if units > len(UNIT_NAMES) + len(TOWN_NAMES):
        raise InputError(
            tr("演示单位最多 {value} 个。").format(value=len(UNIT_NAMES) + len(TOWN_NAMES))
        )
    rng = random.Random(seed)
    today = today or dt.date.today()
    report = progress or (lambda done, total, label: True)
    root = Unit.select().where(Unit.parent.is_null()).order_by(Unit.id).first()
    if root is None:
        raise InputError(tr("数据库尚未初始化，请先运行 disclosure-desk init。"))
    _require_empty()
    cal = WorkCalendar(assume_weekdays_for_unknown=True)
    years = [today.year - 2, today.year - 1, today.year]

    with change(actor, "demo.generate") as tx:
        unit_rows = _make_units(rng, root, units)
        reviewers = _make_users(unit_rows)
        n_items = _make_items(rng, unit_rows, items, years, today, reviewers, report)
        _record_drafters(unit_rows)
        n_apps = _make_applications(rng, unit_rows, applications, years, today, cal, report)
        n_stats = _make_stats(rng, unit_rows, years, today)
        for y in years[:-1]:
            ReportYear.get_or_create(
                year=y, unit=None, defaults={"narratives": _narratives(root.name, y)}
            )
        summary = {"单位": len(unit_rows), "信息": n_items, "申请": n_apps, "统计台账": n_stats}
        tx.audit("demo.generate", "", "", None, {"seed": seed, **summary})
        tx.touch("unit", "user", "item", "application", "stat_entry")
    return summary


def _leader_id() -> int | None:
    """The demo's leader account (role supervisor), who approves every demo extension."""
    row = User.get_or_none(User.login == "leader")
    return row.id if row is not None else None


def _require_empty() -> None:
    """Demo data only goes into a database without records of its own (never mixed with real ones)."""
    if Item.select().exists() or Application.select().exists() or StatEntry.select().exists():
        raise InputError(
            tr(
                "数据库中已有信息、申请或统计记录，不能再生成演示数据（演示数据只用于新建的空数据库；如需重新演示，请用 init 另建一个数据库）。"
            )
        )


def _make_units(rng: random.Random, root: Unit, count: int) -> list[Unit]:
    names = [(f"区{n}", s, "部门") for n, s in UNIT_NAMES] + [
        (t, t[:2], "乡镇街道") for t in TOWN_NAMES
    ]
    out = [root]
    existing = {u.name for u in Unit.select(Unit.name)}
    for i, (name, short, kind) in enumerate(names[: max(0, count - 1)]):
        if name in existing:
            out.append(Unit.get(Unit.name == name))
            continue
        out.append(
            Unit.create(
                code=f"U{i + 1:02d}",
                name=name,
                short_name=short,
                kind=kind,
                parent=root,
                index_prefix=_org_code(rng),
            )
        )
    return out


def _make_users(units: list[Unit]) -> dict[int, int]:
    """One officer and one reviewer per unit plus a supervisor; returns unit id → reviewer id."""
    pw = hash_password(DEMO_PASSWORD)
    reviewers: dict[int, int] = {}
    if not User.select().where(User.login == "leader").exists():
        User.create(
            login="leader",
            name="周主任",
            unit=units[0],
            roles="supervisor",
            password_hash=pw,
            must_change_password=True,
        )
    for u in units:
        for role, prefix, label in (
            ("officer", "officer", "信息员"),
            ("reviewer", "reviewer", "审核员"),
        ):
            login = f"{prefix}{u.id:02d}"
            user = User.get_or_none(User.login == login) or User.create(
                login=login,
                name=f"{u.short_name or u.name}{label}",
                unit=u,
                roles=role,
                password_hash=pw,
                must_change_password=True,
            )
            if role == "reviewer":
                reviewers[u.id] = user.id
    return reviewers


def _record_drafters(units: list[Unit]) -> None:
    """Each unit's 信息员 drafted and submitted its items (the review view names the 起草人)."""
    for u in units:
        officer = User.get_or_none(User.login == f"officer{u.id:02d}")
        if officer is None:
            continue
        Item.update(created_by=officer.id).where(
            (Item.unit == u.id) & Item.created_by.is_null()
        ).execute()
        ItemReview.update(submitted_by=officer.id).where(
            ItemReview.submitted_by.is_null()
            & ItemReview.item.in_(Item.select(Item.id).where(Item.unit == u.id))
            & (ItemReview.decision != V.DECISION_HISTORICAL)
        ).execute()


ATTRS = tuple(code for code, _ in V.DISCLOSURES)  # 主动公开, 依申请公开, 不予公开 (as codes)


def _make_items(rng, units, count, years, today, reviewers, report) -> int:
    topics, genres = catalogs.TOPIC_NAMES, catalogs.GENRES
    grounds = [g for g in outcomes.WITHHOLD_GROUNDS]
    # Rows are generated and inserted in chunks so memory stays flat at district scale; the
    # random draws happen in the same order as building everything first, so a seed still
    # gives the same data.
    stream = _ItemStream(count, reviewers, report)
    for i in range(count):
        unit = units[i % len(units)] if i < len(units) * 3 else rng.choice(units)
        year = rng.choice(years)
        formed = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(0, 365))
        if formed > today:
            formed = today - dt.timedelta(days=rng.randrange(0, 200))
        # Cycle through every topic / genre / attribute first so each appears at least once.
        topic = topics[i] if i < len(topics) else rng.choice(topics)
        genre = genres[i % len(genres)] if i < len(genres) * 2 else rng.choice(genres)
        attr = ATTRS[i % 3] if i < 30 else rng.choices(ATTRS, weights=(82, 11, 7))[0]
        status = rng.choices(
            (V.PUBLISHED, V.DRAFT, V.PENDING, V.APPROVED, V.RETURNED, V.WITHDRAWN),
            weights=(80, 5, 5, 4, 3, 3),
        )[0]
        if attr != V.PROACTIVE:
            status = rng.choice((V.DRAFT, V.APPROVED))
        if status in (V.PENDING, V.RETURNED):
            # Work in progress is mostly recent: nobody leaves a review waiting for years.
            formed = today - dt.timedelta(days=rng.randrange(1, 45))
        published = None
        if status in (V.PUBLISHED, V.WITHDRAWN):
            published = min(today, formed + dt.timedelta(days=rng.randrange(1, 40)))
        subject = rng.choice(SUBJECTS)
        title = rng.choice(TITLE_TEMPLATES).format(
            s=subject, y=formed.year, u=unit.short_name or unit.name
        )
        validity = rng.choices(catalogs.VALIDITY, weights=(85, 9, 6))[0]
        repealed_on = None
        if validity == "废止":
            repealed_on = min(today, formed + dt.timedelta(days=rng.randrange(100, 700)))
        ground = rng.choice(grounds) if attr != V.PROACTIVE else None
        body = (
            f"为进一步做好{subject}工作，根据有关法律法规和上级部署，结合本地实际，现就有关事项通知如下。"
            f"一、工作目标。到{formed.year}年底，{subject}各项任务全面完成。二、主要措施。"
            f"各单位要明确责任分工，加强统筹协调，确保政策落实到位。三、保障措施。加强组织领导，"
            f"强化督促检查，及时公开工作进展，主动接受社会监督。"
        )
        if status == V.PENDING and rng.random() < 0.5:
            # Drafts waiting for review sometimes still carry personal data: the review view shows it.
            body += (
                f"附：困难群众名单。户主：{_person(rng)}，身份证号：{_id_number(rng)}，"
                f"联系电话：13{rng.randrange(0, 10)}{rng.randrange(10000000, 99999999)}。"
            )
        stream.add(
            dict(
                unit=unit.id,
                _prefix=unit.index_prefix or "000000000",
                _year=(published or formed).year,
                title=title,
                doc_no=f"{unit.short_name or '区政府'}发〔{formed.year}〕{rng.randrange(1, 120)}号",
                publisher=unit.name,
                formed_on=formed,
                published_on=published,
                disclosure=attr,
                withhold_ground=ground.code if ground else "",
                withhold_reason=f"涉及{ground.label}，依照条例{ground.legal_ground}"
                if ground
                else "",
                topic=topic,
                genre=genre,
                secrecy="非密" if attr != V.WITHHELD or rng.random() < 0.7 else "内部",
                validity=validity,
                repealed_on=repealed_on,
                repealed_by=f"{unit.short_name}发〔{repealed_on.year}〕{rng.randrange(1, 99)}号"
                if repealed_on
                else "",
                validity_reviewed_on=formed + dt.timedelta(days=rng.randrange(0, 300))
                if rng.random() < 0.6
                else None,
                keywords=f"{subject},{genre}",
                summary=f"{title}。主要内容涉及{subject}。",
                body=body,
                channels="政府网站" if published else "",
                status=status,
                created_at=dt.datetime.combine(formed, dt.time(9, 0)),
                updated_at=dt.datetime.combine(formed, dt.time(9, 0)),
            )
        )
    return stream.finish(rng)


class _ItemStream:
    """Inserts generated items chunk by chunk, keeping only what the later steps need: the few
    items that get an attachment (their search rows wait for its text) and the last 3,000
    (reviews and scanner findings)."""

    CHUNK = 4000
    REVIEWED = 3000

    def __init__(self, count: int, reviewers: dict[int, int], report: Progress) -> None:
        self.count, self.reviewers, self.report = count, reviewers, report
        self.pending: list[dict] = []
        self.done = 0
        self.with_attachment: list[tuple[int, dict]] = []  # (item id, row) of every 100th item
        self.tail: deque[tuple[int, dict]] = deque(maxlen=self.REVIEWED)

    def add(self, row: dict) -> None:
        self.pending.append(row)
        if len(self.pending) >= self.CHUNK:
            self._flush()

    def _flush(self) -> None:
        rows, self.pending = self.pending, []
        if not rows:
            return
        # Index numbers per (prefix, year), drawn in one block per key and chunk.
        by_key: dict[tuple[str, int], list[dict]] = {}
        for row in rows:
            by_key.setdefault((row.pop("_prefix"), row.pop("_year")), []).append(row)
        for (prefix, year), keyed in by_key.items():
            first = counters.reserve(prefix, year, len(keyed))
            for k, row in enumerate(keyed):
                row["index_no"] = f"{prefix}/{year}-{first + k:05d}"
        for chunk in _batches(rows):
            Item.insert_many(chunk).execute()
        p = "?" if _is_sqlite() else "%s"
        new_ids = sorted(
            r[0]
            for r in database_proxy.obj.execute_sql(
                f"SELECT id FROM item ORDER BY id DESC LIMIT {p}", (len(rows),)
            ).fetchall()
        )
        search_rows = []
        for k, (item_id, r) in enumerate(zip(new_ids, rows, strict=True), start=self.done):
            if k % 100 == 7:  # gets an attachment: its search row waits for the text
                self.with_attachment.append((item_id, r))
            else:
                search_rows.append(dict(item_id=item_id, text=_search_text(r, "")))
            self.tail.append((item_id, r))
        for chunk in _batches(search_rows, 500):
            search.insert_new(chunk)
        self.done += len(rows)
        if not self.report(self.done, self.count, "信息"):
            raise InputError(tr("已取消。"))

    def finish(self, rng: random.Random) -> int:
        self._flush()
        # Every 100th item carries a small text attachment, so search and the scanner see
        # attachment text.
        attachments = []
        search_rows = []
        for i, r in self.with_attachment:
            text = (
                f"附件：{r['title']}工作台账。联系人：{_person(rng)}，联系电话：0571-8{rng.randrange(1000000, 9999999)}。"
                f"附表列出{rng.randrange(3, 40)}个项目的进度安排。"
            )
            attachments.append(
                dict(
                    item=i,
                    filename="附件1.txt",
                    size=len(text.encode("utf-8")),
                    data=text.encode("utf-8"),
                    text=text,
                )
            )
            search_rows.append(dict(item_id=i, text=_search_text(r, text)))
        for chunk in _batches(attachments, 200):
            Attachment.insert_many(chunk).execute()
        for chunk in _batches(search_rows, 500):
            search.insert_new(chunk)
        review_rows = []
        for item_id, r in self.tail:
            reviewer = self.reviewers.get(r["unit"])
            if r["status"] in (V.PUBLISHED, V.APPROVED, V.WITHDRAWN):
                review_rows.append(
                    dict(
                        item=item_id,
                        reviewer=reviewer,
                        decision="approved",
                        decided_at=r["created_at"] + dt.timedelta(days=1),
                        comment="经审查，可以公开。",
                        submitted_at=r["created_at"],
                    )
                )
            elif r["status"] == V.RETURNED:
                review_rows.append(
                    dict(
                        item=item_id,
                        reviewer=reviewer,
                        decision="returned",
                        decided_at=r["created_at"] + dt.timedelta(days=1),
                        comment="正文含个人手机号码，请去标识化后重新提交。",
                        submitted_at=r["created_at"],
                    )
                )
            elif r["status"] == V.PENDING:
                review_rows.append(dict(item=item_id, decision="", submitted_at=r["created_at"]))
        for chunk in _batches(review_rows):
            ItemReview.insert_many(chunk).execute()
        _gate_consistent(self.reviewers)
        _scan_pending({item_id: r["body"] for item_id, r in self.tail})
        return self.done


def _gate_consistent(reviewers: dict[int, int]) -> None:
    """Make the demo obey the publication gate (§4.1): an approved item's latest review covers
    its current content (hash), and a published or withdrawn item that got no review above
    stands on one marked 历史导入 — as if the register had been adopted with its history."""
    from disclosure_desk.domain import review_workflow as wf
    from disclosure_desk.services.items import gate as items_gate

    approved = list(
        Item.select(Item.id, Item.unit, Item.title, Item.body, Item.created_at).where(
            Item.status == wf.APPROVED
        )
    )
    new_rows = []
    for item in approved:
        digest = items_gate.current_hash(item)
        n = (
            ItemReview.update(content_hash=digest)
            .where((ItemReview.item == item.id) & (ItemReview.decision == wf.DECISION_APPROVED))
            .execute()
        )
        if not n:
            new_rows.append(
                dict(
                    item=item.id,
                    reviewer=reviewers.get(item.unit_id),
                    decision=wf.DECISION_APPROVED,
                    content_hash=digest,
                    submitted_at=item.created_at,
                    decided_at=item.created_at + dt.timedelta(days=1),
                    comment="经审查，可以公开。",
                )
            )
    for chunk in _batches(new_rows):
        ItemReview.insert_many(chunk).execute()
    reviewed = ItemReview.select(ItemReview.item).where(ItemReview.decision == wf.DECISION_APPROVED)
    rows = [
        dict(
            item=item_id,
            decision=wf.DECISION_HISTORICAL,
            submitted_at=created,
            decided_at=created,
            comment="演示数据：历史导入的已发布信息。",
        )
        for item_id, created in Item.select(Item.id, Item.created_at)
        .where(Item.status.in_([wf.PUBLISHED, wf.WITHDRAWN]) & Item.id.not_in(reviewed))
        .tuples()
    ]
    for chunk in _batches(rows):
        ItemReview.insert_many(chunk).execute()


def _search_text(r: dict, attachment_text: str) -> str:
    parts = (r["title"], r["doc_no"], r["keywords"], r["summary"], r["body"], attachment_text)
    return "\n".join(p for p in parts if p)


def _scan_pending(bodies: dict[int, str]) -> None:
    """Store scanner findings for the reviews that are waiting, as a real submission would."""
    scanner = Scanner()
    rows = []
    pending = ItemReview.select(ItemReview.id, ItemReview.item).where(
        (ItemReview.decision == "") & ItemReview.item.in_(list(bodies))
    )
    for review_id, item_id in pending.tuples():
        for f in scanner.scan(bodies[item_id]):
            rows.append(
                dict(
                    item=item_id,
                    review=review_id,
                    source="body",
                    kind=f.kind,
                    severity=f.severity,
                    start=f.start,
                    end=f.end,
                    text=f.text,
                    masked=f.masked,
                )
            )
    for chunk in _batches(rows):
        ScanFinding.insert_many(chunk).execute()


def _is_sqlite() -> bool:
    return store_db.is_sqlite()


def _make_applications(rng, units, count, years, today, cal, report) -> int:
    codes = outcomes.OUTCOME_CODES
    types = outcomes.APPLICANT_TYPE_CODES
    channels = ("当面", "邮寄", "平常信函", "网络", "传真", "电子邮件", "口头")
    planned, events = [], []
    serials: dict[tuple[int, int], int] = {}
    for i in range(count):
        unit = rng.choice(units)
        year = years[i % len(years)] if i < 60 else rng.choice(years)
        start = dt.date(year, 1, 1)
        span = (min(today, dt.date(year, 12, 31)) - start).days
        received = start + dt.timedelta(days=rng.randrange(0, max(1, span + 1)))
        atype = (
            types[i % len(types)] if i < 60 else rng.choices(types, weights=(70, 12, 3, 4, 6, 5))[0]
        )
        name = _person(rng) if atype == "natural_person" else rng.choice(ORGANISATIONS[atype])
        corrected = None
        if rng.random() < 0.08:
            corrected = cal.nth_workday_after(received, rng.randrange(3, 10))
        extended = rng.random() < 0.07
        outcome = (
            codes[i % len(codes)]
            if i < len(codes) * 2
            else rng.choices(codes, weights=[30, 10] + [1] * 8 + [12, 3, 1] + [1] * 5 + [1, 1, 1])[
                0
            ]
        )
        reply = cal.nth_workday_after(
            corrected or received, rng.randrange(3, 20 if not extended else 35)
        )
        pending = reply > today
        key = (unit.id, received.year)
        serials[key] = serials.get(key, 0) + 1
        serial = serials[key]
        fee = Decimal(0)
        if rng.random() < 0.01:
            fee = Decimal(rng.choice((100, 200, 700, 4700)))
        # Consultation pauses (Art. 32/34) before the reply; a pending case may still be waiting.
        consult = None
        if rng.random() < 0.06:
            c_start = cal.nth_workday_after(corrected or received, 2)
            c_end = cal.nth_workday_after(c_start, rng.randrange(3, 12))
            if pending and c_start <= today:
                consult = (c_start, c_end if c_end <= today and rng.random() < 0.5 else None)
            elif not pending and c_end < reply:
                consult = (c_start, c_end)
        status = "registered" if pending else ("archived" if rng.random() < 0.6 else "replied")
        if consult and consult[1] is None:
            status = "consulting"
        planned.append(
            dict(
                reg_no=f"{unit.short_name or '区政府'}申〔{received.year}〕{serial}号",
                unit=unit.id,
                serial_year=received.year,
                serial=serial,
                received_on=received,
                channel=channels[i % len(channels)] if i < 14 else rng.choice(channels),
                applicant_type=atype,
                applicant_name=name,
                id_number=_id_number(rng) if atype == "natural_person" else "",
                contact_phone=f"13{rng.randrange(0, 10)}{rng.randrange(10000000, 99999999)}",
                content=rng.choice(REQUESTS).format(y=received.year - 1, s=rng.choice(SUBJECTS)),
                requested_form=rng.choice(("纸质", "电子邮件", "光盘")),
                delivery=rng.choice(("邮寄", "自行领取", "电子邮件")),
                status=status,
                _consult=consult,
                correction_requested_on=cal.nth_workday_after(received, 3) if corrected else None,
                correction_received_on=corrected,
                extended=extended,
                extension_approver="周主任" if extended else "",
                extension_approved_by=_leader_id() if extended else None,
                extension_on=cal.nth_workday_after(received, 15) if extended else None,
                fee_method="per_page" if fee else "",
                fee_amount=fee,
                fee_pages={100: 40, 200: 50, 700: 100, 4700: 250}.get(int(fee)) if fee else None,
                fee_collected=fee if fee and not pending else Decimal(0),
                fee_paid_on=reply if fee and not pending else None,
                outcome_code="" if pending else outcome,
                outcome_ground="" if pending else outcomes.outcome_by_code(outcome).legal_ground,
                replied_on=None if pending else reply,
                archived_on=reply if status == "archived" else None,
                created_at=dt.datetime.combine(received, dt.time(10, 0)),
            )
        )
    consults = {p["reg_no"]: p.pop("_consult") for p in planned}
    done = 0
    for chunk in _batches(planned, 300):
        Application.insert_many(chunk).execute()
        done += len(chunk)
        if not report(done, len(planned), "申请"):
            raise InputError(tr("已取消。"))
    for (unit_id, year), last in serials.items():
        counters.reserve_case(unit_id, year, "application", last)
    ids = {r[0]: r[1] for r in Application.select(Application.reg_no, Application.id).tuples()}
    appeals = []
    for p in planned:
        app_id = ids[p["reg_no"]]
        events.append(
            dict(
                application=app_id,
                kind="receipt",
                on=p["received_on"],
                detail=docket.RECEIVED.format(channel=p["channel"]),
            )
        )
        if p["correction_received_on"]:
            events.append(
                dict(
                    application=app_id,
                    kind="correction_requested",
                    on=p["correction_requested_on"],
                    detail=docket.CORRECTION_NOTICE,
                )
            )
            events.append(
                dict(
                    application=app_id,
                    kind="correction_received",
                    on=p["correction_received_on"],
                    detail=docket.CORRECTION_RECEIVED,
                )
            )
        consult = consults[p["reg_no"]]
        if consult:
            body = rng.choice(COMPANIES)
            events.append(
                dict(
                    application=app_id,
                    kind="consultation_start",
                    on=consult[0],
                    end_on=consult[1],
                    party="third_party",
                    counterpart=body,
                    detail=docket.CONSULTATION.format(
                        party=docket.PAUSE_PARTIES["third_party"], name=body
                    ),
                )
            )
            if consult[1]:
                events.append(
                    dict(
                        application=app_id,
                        kind="consultation_end",
                        on=consult[1],
                        party="third_party",
                        detail="收到第三方书面意见",
                    )
                )
        if p["extended"]:
            events.append(
                dict(
                    application=app_id,
                    kind="extension",
                    on=p["extension_on"],
                    detail=docket.EXTENSION.format(approver="周主任"),
                )
            )
        if p["fee_paid_on"]:
            notice = cal.nth_workday_after(p["correction_received_on"] or p["received_on"], 1)
            notice = min(notice, p["fee_paid_on"])
            events.append(
                dict(
                    application=app_id,
                    kind="fee_notice",
                    on=notice,
                    end_on=p["fee_paid_on"],
                    detail=f"按量计收：{p['fee_pages']} 页，合计 {int(p['fee_amount']):,} 元",
                )
            )
            events.append(
                dict(
                    application=app_id,
                    kind="fee_paid",
                    on=p["fee_paid_on"],
                    detail=docket.FEE_PAID.format(amount=f"{p['fee_amount']:,.2f}"),
                )
            )
        if p["replied_on"]:
            label = outcomes.outcome_by_code(p["outcome_code"]).label
            events.append(
                dict(
                    application=app_id,
                    kind="reply",
                    on=p["replied_on"],
                    detail=f"{p['outcome_code']} {label}",
                )
            )
        if p["archived_on"]:
            events.append(
                dict(
                    application=app_id, kind="archive", on=p["archived_on"], detail=docket.ARCHIVED
                )
            )
            if p["outcome_code"] in ("3.3.1", "3.3.4", "3.3.6", "3.4.1") and rng.random() < 0.15:
                filed = p["replied_on"] + dt.timedelta(days=rng.randrange(10, 55))
                if filed <= today:
                    kind = rng.choice(
                        ("review", "review", "litigation_direct", "litigation_after_review")
                    )
                    concluded = filed + dt.timedelta(days=rng.randrange(30, 200))
                    appeals.append(
                        dict(
                            application=app_id,
                            unit=p["unit"],
                            kind=kind,
                            filed_on=filed,
                            result=""
                            if concluded > today
                            else rng.choice(("upheld", "upheld", "corrected", "other")),
                            concluded_on=None if concluded > today else concluded,
                        )
                    )
    for ev in events:  # one column set for the bulk insert
        ev.setdefault("end_on", None)
        ev.setdefault("party", "")
    for chunk in _batches(events, 500):
        ApplicationEvent.insert_many(chunk).execute()
    for chunk in _batches(appeals):
        Appeal.insert_many(chunk).execute()
    return len(planned)


def _make_stats(rng, units, years, today) -> int:
    rows = []
    for u in units:
        for y in years:
            for m in range(1, 13):
                if dt.date(y, m, 1) > today:
                    break
                if (
                    StatEntry.select()
                    .where(
                        (StatEntry.unit == u.id)
                        & (StatEntry.year == y)
                        & (StatEntry.period == f"M{m:02d}")
                    )
                    .exists()
                ):
                    continue
                rows.append(
                    dict(
                        unit=u.id,
                        year=y,
                        period=f"M{m:02d}",
                        licensing=rng.randrange(0, 40),
                        penalty=rng.randrange(0, 12),
                        coercion=rng.randrange(0, 3),
                        fees_yuan=Decimal(rng.randrange(0, 50000)),
                    )
                )
    for chunk in _batches(rows):
        StatEntry.insert_many(chunk).execute()
    return len(rows)


def _narratives(agency: str, year: int) -> str:
    import json

    return json.dumps(
        {
            "一": f"{year}年，{agency}坚持以人民为中心的发展思想，认真贯彻落实《中华人民共和国政府信息公开条例》，"
            "围绕主动公开、依申请公开、政府信息管理、平台建设和监督保障等方面扎实推进政务公开工作。",
            "五": "存在的主要问题：部分单位信息发布不够及时，政策解读形式较为单一。改进措施：加强业务培训，"
            "健全发布前审查机制，丰富图表、音视频等解读形式。",
            "六": "本年度按照《政府信息公开信息处理费管理办法》收取信息处理费情况见下文。",
        },
        ensure_ascii=False,
    )
