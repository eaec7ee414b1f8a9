#!/usr/bin/env python3
"""Writes a pair of .resx files (zh-CN and en) from a TSV of key, Chinese, English.

Usage: tools/resx.py TEXTS.tsv OUTPUT_BASE
  e.g. tools/resx.py src/Pacesetter.Web/Resources/SharedText.tsv src/Pacesetter.Web/Resources/SharedText
writes SharedText.zh-CN.resx and SharedText.en.resx. Keep the TSV in the repository: it is the source.
"""
import sys
from xml.sax.saxutils import escape

HEADER = '''<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
'''

def main(tsv, base):
    rows = []
    with open(tsv, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            parts = line.split('\t')
            if len(parts) != 3:
                sys.exit(f'{tsv}:{n}: expected key<TAB>中文<TAB>English')
            rows.append(parts)
    keys = [r[0] for r in rows]
    dup = {k for k in keys if keys.count(k) > 1}
    if dup:
        sys.exit(f'{tsv}: duplicate keys {sorted(dup)}')
    for culture, col in (('zh-CN', 1), ('en', 2)):
        with open(f'{base}.{culture}.resx', 'w', encoding='utf-8') as out:
            out.write(HEADER)
            for r in rows:
                out.write(f'  <data name="{escape(r[0], {chr(34): "&quot;"})}" xml:space="preserve"><value>{escape(r[col])}</value></data>\n')
            out.write('</root>\n')

if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
