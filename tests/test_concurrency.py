"""Several processes writing one SQLite file / one PostgreSQL database at once: every change is
kept, the audit chain stays valid, and no "database is locked" escapes.

Each writer creates units and users, renames one shared unit, registers items (索引号 drawn from
one counter), puts each item through review (submit by the officer, approve by a reviewer) and
registers applications (登记号 from one counter)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from disclosure_desk.services.admin import audit as audit_service
from disclosure_desk.store.models import Application, AuditEntry, Item, ItemReview, Unit, User

WORKER = r"""
import datetime as dt, sys, time
from disclosure_desk.services.applications import cases as applications
from disclosure_desk.services.common import auth, setup
from disclosure_desk.services.items import register as items
from disclosure_desk.services.reviews import decisions as reviews
from disclosure_desk.services.admin import users
from disclosure_desk.services.items.rules import ItemInput
from disclosure_desk.store.models import Unit
target, proc, count, start_at = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
setup.open_target(setup.parse_target(target))
admin = auth.sign_in("admin", "Admin@2026")
reviewer = auth.sign_in("rev", "Secret@123")
root = Unit.get(Unit.code == "ROOT").id
shared = Unit.get(Unit.code == "SHARED").id
while time.time() < start_at:
    time.sleep(0.005)
for i in range(count):
    result, _ = users.create_unit(admin, f"C{proc}x{i}", f"并发单位{proc}-{i}", parent_id=root)
    users.create_user(admin, f"u{proc}x{i}", f"用户{proc}-{i}", result.unit_id, "officer", "Init@2026x")
    users.update_unit(admin, shared, name=f"共享{proc}-{i}")
    item_id, _ = items.create_item(
        admin, ItemInput(title=f"并发信息{proc}-{i}", unit_id=root, genre="通知",
                         formed_on=dt.date(2026, 3, 2))
    )
    reviews.submit(admin, item_id)
    reviews.approve(reviewer, item_id, "同意")
    applications.register(
        admin,
        applications.NewApplication(root, dt.date(2026, 3, 2), "当面", "natural_person",
                                    f"申请人{proc}-{i}"),
    )
setup.close()
print("done", proc)
"""

import pytest  # noqa: E402


@pytest.mark.parametrize(
    ("processes", "per_process"),
    [
        (4, 15),
        pytest.param(8, 60, marks=pytest.mark.slow),
    ],
)
def test_parallel_writers(db, processes, per_process):
    target = db.target.url or str(db.path)
    root = Unit.get(Unit.code == "ROOT").id
    db.unit("SHARED", "共享单位")
    db.user("rev", "reviewer")
    start_at = time.time() + 2.0  # all workers begin writing at the same moment
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCLOSURE_DESK_")}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, target, str(p), str(per_process), str(start_at)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for p in range(processes)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err.lower() and "Traceback" not in err
        assert out.startswith("done")
    created = Unit.select().where(Unit.code.startswith("C")).count()
    assert created == processes * per_process
    assert User.select().where(User.login.startswith("u")).count() == processes * per_process
    for p in range(processes):
        for i in range(per_process):
            assert User.get(User.login == f"u{p}x{i}").unit.code == f"C{p}x{i}"
    # Every rename is audited once, and the shared unit shows the last audited rename (no lost update).
    renames = list(
        AuditEntry.select().where((AuditEntry.action == "unit.edit")).order_by(AuditEntry.id)
    )
    assert len(renames) == processes * per_process
    assert Unit.get(Unit.code == "SHARED").name == json.loads(renames[-1].after)["name"]
    # Each process's renames appear in its own order, interleaved with the others'.
    for p in range(processes):
        mine = [
            json.loads(r.after)["name"]
            for r in renames
            if json.loads(r.after)["name"].startswith(f"共享{p}-")
        ]
        assert mine == [f"共享{p}-{i}" for i in range(per_process)]
    # Items: every one registered once, 索引号 unique and gap-free, each reviewed exactly once.
    total = processes * per_process
    made = list(Item.select().where(Item.title.startswith("并发信息")))
    assert len(made) == total
    serials = sorted(int(i.index_no.rsplit("-", 1)[1]) for i in made)
    assert serials == list(range(1, total + 1))
    assert {i.status for i in made} == {"approved"}
    reviews_done = ItemReview.select().where(ItemReview.item.in_([i.id for i in made]))
    assert reviews_done.count() == total
    assert {r.decision for r in reviews_done} == {"approved"}
    # Applications: 登记号 unique, serials 1..N with no gap and no repeat.
    apps = list(Application.select().where(Application.applicant_name.startswith("申请人")))
    assert len(apps) == total and len({a.reg_no for a in apps}) == total
    assert sorted(a.serial for a in apps) == list(range(1, total + 1))
    result = audit_service.verify(db.admin)
    assert result.ok, result.message
    ids = [e.id for e in AuditEntry.select(AuditEntry.id).order_by(AuditEntry.id)]
    assert ids == list(range(1, len(ids) + 1))
    assert Unit.get_by_id(root).name == "青山区人民政府"
