#!/usr/bin/env python3
"""Shared helpers for the config golden cases (config_cases.txt).

The file holds cases separated by lines `=== NAME`. Inside a case:
  --- config          the top-level config text (macros below are expanded)
  --- file REL        another file, written at ROOT/REL (for @include cases)
  --- original        what Debian's smokeping 2.7.3 printed (written by regen_config_cases.py)
  --- ours            what we print, only where we differ on purpose (a `# why` line first)
Macros: @ROOT@ (the case's temp dir), @GENERAL@, @DATABASE@, @PRESENTATION@, @PROBES@,
@TARGETS@ (a minimal valid section each). Outputs are normalised: success is `OK`; an error
is its first line with the root path replaced by @ROOT@.
"""
import os
import stat

BLOCKS = {
    'GENERAL': """*** General ***
owner = Tester
contact = tester@example.org
imgcache = @ROOT@/cache
imgurl = cache
datadir = @ROOT@/data
piddir = @ROOT@/run
smokemail = @ROOT@/smokemail
cgiurl = http://127.0.0.1/smokeping.cgi""",
    'DATABASE': """*** Database ***
step = 300
pings = 20
AVERAGE 0.5 1 1008""",
    'PRESENTATION': """*** Presentation ***
template = @ROOT@/basepage.html
+ overview
width = 600
height = 50
+ detail
width = 600
height = 200
"Last 3 Hours" 3h""",
    'PROBES': """*** Probes ***
+ FPing
binary = @ROOT@/fping""",
    'TARGETS': """*** Targets ***
probe = FPing
menu = Top
title = Top
+ Local
host = 127.0.0.1""",
}


def parse_cases(text):
    cases = []
    case = None
    part = None
    for line in text.split('\n'):
        if line.startswith('=== '):
            case = {'name': line[4:].strip(), 'config': [], 'files': {}, 'original': [], 'ours': []}
            cases.append(case)
            part = None
            continue
        if line.startswith('--- ') and case is not None:
            head = line[4:].strip()
            if head.startswith('file '):
                part = case['files'].setdefault(head[5:].strip(), [])
            else:
                part = case[head]
            continue
        if part is not None:
            part.append(line)
    for c in cases:
        for key in ('config', 'original', 'ours'):
            c[key] = '\n'.join(c[key]).rstrip('\n')
        c['files'] = {k: '\n'.join(v).rstrip('\n') for k, v in c['files'].items()}
    return cases


def expand(text, root):
    for name, block in BLOCKS.items():
        text = text.replace('@' + name + '@', block)
    return text.replace('@ROOT@', root)


def materialize(case, root):
    for d in ('cache', 'data', 'run'):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    for name, content in (('smokemail', 'mail\n'), ('basepage.html', '<html></html>\n'),
                          ('mailtemplate', 'Subject: alert\n\nbody\n')):
        with open(os.path.join(root, name), 'w') as f:
            f.write(content)
    for exe in ('fping', 'curl', 'dig', 'tcpping', 'echoping'):
        p = os.path.join(root, exe)
        with open(p, 'w') as f:
            f.write('#!/bin/sh\nexit 0\n')
        os.chmod(p, 0o755)
    secrets = os.path.join(root, 'secrets')
    with open(secrets, 'w') as f:
        f.write('slave1:secret\n')
    os.chmod(secrets, 0o600)
    for rel, content in case['files'].items():
        p = os.path.join(root, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'wb') as f:
            f.write(expand(content, root).encode('utf-8') + b'\n')
    config = os.path.join(root, 'config')
    with open(config, 'wb') as f:
        f.write(expand(case['config'], root).encode('utf-8') + b'\n')
    return config


def format_cases(cases):
    out = []
    for c in cases:
        out.append('=== ' + c['name'])
        out.append('--- config')
        out.append(c['config'])
        for rel, content in c['files'].items():
            out.append('--- file ' + rel)
            out.append(content)
        out.append('--- original')
        out.append(c['original'])
        if c['ours']:
            out.append('--- ours')
            out.append(c['ours'])
    return '\n'.join(out) + '\n'
