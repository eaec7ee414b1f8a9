# An openpyxl workbook for SpreadsheetReaderTests: python3 workbook.py PATH FORMULAS (1 adds row 4's formulas).
# openpyxl writes formulas without a calculated value; LibreOffice computes them when it converts the file.
import datetime
import sys

import openpyxl

path, formulas = sys.argv[1], sys.argv[2] == "1"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "镇街"
ws.append(["单位", "产值", "增速", "日期", "时间", "达标"])
ws.append(["城关镇", 1234.5, 0.125, datetime.date(2026, 3, 31), datetime.datetime(2026, 3, 31, 8, 30), True])
ws.append(["新区街道", -7, 0.05, datetime.date(1999, 12, 31), datetime.datetime(2026, 1, 1, 0, 0, 1), False])
for row in (2, 3):
    ws.cell(row, 3).number_format = "0.0%"
    ws.cell(row, 4).number_format = 'yyyy"年"m"月"d"日"'
    ws.cell(row, 5).number_format = "yyyy-mm-dd hh:mm:ss"
ws["G2"] = 0.5
ws["G2"].number_format = "0%"
ws["H2"] = 1.5
ws["H2"].number_format = "[h]:mm"
if formulas:
    ws["B4"] = "=B2*2"
    ws["C4"] = "=1/0"
    ws["D4"] = "=NA()"
    ws["E4"] = '=A2&"（镇）"'
ws["A5"] = "合计"
ws.merge_cells("A5:B5")
notes = wb.create_sheet("说明")
notes["A1"] = "本表由 openpyxl 写成"
wb.save(path)
