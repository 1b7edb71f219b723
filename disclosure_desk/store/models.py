"""peewee models for the whole product: the one schema every capability extends.

Tables change only through numbered migrations in ``store/migrations``; a test checks that a
freshly migrated database has exactly the columns these models declare.
"""

from __future__ import annotations

import datetime as dt

from peewee import (
    JOIN,
    BlobField,
    BooleanField,
    Case,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
    fn,
)

database_proxy = DatabaseProxy()
__all__ = ["JOIN", "Case", "fn"]  # re-exported so services build queries without importing peewee


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
    disclosure = CharField(default="proactive")  # 公开属性: a code of domain.vocabulary
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
    status = CharField(default="draft")  # review workflow status: a code of domain.vocabulary
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
            (("genre",), False),  # 0006 — report indexes
            (("published_on",), False),
            (("created_at",), False),
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
    decision = CharField(
        default=""
    )  # "" pending / approved / returned / recalled / historical / void
    comment = TextField(default="")
    # SHA-256 of title, body and attachments at approval (0007): publish compares it with now.
    content_hash = CharField(default="")


class ItemContributor(BaseModel):
    """Who created, edited or submitted an item's content (0007): every one of them is a
    drafter and may not approve it."""

    item = ForeignKeyField(Item, backref="contributors", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="contributions", on_delete="CASCADE")
    role = CharField(default="edited")  # created / edited / submitted

    class Meta:
        indexes = ((("item", "user", "role"), True),)


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
    extension_approver = CharField(default="")  # the approving account's name, for letters
    # The account (leader role) that approved the extension (0007).
    extension_approved_by = ForeignKeyField(
        User, null=True, on_delete="SET NULL", backref="extensions_approved"
    )
    extension_on = DateField(null=True)
    fee_method = CharField(default="")  # "" / per_application / per_page
    fee_amount = DecimalField(max_digits=12, decimal_places=2, default=0)
    fee_paid_on = DateField(null=True)
    fee_pages = IntegerField(null=True)  # pages provided, for the 按量 fee (migration 0004)
    fee_collected = DecimalField(max_digits=12, decimal_places=2, default=0)  # 0004
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
            (("serial_year",), False),  # 0006
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
    party = CharField(default="")  # consultation pause kind: third_party / other_body (0004)
    # What letters print, stored rather than parsed back out of ``detail`` (0011): the consulted
    # third party or body (consultation_start), the items to correct (correction_requested).
    counterpart = CharField(default="")
    requested = TextField(default="")


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

    class Meta:
        indexes = ((("filed_on",), False),)  # 0006


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


ALL_MODELS: tuple[type[BaseModel], ...] = (
    Unit,
    User,
    IndexCounter,
    Item,
    Attachment,
    ItemReview,
    ItemContributor,
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
)


class ItemSearch(BaseModel):
    """Concatenated searchable text of an item (title, 文号, keywords, summary, body, attachments)."""

    item_id = IntegerField(primary_key=True)
    text = TextField(default="")

    class Meta:
        table_name = "item_search"


ALL_MODELS = ALL_MODELS + (ItemSearch,)


class DutyRule(BaseModel):
    """A disclosure duty as data (0013): the domain rule's fields, config as JSON, versioned."""

    code = CharField(unique=True)
    name = CharField()
    kind = CharField()
    source = TextField(default="")
    config = TextField(default="{}")  # days, day_kind, genres, title_words, period, due days
    active = BooleanField(default=True)
    version = IntegerField(default=1)
    updated_by = CharField(default="")
    updated_at = DateTimeField(default=_now)


class DisclosureProposal(BaseModel):
    """Art. 44: several applicants asked for the same disclosed information; adopt or reject."""

    unit = ForeignKeyField(Unit, backref="proposals", on_delete="RESTRICT")
    key = CharField()  # registration number of the earliest case of the group
    content = TextField(default="")
    case_ids = TextField(default="")  # comma-separated application ids
    applicants = IntegerField(default=0)
    decision = CharField(default="")  # "" / adopt / reject
    reason = TextField(default="")
    item = ForeignKeyField(Item, null=True, on_delete="SET NULL")
    decided_by = CharField(default="")
    decided_on = DateField(null=True)

    class Meta:
        indexes = ((("unit", "key"), True),)


class Handover(BaseModel):
    """A yearly package of published items handed to the archive or the public library (Art. 25)."""

    unit = ForeignKeyField(Unit, null=True, on_delete="RESTRICT")
    year = IntegerField()
    recipient = CharField()
    handed_on = DateField()
    items = IntegerField(default=0)
    files = IntegerField(default=0)
    package_name = CharField(default="")
    package_sha256 = CharField(default="")
    note = TextField(default="")
    recorded_by = CharField(default="")
    created_at = DateTimeField(default=_now)


class TrainingSession(BaseModel):
    """学习培训: a plan or a held session of one unit, with its attendance."""

    unit = ForeignKeyField(Unit, backref="trainings", on_delete="RESTRICT")
    kind = CharField(default="session")  # plan / session
    title = CharField()
    held_on = DateField()
    hours = DecimalField(max_digits=6, decimal_places=1, default=0)
    attendees = IntegerField(default=0)
    attendee_names = TextField(default="")
    note = TextField(default="")
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")

    class Meta:
        indexes = ((("held_on",), False),)


ALL_MODELS = ALL_MODELS + (DutyRule, DisclosureProposal, Handover, TrainingSession)
