"""The transition table of an application case."""

from __future__ import annotations

import pytest

from disclosure_desk.domain import app_workflow as wf
from disclosure_desk.domain.errors import WorkflowError


def test_happy_path_from_registration_to_archive():
    s = "registered"
    for event, expected in (
        ("correction_requested", "correction"),
        ("correction_received", "registered"),
        ("consultation_start", "consulting"),
        ("extension", "consulting"),
        ("consultation_end", "registered"),
        ("fee_notice", "awaiting_fee"),
        ("fee_paid", "registered"),
        ("reply", "replied"),
        ("archive", "archived"),
    ):
        s = wf.transition(s, event)
        assert s == expected


@pytest.mark.parametrize(
    ("status", "event"),
    [
        ("replied", "reply"),
        ("archived", "reply"),
        ("registered", "archive"),
        ("consulting", "reply"),
        ("registered", "consultation_end"),
        ("archived", "extension"),
        ("correction", "fee_notice"),
    ],
)
def test_refused_steps_name_status_and_step(status, event):
    with pytest.raises(WorkflowError) as err:
        wf.transition(status, event)
    assert wf.status_label(status) in err.value.message
    assert wf.event_label(event) in err.value.message


def test_note_allowed_everywhere_and_keeps_status():
    for status in wf.STATUS_LABELS:
        assert wf.transition(status, "note") == status


def test_allowed_events_follow_the_table():
    assert wf.allowed_events("archived") == ("note",)
    assert "reply" in wf.allowed_events("registered")
    assert "reply" not in wf.allowed_events("consulting")
    assert set(wf.allowed_events("awaiting_fee")) == {"extension", "fee_paid", "reply", "note"}


def test_reply_while_waiting_on_applicant_only_with_matching_outcome():
    wf.check_reply_outcome("awaiting_fee", "3.6.2")
    wf.check_reply_outcome("correction", "3.6.1")
    wf.check_reply_outcome("registered", "3.1")
    with pytest.raises(WorkflowError):
        wf.check_reply_outcome("awaiting_fee", "3.1")
    with pytest.raises(WorkflowError):
        wf.check_reply_outcome("correction", "3.2")


def test_unknown_status_or_event():
    with pytest.raises(WorkflowError):
        wf.transition("nonsense", "reply")
    with pytest.raises(WorkflowError):
        wf.transition("registered", "delete")
