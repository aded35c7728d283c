#!/usr/bin/env python3
"""Checks every real-world config set of shared/fixtures against the original's verdict.

Each set of manifest.json is laid out in a temporary root at its install paths, with
absolute @include lines and machine paths (directories, files, secrets, probe binaries)
pointed at stand-ins inside that root, the same way the fixtures' own check tool laid them
out when it recorded the original's verdicts in check-results.json. Then
`smokeping --check` runs on the set; its verdict must equal the original's, and a
rejection must carry the same message.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

DIR_KEYS = {'imgcache', 'datadir', 'piddir', 'dyndir', 'pagedir'}
FILE_KEYS = {'smokemail', 'tmail', 'sendmail', 'template'}
ASSIGNMENT = re.compile(r'^(\s*)([A-Za-z_]+)(\s*=\s*)(\S+)(.*)$')
INCLUDE = re.compile(r'^(\s*@include\s+)(/\S*)(.*)$')


class Layout:
    def __init__(self, fixtures, root):
        self.fixtures = fixtures
        self.root = root

    def put(self, install, fixture):
        dest = self.root + install
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(os.path.join(self.fixtures, fixture), 'rb') as src, open(dest, 'wb') as out:
            out.write(src.read())

    def stand_in(self, path, kind):
        dest = self.root + '/__standin__' + path
        if kind == 'dir':
            os.makedirs(dest, exist_ok=True)
            return dest
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        if kind == 'exe':
            with open(dest, 'w') as f:
                f.write('#!/bin/sh\nexit 0\n')
            os.chmod(dest, 0o755)
        elif kind == 'secret':
            with open(dest, 'w') as f:
                f.write('stand-in:secret\n')
            os.chmod(dest, 0o600)
        elif kind == 'mailtemplate':
            with open(dest, 'w') as f:
                f.write('Subject: stand-in\n\nbody\n')
        elif not os.path.exists(dest):
            open(dest, 'w').close()
        return dest

    def rewrite_line(self, line):
        m = INCLUDE.match(line)
        if m:
            return m.group(1) + self.root + m.group(2) + m.group(3)
        m = ASSIGNMENT.match(line)
        if not m or not m.group(4).startswith('/'):
            return line
        key, value = m.group(2), m.group(4)
        new = None
        if key in DIR_KEYS:
            new = self.stand_in(value, 'dir')
        elif key in FILE_KEYS and not os.path.isfile(value):
            new = self.stand_in(value, 'file')
        elif key == 'secrets':
            new = self.stand_in(value, 'secret')
        elif key == 'mailtemplate':
            new = self.stand_in(value, 'mailtemplate')
        elif key in ('binary', 'binaryv6') and not (os.path.isfile(value) and os.access(value, os.X_OK)):
            new = self.stand_in(value, 'exe')
        if new is None:
            return line
        return m.group(1) + key + m.group(3) + new + m.group(5)

    def rewrite_all(self):
        for dirpath, _, names in os.walk(self.root):
            if '__standin__' in dirpath:
                continue
            for name in names:
                path = os.path.join(dirpath, name)
                text = open(path, 'rb').read().decode('latin-1')
                text = '\n'.join(self.rewrite_line(l) for l in text.split('\n'))
                open(path, 'wb').write(text.encode('latin-1'))


def lay_out(sets_by_id, s, fixtures, root):
    layout = Layout(fixtures, root)
    base = s.get('base', 'none')
    if base == 'debian':
        for f in sets_by_id['debian-2.7.3']['files']:
            layout.put(f['install'], f['fixture'])
    if base in ('linuxserver', 'linuxserver-top'):
        for f in sets_by_id['linuxserver']['files']:
            if base == 'linuxserver-top' and f['install'] != '/etc/smokeping/config':
                continue
            layout.put(f['install'], f['fixture'])
    for f in s['files']:
        layout.put(f['install'], f['fixture'])
    for install, lines in s.get('append', {}).items():
        with open(root + install, 'ab') as fh:
            fh.write(('\n' + '\n'.join(lines) + '\n').encode())
    for install, pairs in s.get('insert_after', {}).items():
        text = open(root + install, 'rb').read().decode('latin-1').split('\n')
        out = []
        for line in text:
            out.append(line)
            if line.strip() in pairs:
                out.append(pairs[line.strip()])
        open(root + install, 'wb').write('\n'.join(out).encode('latin-1'))
    layout.rewrite_all()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--smokeping', required=True)
    ap.add_argument('--fixtures', required=True)
    args = ap.parse_args()
    if not os.path.isfile(os.path.join(args.fixtures, 'manifest.json')):
        print('SKIP: no fixtures at %s' % args.fixtures)
        return 77
    sets = json.load(open(os.path.join(args.fixtures, 'manifest.json')))
    expected = {r['id']: r for r in json.load(open(os.path.join(args.fixtures, 'check-results.json')))}
    by_id = {s['id']: s for s in sets}
    passed = failed = 0
    for s in sets:
        want_verdict, want_text = expected[s['id']]['materialized']
        root = tempfile.mkdtemp(prefix='sp-corpus-')
        try:
            lay_out(by_id, s, args.fixtures, root)
            p = subprocess.run([args.smokeping, '--check', '--config=' + root + s['entry']],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
            out = (p.stdout + p.stderr).decode('utf-8', 'replace').replace(root, '<root>').strip()
        finally:
            shutil.rmtree(root)
        verdict = 'PASS' if p.returncode == 0 else 'FAIL'
        ok = verdict == want_verdict
        if ok and verdict == 'PASS':
            ok = out == want_text
        if ok and verdict == 'FAIL':
            # The original's "FILE, line N: message" must appear in ours word for word.
            ok = want_text.removeprefix('ERROR: ') in out
        if ok:
            passed += 1
            print('ok   %-26s %s' % (s['id'], verdict))
        else:
            failed += 1
            print('FAIL %-26s ours: %s (exit %d)\n     %-26s original: %s %s'
                  % (s['id'], verdict, p.returncode, '', want_verdict, want_text))
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
