"""0001 — the initial schema (a frozen copy of the models as they were; never edit)."""

from __future__ import annotations

import datetime as dt

from peewee import (
    BlobField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

database_proxy = DatabaseProxy()


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class BaseModel(Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class Unit(BaseModel):
    """An administrative body or one of its sub-units (部门, 乡镇街道)."""

    code = CharField(unique=True)  # short local code used in the CLI (--unit CODE)
    name = CharField()
    short_name = CharField(default="")
    kind = CharField(default="部门")  # 政府 / 部门 / 乡镇街道
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="RESTRICT")
    index_prefix = CharField(default="")  # 组织机构代码, 统一社会信用代码 or a local code
    index_pattern = CharField(default="{prefix}/{year}-{serial:05}")
    address = CharField(default="")
    phone = CharField(default="")
    active = BooleanField(default=True)


class User(BaseModel):
    login = CharField(unique=True)
    name = CharField(default="")
    unit = ForeignKeyField(Unit, backref="users", on_delete="RESTRICT")
    roles = CharField(default="officer")  # comma-separated: officer,reviewer,supervisor,admin
    password_hash = CharField()
    active = BooleanField(default=True)
    failed_logins = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    must_change_password = BooleanField(default=False)
    last_login_at = DateTimeField(null=True)
    created_at = DateTimeField(default=_now)


class IndexCounter(BaseModel):
    """Next 索引号 serial per (prefix, year); rows are locked while a number is drawn."""

    prefix = CharField()
    year = IntegerField()
    last_serial = IntegerField(default=0)

    class Meta:
        indexes = ((("prefix", "year"), True),)


class Item(BaseModel):
    """A piece of government information in the register (信息登记)."""

    index_no = CharField(unique=True)
    title = TextField()
    doc_no = CharField(default="")  # 文号
    publisher = CharField(default="")  # 发布机构 as printed
    unit = ForeignKeyField(Unit, backref="items", on_delete="RESTRICT")
    formed_on = DateField(null=True)  # 成文日期
    published_on = DateField(null=True)  # 发布日期
    disclosure = CharField(default="主动公开")  # 公开属性
    withhold_ground = CharField(default="")  # legal ground code when not 主动公开
    withhold_reason = TextField(default="")
    topic = CharField(default="")  # 主题分类 "class\\sub"
    genre = CharField(default="")  # 体裁
    secrecy = CharField(default="非密")  # 密级
    validity = CharField(default="有效")  # 有效性
    repealed_on = DateField(null=True)
    repealed_by = CharField(default="")
    validity_reviewed_on = DateField(null=True)
    changed_on = DateField(null=True)  # last substantive change (Art. 26 clock)
    keywords = CharField(default="")
    summary = TextField(default="")
    body = TextField(default="")
    channels = CharField(default="")  # 公开方式/渠道, comma-separated
    status = CharField(default="草稿")  # review workflow status
    related = ForeignKeyField("self", null=True, backref="interpretations", on_delete="SET NULL")
    created_by = ForeignKeyField(User, null=True, backref="items", on_delete="SET NULL")
    created_at = DateTimeField(default=_now)
    updated_at = DateTimeField(default=_now)
    version = IntegerField(default=1)
    import_batch = CharField(null=True, index=True)

    class Meta:
        indexes = (
            (("unit", "published_on"), False),
            (("status",), False),
            (("formed_on",), False),
        )


class Attachment(BaseModel):
    item = ForeignKeyField(Item, backref="attachments", on_delete="CASCADE")
    filename = CharField()
    size = IntegerField(default=0)
    data = BlobField(null=True)
    text = TextField(default="")
    added_at = DateTimeField(default=_now)


class ItemReview(BaseModel):
    """One pass of the pre-publication review (保密审查) of an item."""

    item = ForeignKeyField(Item, backref="reviews", on_delete="CASCADE")
    submitted_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    submitted_at = DateTimeField(default=_now)
    reviewer = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="reviews_done")
    decided_at = DateTimeField(null=True)
    decision = CharField(default="")  # "" pending / approved / returned
    comment = TextField(default="")


class ScanFinding(BaseModel):
    item = ForeignKeyField(Item, backref="findings", on_delete="CASCADE")
    review = ForeignKeyField(ItemReview, null=True, backref="findings", on_delete="CASCADE")
    source = CharField(default="body")  # body / attachment filename
    kind = CharField()
    severity = CharField()
    start = IntegerField()
    end = IntegerField()
    text = CharField()
    masked = CharField(default="")
    resolved = BooleanField(default=False)
    override_reason = TextField(default="")


class Coordination(BaseModel):
    """A confirmation requested from another body before publication (条例 Art. 11)."""

    item = ForeignKeyField(Item, backref="coordinations", on_delete="CASCADE")
    body_name = CharField()
    requested_on = DateField(null=True)
    answered_on = DateField(null=True)
    answer = CharField(default="待复")  # 待复 / 同意 / 不同意
    note = TextField(default="")


