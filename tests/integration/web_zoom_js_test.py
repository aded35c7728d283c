#!/usr/bin/env python3
"""The zoom arithmetic of cgi/www/js/smokeping.js (web-and-rrd.md §2.12), run with node: the
time axis from 67 px to width - 26 px, ten times as fast beyond either end, and the hidden
fields' times (epochs, or rrdtool's "now-6h"). Exits 77 (skipped) without node."""
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.normpath(os.path.join(HERE, '..', '..', 'cgi', 'www', 'js', 'smokeping.js'))

PROGRAM = '''
const z = require(process.argv[1]);
const out = {
  whole: z.zoomRange(1000, 1604, 67, 671, 697),
  half: z.zoomRange(1000, 1604, 67, 369, 697),
  beyond: z.zoomRange(1000, 1604, 0, 697, 697),
  fractions: z.zoomRange(0, 7200, 100, 500, 697),
  epoch: z.epochOf("1795616400", 5),
  now: z.epochOf("now", 5000),
  relative: z.epochOf("now-6h", 100000),
  spaced: z.epochOf("now - 2 days", 200000),
  bad: String(z.epochOf("yesterday", 5)),
};
console.log(JSON.stringify(out));
'''

# What the original's formula gives: per pixel (end - start) / (width - 93).
EXPECTED = {
    'whole': {'start': 1000, 'end': 1604},
    'half': {'start': 1000, 'end': 1302},
    'beyond': {'start': 330, 'end': 1864},
    'fractions': {'start': 393, 'end': 5162},
    'epoch': 1795616400,
    'now': 5000,
    'relative': 78400,
    'spaced': 27200,
    'bad': 'NaN',
}


def main():
    node = shutil.which('node') or shutil.which('nodejs')
    if node is None:
        print('SKIP: node is not installed')
        return 77
    out = subprocess.run([node, '-e', PROGRAM, SCRIPT], stdout=subprocess.PIPE, check=True)
    got = json.loads(out.stdout)
    bad = {k: (got.get(k), v) for k, v in EXPECTED.items() if got.get(k) != v}
    for key, (g, want) in bad.items():
        print('%s: got %r, want %r' % (key, g, want))
    print('ok' if not bad else 'FAILED')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
