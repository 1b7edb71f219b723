"""Regenerates planted.xls (needs the old ``xlwt`` writer, which the app and its tests do not
use): ``python tests/files/data/make_xls_fixture.py``. Run once; the .xls is committed.

No .doc is committed: tests of .doc/.wps use a stand-in reader (and a real one when
LibreOffice can write a .doc on the test machine).
"""

from pathlib import Path

import xlwt

book = xlwt.Workbook(encoding="utf-8")
sheet = book.add_sheet("低保名单")
for c, head in enumerate(["序号", "姓名", "身份证号", "发放日期", "金额"]):
    sheet.write(0, c, head)
sheet.write(1, 0, 1)
sheet.write(1, 1, "王某")
sheet.write(1, 2, "11010519491231002X")
sheet.write(1, 3, "2025-10-08")
sheet.write(1, 4, 1234.5)
sheet.write(2, 0, 2)
sheet.write(2, 1, "李某")
sheet.write(2, 2, "110105194912310021")  # wrong check digit: a decoy
sheet.write(2, 3, "2025-10-09")
sheet.write(2, 4, 20251009001234)  # order-number-like decoy stored as a number
other = book.add_sheet("联系")
other.write(0, 0, "联系电话")
other.write(1, 0, 13812345678)  # a mobile stored as a number
book.save(str(Path(__file__).with_name("planted.xls")))