class Application(BaseModel):
    """A public application for government information (依申请公开)."""

    reg_no = CharField(unique=True)
    unit = ForeignKeyField(Unit, backref="applications", on_delete="RESTRICT")
    serial_year = IntegerField()
    serial = IntegerField()
    received_on = DateField()
    channel = CharField()
    applicant_type = CharField()  # natural_person / commercial / …
    applicant_name = CharField()
    id_number = CharField(default="")
    contact_phone = CharField(default="")
    address = CharField(default="")
    email = CharField(default="")
    content = TextField(default="")
    requested_form = CharField(default="")
    delivery = CharField(default="")
    status = CharField(default="registered")
    correction_requested_on = DateField(null=True)
    correction_received_on = DateField(null=True)
    extended = BooleanField(default=False)
    extension_approver = CharField(default="")
    extension_on = DateField(null=True)
    fee_method = CharField(default="")  # "" / per_application / per_page
    fee_amount = DecimalField(max_digits=12, decimal_places=2, default=0)
    fee_paid_on = DateField(null=True)
    outcome_code = CharField(default="")
    outcome_ground = TextField(default="")
    replied_on = DateField(null=True)
    archived_on = DateField(null=True)
    note = TextField(default="")
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=_now)
    version = IntegerField(default=1)
    import_batch = CharField(null=True, index=True)

    class Meta:
        indexes = (
            (("unit", "serial_year", "serial"), True),
            (("received_on",), False),
            (("replied_on",), False),
            (("applicant_name",), False),
        )


class ApplicationCounter(BaseModel):
    unit = ForeignKeyField(Unit, on_delete="CASCADE")
    year = IntegerField()
    kind = CharField(default="application")  # application / letter
    last_serial = IntegerField(default=0)

    class Meta:
        indexes = ((("unit", "year", "kind"), True),)


class ApplicationEvent(BaseModel):
    """A dated, attributed step in a case file (补正, pause, extension, fee, reply, archive…)."""

    application = ForeignKeyField(Application, backref="events", on_delete="CASCADE")
    kind = CharField()
    on = DateField()
    end_on = DateField(null=True)  # for pauses
    detail = TextField(default="")
    actor = ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=_now)


class Letter(BaseModel):
    application = ForeignKeyField(Application, backref="letters", on_delete="CASCADE")
    kind = CharField()
    number = CharField()
    issued_on = DateField()
    created_at = DateTimeField(default=_now)


class Appeal(BaseModel):
    """行政复议 / 行政诉讼 about a disclosure decision."""

    application = ForeignKeyField(Application, null=True, backref="appeals", on_delete="SET NULL")
    unit = ForeignKeyField(Unit, backref="appeals", on_delete="RESTRICT")
    kind = CharField()  # review / litigation_direct / litigation_after_review
    filed_on = DateField()
    result = CharField(default="")  # "" / upheld / corrected / other
    concluded_on = DateField(null=True)
    note = TextField(default="")


class StatEntry(BaseModel):
    """统计台账: decision counts and fee amounts per unit and period."""

    unit = ForeignKeyField(Unit, backref="stats", on_delete="RESTRICT")
    year = IntegerField()
    period = CharField()  # "M01".."M12" or "Q1".."Q4"
    licensing = IntegerField(default=0)
    penalty = IntegerField(default=0)
    coercion = IntegerField(default=0)
    fees_yuan = DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        indexes = ((("unit", "year", "period"), True),)


class Holiday(BaseModel):
    """Administrator's override of the national calendar (休 / 班)."""

    day = DateField(unique=True)
    is_workday = BooleanField()
    name = CharField(default="")


class ReportYear(BaseModel):
    year = IntegerField()
    unit = ForeignKeyField(Unit, null=True, on_delete="CASCADE")
    narratives = TextField(default="{}")  # JSON: {"一": text, "五": text, "六": text}
    locked = BooleanField(default=False)
    locked_by = CharField(default="")
    locked_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("year", "unit"), True),)


class ScanKeyword(BaseModel):
    unit = ForeignKeyField(Unit, null=True, backref="keywords", on_delete="CASCADE")
    word = CharField()
    severity = CharField(default="warn")


class Setting(BaseModel):
    key = CharField(unique=True)
    value = TextField(default="")


class AuditEntry(BaseModel):
    """Append-only log; each entry's hash covers its content and the previous entry's hash."""

    ts = CharField()
    user_login = CharField(default="")
    action = CharField()
    table_name = CharField(default="")
    record_id = CharField(default="")
    before = TextField(default="")
    after = TextField(default="")
    prev_hash = CharField()
    hash = CharField()


class AuditHead(BaseModel):
    """Single row holding the chain's tip; locking it serialises writers on PostgreSQL."""

    last_id = IntegerField(default=0)
    last_hash = CharField(default="")


MODELS = [
    Unit,
    User,
    IndexCounter,
    Item,
    Attachment,
    ItemReview,
    ScanFinding,
    Coordination,
    Application,
    ApplicationCounter,
    ApplicationEvent,
    Letter,
    Appeal,
    StatEntry,
    Holiday,
    ReportYear,
    ScanKeyword,
    Setting,
    AuditEntry,
    AuditHead,
]


def up(migrator, db):
    database_proxy.initialize(db)
    db.create_tables(MODELS)
