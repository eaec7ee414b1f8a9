# A workbook package written part by part with Python's zipfile, for what openpyxl and LibreOffice do not write:
# rich-text shared strings with a phonetic guide, a rich inline string, the 1904 date system, built-in formats 10, 14
# and 31 without codes, a quoted percent sign, a formula of type str without a value, a row without its number, and
# a hidden first sheet. python3 package.py PATH
import sys
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml."
head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
parts = {
    "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{CT}sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}worksheet+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="{CT}worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}sharedStrings+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{CT}styles+xml"/></Types>',
    "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/worksheet" Target="worksheets/sheet2.xml"/>'
    f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    f'<Relationship Id="rId4" Type="{REL}/styles" Target="styles.xml"/></Relationships>',
    "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr date1904="1"/><sheets>'
    '<sheet name="隐藏" sheetId="2" state="hidden" r:id="rId2"/><sheet name="指标" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/styles.xml": f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0&quot;%&quot;"/></numFmts>'
    '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="9"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="10"/><xf numFmtId="14"/><xf numFmtId="31"/><xf numFmtId="164"/></cellXfs></styleSheet>',
    "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}" count="3" uniqueCount="3"><si><t>城关镇</t></si>'
    '<si><r><t>新区</t></r><r><rPr><b/></rPr><t>街道</t></r><rPh sb="0" eb="2"><t>しんく</t></rPh></si>'
    '<si><t xml:space="preserve"> 前后空格 </t></si></sst>',
    "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><sheetData>'
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="inlineStr"><is><r><t>甲</t></r><r><t>乙</t></r></is></c></row>'
    '<row r="2"><c r="A2" s="1"><v>0.125</v></c><c r="B2" s="2"><v>0</v></c><c r="C2" s="3"><v>44650</v></c>'
    '<c r="D2" s="4"><v>12.5</v></c><c r="E2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
    '<row r="3"><c r="A3" t="str"><f>A1</f></c><c r="B3" t="str"><f>""</f><v></v></c><c r="C3" t="s"><v>2</v></c>'
    '<c r="D3" t="b"><v>0</v></c><c r="E3" s="2"/></row>'
    '<row><c><v>7</v></c><c><v>8</v></c></row>'
    '</sheetData><mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="C5:C6"/></mergeCells></worksheet>',
    "xl/worksheets/sheet2.xml": f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>',
}
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name, xml in parts.items():
        z.writestr(name, head + xml)
