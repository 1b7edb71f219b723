"""0007 — the publication gate (PRODUCT.md §4.1).

* ``item_review.content_hash``: SHA-256 of the title, body and attachments a reviewer approved;
  publishing compares it with the item's content now.
* ``item_contributor``: everyone who created, edited or submitted an item (all are drafters),
  filled from the items' creators, the reviews' submitters and the audit log's edits.
* Item statuses and 公开属性 are stored as codes (草稿 → draft, 主动公开 → proactive …).
* Items already 已发布 without an approved review (published under the old rule that a
  发布日期 published an item) get a review marked 历史导入, so every published item stands on a
  review; approved-but-unpublished items get the hash of their current content.

Frozen: plain SQL and local model copies; the hash is computed here exactly as
domain.review_workflow.content_hash does it today.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from peewee import CharField, ForeignKeyField, IntegerField, Model

PUBLISHED = "已发布"
APPROVED_STATUS = "已通过"


def _hash(title: str, body: str, attachments) -> str:
    h = hashlib.sha256()
    for part in (title or "", body or ""):
        data = part.encode("utf-8")
        h.update(len(data).to_bytes(8, "big") + data)
    for name, data in attachments:
        raw = (name or "").encode("utf-8")
        digest = hashlib.sha256(bytes(data or b"")).digest()
        h.update(b"A" + len(raw).to_bytes(8, "big") + raw + digest)
    return h.hexdigest()


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("item_review", "content_hash", CharField(default="")),
        # The leader account that approved an application's extension (not free text).
        migrator.add_column("application", "extension_approved_by_id", IntegerField(null=True)),
    )

    class Item(Model):
        class Meta:
            database = db
            table_name = "item"

    class User(Model):
        class Meta:
            database = db
            table_name = "user"

    class ItemContributor(Model):
        item = ForeignKeyField(Item, backref="contributors", on_delete="CASCADE")
        user = ForeignKeyField(User, backref="contributions", on_delete="CASCADE")
        role = CharField(default="edited")

        class Meta:
            database = db
            table_name = "item_contributor"
            indexes = ((("item", "user", "role"), True),)

    db.create_tables([ItemContributor])
    p = "?" if _is_sqlite(db) else "%s"
    db.execute_sql(
        "INSERT INTO item_contributor (item_id, user_id, role) SELECT id, created_by_id, "
        "'created' FROM item WHERE created_by_id IS NOT NULL"
    )
    db.execute_sql(
        "INSERT INTO item_contributor (item_id, user_id, role) SELECT DISTINCT item_id, "
        "submitted_by_id, 'submitted' FROM item_review WHERE submitted_by_id IS NOT NULL"
    )
    db.execute_sql(
        "INSERT INTO item_contributor (item_id, user_id, role) "
        "SELECT DISTINCT i.id, u.id, 'edited' FROM audit_entry a JOIN \"user\" u "
        "ON u.login = a.user_login JOIN item i ON CAST(i.id AS TEXT) = a.record_id "
        "WHERE a.table_name = 'item' AND a.action IN "
        "('item.edit', 'item.attachment_add', 'item.attachment_remove', 'item.mask')"
    )
    now = dt.datetime.now().replace(microsecond=0)
    # Published under the old rule: recorded as history, so the register stays consistent.
    rows = db.execute_sql(
        "SELECT i.id, i.created_at FROM item i WHERE i.status = " + p + " AND NOT EXISTS "
        "(SELECT 1 FROM item_review r WHERE r.item_id = i.id AND r.decision = 'approved')",
        (PUBLISHED,),
    ).fetchall()
    for item_id, created in rows:
        db.execute_sql(
            "INSERT INTO item_review (item_id, submitted_at, decided_at, decision, comment, "
            f"content_hash) VALUES ({p}, {p}, {p}, 'historical', {p}, '')",
            (item_id, created or now, now, "升级前已发布（发布日期即发布），按历史导入记录。"),
        )
    # Approved and waiting to be published: the approval covers the content as it is now.
    rows = db.execute_sql(
        f"SELECT id, title, body FROM item WHERE status = {p}", (APPROVED_STATUS,)
    ).fetchall()
    for item_id, title, body in rows:
        atts = db.execute_sql(
            f"SELECT filename, data FROM attachment WHERE item_id = {p} ORDER BY id", (item_id,)
        ).fetchall()
        digest = _hash(title, body, [(n, d) for n, d in atts])
        db.execute_sql(
            f"UPDATE item_review SET content_hash = {p} WHERE id = (SELECT MAX(id) FROM "
            f"item_review WHERE item_id = {p}) AND decision = 'approved'",
            (digest, item_id),
        )
    _recode(db, p)


# One vocabulary (issue 12): the stored prose becomes the codes of domain/vocabulary.py
# (frozen here as they are today).
STATUS_CODES = (
    ("草稿", "draft"),
    ("待审", "pending"),
    ("已通过", "approved"),
    ("已退回", "returned"),
    ("已发布", "published"),
    ("已撤回", "withdrawn"),
)
DISCLOSURE_CODES = (
    ("主动公开", "proactive"),
    ("依申请公开", "on_request"),
    ("不予公开", "withheld"),
)


def _recode(db, p: str) -> None:
    for label, code in STATUS_CODES:
        db.execute_sql(f"UPDATE item SET status = {p} WHERE status = {p}", (code, label))
    for label, code in DISCLOSURE_CODES:
        db.execute_sql(f"UPDATE item SET disclosure = {p} WHERE disclosure = {p}", (code, label))


def _is_sqlite(db) -> bool:
    from peewee import SqliteDatabase

    return isinstance(db, SqliteDatabase)
