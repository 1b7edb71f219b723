"""Small input widgets for the item form: optional dates as text, value combos, channel checkboxes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLineEdit, QWidget

from disclosure_desk.domain.dates import parse_optional_date
from disclosure_desk.domain.errors import InputError
from disclosure_desk.i18n import tr, tr_value


class DateEdit(QLineEdit):
    """An optional date typed the way officers write it (2025-03-05, 2025年3月5日, 20250305…)."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.setPlaceholderText(tr("年-月-日"))
        self.setToolTip(tr("如 2025-03-05、2025年3月5日、20250305；可留空"))
        self.setMaximumWidth(160)

    def set_date(self, value: dt.date | None) -> None:
        self.setText(value.isoformat() if value else "")

    def date(self) -> dt.date | None:
        try:
            return parse_optional_date(self.text())
        except InputError as exc:
            raise InputError(
                tr("{field}：{message}").format(field=self.label, message=exc.message)
            ) from None


def topic_text(topic: str) -> str:
    """主题分类 for people: "综合政务 › 参事、文史" rather than the stored "综合政务\\参事、文史"."""
    return (topic or "").replace("\\", " › ")


def value_combo(
    values, current: str = "", editable: bool = False, blank: str | None = None, display=None
) -> QComboBox:
    box = QComboBox()
    box.setEditable(editable)
    if blank is not None:
        box.addItem(blank, "")
    for v in values:
        box.addItem(display(v) if display else v, v)
    set_combo(box, current)
    return box


def set_combo(box: QComboBox, value: str) -> None:
    i = box.findData(value)
    if i < 0 and value:
        box.addItem(value, value)  # a value no longer in the list still shows as stored
        i = box.count() - 1
    box.setCurrentIndex(max(i, 0))


class ChannelBoxes(QWidget):
    """公开方式/渠道 as checkboxes."""

    def __init__(self, channels, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for i, name in enumerate(channels):
            box = QCheckBox(tr_value("publish_channel", name))  # the value stays as stored
            self.boxes[name] = box
            grid.addWidget(box, i // 4, i % 4)

    def set_values(self, values) -> None:
        for name, box in self.boxes.items():
            box.setChecked(name in values)

    def values(self) -> tuple[str, ...]:
        return tuple(n for n, b in self.boxes.items() if b.isChecked())
