#!/usr/bin/env python3
"""Runs our `smokeping --check` on every case of config_cases.txt and compares the first
line of its output with the case's expectation: the `--- ours` block where we differ from
the original on purpose, else the original's own output (`--- original`).
Usage: check_config_cases.py --smokeping BIN [NAME-SUBSTRING...]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

import config_cases

HERE = os.path.dirname(os.path.abspath(__file__))


def expectation(case):
    lines = [l for l in case['ours'].split('\n') if l and not l.startswith('#')]
    return lines[0] if lines else case['original']


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--smokeping', required=True)
    ap.add_argument('only', nargs='*')
    args = ap.parse_args()
    cases = config_cases.parse_cases(open(os.path.join(HERE, 'config_cases.txt'), encoding='utf-8').read())
    passed = failed = 0
    for c in cases:
        if args.only and not any(o in c['name'] for o in args.only):
            continue
        root = tempfile.mkdtemp(prefix='sp-case-')
        try:
            config = config_cases.materialize(c, root)
            p = subprocess.run([args.smokeping, '--check', '--config=' + config], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=60)
            lines = [l for l in p.stdout.decode('utf-8', 'replace').splitlines() if l.strip()]
            got = lines[0].replace(root, '@ROOT@') if lines else ''
            if p.returncode == 0 and got.startswith('Configuration file ') and got.endswith(' syntax OK.'):
                got = 'OK'
            if (got == 'OK') != (p.returncode == 0):
                got += ' (exit %d)' % p.returncode
        finally:
            shutil.rmtree(root)
        want = expectation(c)
        if got == want:
            passed += 1
        else:
            failed += 1
            print('FAIL %s\n  want: %s\n  got:  %s' % (c['name'], want, got))
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
