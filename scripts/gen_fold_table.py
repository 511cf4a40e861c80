#!/usr/bin/env python3
"""Writes core/fold_table.inc: each precomposed Latin letter (Latin-1, Extended-A/B,
Latin Extended Additional, which covers Vietnamese) mapped to its lower-case ASCII base,
so that matching ignores case and accents without a Unicode library at run time."""
import pathlib
import unicodedata

EXTRA = {0x110: 'd', 0x111: 'd', 0xD8: 'o', 0xF8: 'o', 0x141: 'l', 0x142: 'l',
         0xDF: 's', 0xC6: 'a', 0xE6: 'a', 0x152: 'o', 0x153: 'o'}

table = {}
for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
    base = unicodedata.normalize('NFD', chr(cp))[0].lower()
    if base.isascii() and base.isalpha():
        table[cp] = base
table.update(EXTRA)

rows, row = [], []
for cp, base in sorted(table.items()):
    row.append("{0x%04X,'%s'}" % (cp, base))
    if len(row) == 8:
        rows.append('    ' + ', '.join(row) + ','); row = []
if row:
    rows.append('    ' + ', '.join(row) + ',')
out = pathlib.Path(__file__).resolve().parent.parent / 'core' / 'fold_table.inc'
out.write_text('// Generated from Unicode NFD decompositions: precomposed Latin letter -> lower-case ASCII base.\n'
               '// Regenerate with scripts/gen_fold_table.py.\n' + '\n'.join(rows) + '\n')
