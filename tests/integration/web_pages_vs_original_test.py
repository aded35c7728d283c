#!/usr/bin/env python3
"""Our web pages against the original's, with real graphs: the same config and the same RRD
files are served by Debian's smokeping.cgi (2.7.3) and by ours, both as plain CGI, and the
pages must hold the same elements: menu entries (classes, links, texts), titles, panel
headings, image sources and sizes (as rrdtool reports them), links and forms. HTML is compared
parsed, not byte by byte (ours escapes what the original does not).

Usage: web_pages_vs_original_test.py SMOKEPING_CGI
Exits 77 (skipped) without the original (perl, /usr/share/smokeping/smokeping.cgi), without
rrdtool, or when our CGI does not serve pages yet (503)."""
import html.parser
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.normpath(os.path.join(HERE, '..', '..'))
REFERENCE = os.path.normpath(os.path.join(SOURCE, '..', 'shared', 'reference', 'web'))
ORIGINAL_CGI = '/usr/share/smokeping/smokeping.cgi'
SKIP = 77

STEP, PINGS, ROUNDS = 300, 20, 864  # three days, as the reference data set

# name, query, our status
CASES = [
    ('root', '', 200),
    ('group-Europe', 'target=Europe', 200),
    ('group-America', 'target=America', 200),
    ('detail-Zurich', 'target=Europe.Zurich', 200),
    ('detail-London', 'target=Europe.London', 200),
    ('detail-Home', 'target=Europe.Home', 200),
    ('multihost-Multi', 'target=America.Multi', 200),
    ('navigator-London', 'displaymode=n;start={t6h};end={t1h};target=Europe.London', 200),
    ('navigator-Zurich-boomer',
     'displaymode=n;start=2026-01-01%2000:00;end=now;target=Europe.Zurich~boomer', 200),
    ('navigator-relative', 'displaymode=n;start=now-6h;end=now-1h;target=Europe.Zurich', 200),
    ('charts', 'target=_charts', 200),
    ('charts-loss', 'target=_charts.loss', 200),
    ('hierarchy-owner-Joe', 'hierarchy=owner;target=Joe', 200),
    ('hierarchy-owner-Joe-Zurich', 'hierarchy=owner;target=Joe.Zurich', 200),
    ('filter-on', 'filter=o;target=Europe.Zurich', 200),
    ('dotdot', 'target=Europe..Zurich', 200),
]

# Requests the original answers with a 500 (or worse) and we with a proper status.
ERROR_CASES = [
    ('target=Europe.Paris', 404), ('target=Europe.%3Cb%3E', 404),
    ('target=Europe.Zurich~nosuch', 404), ('hierarchy=nosuch', 404), ('filter=(', 400),
    ('displaymode=x;target=Europe.Zurich', 400),
    ('displaymode=n;start=garbage;end=now;target=Europe.Zurich', 400),
]

RRDS = {  # path: (median seconds, jitter, loss pattern)
    'Europe/Zurich': (0.020, 0.003, 'some'),
    'Europe/Zurich~boomer': (0.034, 0.002, 'rare'),
    'Europe/Zurich~slave2': (0.051, 0.004, 'none'),
    'Europe/Home': (0.030, 0.003, 'none'),
    'Europe/London': (0.0105, 0.0005, 'down'),
    'America/NewYork': (0.088, 0.015, 'rare'),
    'America/Lossy': (0.045, 0.002, 'cycle'),
}


def have_original():
    if not os.path.exists(ORIGINAL_CGI) or shutil.which('perl') is None:
        return False
    return subprocess.call(['perl', '-MRRDs', '-MStorable', '-e', '1'],
                           stderr=subprocess.DEVNULL) == 0


def make_rrds(datadir, now):
    rng = random.Random(42)
    start = (now // STEP) * STEP - ROUNDS * STEP
    ds = ['DS:uptime:GAUGE:600:0:U', 'DS:loss:GAUGE:600:0:%d' % PINGS,
          'DS:median:GAUGE:600:0:U'] + ['DS:ping%d:GAUGE:600:0:U' % i for i in range(1, PINGS + 1)]
    rra = ['RRA:AVERAGE:0.5:1:1008', 'RRA:AVERAGE:0.5:12:4320', 'RRA:MIN:0.5:12:4320',
           'RRA:MAX:0.5:12:4320', 'RRA:AVERAGE:0.5:144:720', 'RRA:MAX:0.5:144:720',
           'RRA:MIN:0.5:144:720']
    for path, (median, jitter, loss) in RRDS.items():
        file = os.path.join(datadir, path + '.rrd')
        os.makedirs(os.path.dirname(file), exist_ok=True)
        subprocess.check_call(['rrdtool', 'create', file, '--start', str(start - 1),
                               '--step', str(STEP)] + ds + rra)
        updates = []
        for i in range(ROUNDS):
            t = start + i * STEP + 17
            lost = {'none': 0, 'rare': 1 if rng.random() < 0.08 else 0,
                    'some': 3 if i % 50 == 7 else 0, 'cycle': i % (PINGS + 1),
                    'down': PINGS if ROUNDS - 30 < i < ROUNDS - 18 else 0}[loss]
            pings = sorted(median + rng.gauss(0, jitter) for _ in range(PINGS - lost))
            pings = [max(p, 0.0001) for p in pings]
            uptime = str(i * STEP % 90000) if path == 'Europe/Home' else 'U'
            if pings:
                med = pings[len(pings) // 2]
                lo, hi = lost // 2, lost - lost // 2
                row = ['U'] * lo + ['%.6e' % p for p in pings] + ['U'] * hi
                updates.append('%d:%s:%d:%.6e:%s' % (t, uptime, lost, med, ':'.join(row)))
            else:
                updates.append('%d:%s:%d:U:%s' % (t, uptime, lost, ':'.join(['U'] * PINGS)))
        for at in range(0, len(updates), 200):
            subprocess.check_call(['rrdtool', 'update', file] + updates[at:at + 200])
    with open(os.path.join(datadir, 'Europe', 'Home.adr'), 'w') as f:
        f.write('127.0.0.1\n')


def make_sorter_cache(datadir):
    cache = os.path.join(datadir, '__sortercache')
    os.makedirs(cache, exist_ok=True)
    script = ('use Storable qw(store); store({'
              'loss => {"America/Lossy" => 2, "Europe/Zurich" => 1, "Europe/Home" => -1,'
              ' "Europe/Zurich~boomer" => -1},'
              'max => {"America/NewYork" => "0.122", "Europe/London" => "0.0112"},'
              'median => {"America/NewYork" => "0.104", "Europe/Home" => "0.031"},'
              'stddev => {"America/NewYork" => 0.0072, "Europe/Zurich" => 0.0035}},'
              ' "%s/data.FPing.storable");' % cache)
    subprocess.check_call(['perl', '-e', script])


def write_config(work, name, imgcache):
    with open(os.path.join(REFERENCE, 'smokeping-config.txt')) as f:
        text = f.read().replace('@WORK@', work)
    text = text.replace(work + '/cache', imgcache)
    text = text.replace('binary = /usr/bin/fping', 'binary = ' + os.path.join(work, 'fping'))
    path = os.path.join(work, 'etc', name)
    with open(path, 'w') as f:
        f.write(text)
    return path


def run_cgi(command, query, raw_body=False):
    env = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'), 'TZ': 'UTC', 'LANG': 'C',
           'GATEWAY_INTERFACE': 'CGI/1.1', 'REQUEST_METHOD': 'GET', 'QUERY_STRING': query,
           'SCRIPT_NAME': '/cgi-bin/smokeping.cgi',
           'REQUEST_URI': '/cgi-bin/smokeping.cgi' + ('?' + query if query else ''),
           'REMOTE_ADDR': '127.0.0.1', 'SERVER_SOFTWARE': 'test', 'SERVER_NAME': '127.0.0.1',
           'SERVER_PORT': '80', 'SERVER_PROTOCOL': 'HTTP/1.1'}
    out = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, timeout=120)
    raw = out.stdout
    if raw_body:
        at = raw.find(b'\r\n\r\n')
        return raw[:at].decode('latin-1'), raw[at + 4:]
    # The original may print <p> lines before its header (spec §2.1); skip to the header.
    ends = [(at, n) for at, n in ((raw.find(b'\r\n\r\n'), 4), (raw.find(b'\n\n'), 2)) if at >= 0]
    head_end, sep = min(ends) if ends else (len(raw), 0)
    headers = {}
    status = 200
    for line in raw[:head_end].decode('latin-1').splitlines():
        if ':' in line:
            key, value = line.split(':', 1)
            headers[key.strip().lower()] = value.strip()
    if 'status' in headers:
        status = int(headers['status'].split()[0])
    return status, headers, raw[head_end + sep:].decode('utf-8', 'replace'), out.stderr


class Structure(html.parser.HTMLParser):
    """The elements the comparison looks at, one line each, in document order."""
    TAGS = {'li', 'a', 'img', 'h1', 'h2', 'form', 'input', 'option', 'select', 'p', 'div', 'ul',
            'pre', 'title'}
    ATTRS = {'class', 'href', 'src', 'width', 'height', 'id', 'method', 'name', 'value', 'type',
             'selected', 'action'}
    TEXT = {'a', 'h1', 'h2', 'p', 'option', 'div', 'pre', 'title'}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items = []
        self.pending = None

    def handle_starttag(self, tag, attrs):
        self.flush()
        if tag not in self.TAGS:
            return
        line = tag + ''.join(' %s=%s' % (k, v or '') for k, v in sorted(attrs) if k in self.ATTRS)
        self.items.append(line)
        if tag in self.TEXT:
            self.pending = ''

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.flush()

    def handle_endtag(self, tag):
        self.flush()

    def handle_data(self, data):
        if self.pending is not None:
            self.pending += data

    def flush(self):
        if self.pending is not None:
            text = ' '.join(self.pending.replace('\xa0', ' ').split())
            if text:
                self.items[-1] += ' text=' + text
            self.pending = None


def structure(body, charts):
    parser = Structure()
    parser.feed(body)
    parser.close()
    parser.flush()
    items = []
    for item in parser.items:
        item = re.sub(r'__navcache/[0-9]+_', '__navcache/N_', item)
        # Times the two runs may see a minute apart.
        item = re.sub(r'start=\d{4}-\d\d-\d\d%20\d\d:\d\d', 'start=DATE', item)
        item = re.sub(r'value=\d{4}-\d\d-\d\d \d\d:\d\d', 'value=DATE', item)
        item = re.sub(r'(?<![0-9])1[0-9]{9}(?![0-9])', 'EPOCH', item)  # "now" a second apart
        items.append(item)
    if charts:  # chart order and equal ranks are random in the original
        head, chunks, tail = [], [], []
        for item in items:
            item = re.sub(r'text=[0-9]+\. ', 'text=N. ', item)
            if item.startswith('div class=details') or tail:
                tail.append(item)
                continue
            if item == 'div class=panel':
                chunks.append('')
            if chunks:
                chunks[-1] += item + '\n'
            else:
                head.append(item)
        items = head + sorted(chunks) + tail
    return items


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    ours = os.path.abspath(sys.argv[1])
    if not have_original():
        print('SKIP: the original smokeping.cgi (with perl RRDs and Storable) is not installed')
        return SKIP
    if shutil.which('rrdtool') is None:
        print('SKIP: rrdtool is not installed')
        return SKIP
    work = tempfile.mkdtemp(prefix='sp-web-vs-')
    failures = []
    try:
        for d in ('etc', 'data', 'run', 'cache-orig', 'cache-ours'):
            os.makedirs(os.path.join(work, d))
        shutil.copy(os.path.join(SOURCE, 'etc', 'basepage.html.dist'),
                    os.path.join(work, 'etc', 'basepage.html'))
        for name, text, mode in (('etc/smokemail', 'Subject: x\n\nx\n', 0o644),
                                 ('etc/smokeping_secrets', 'boomer:x\nslave2:y\n', 0o600),
                                 ('fping', '#!/bin/sh\nexit 0\n', 0o755)):
            with open(os.path.join(work, name), 'w') as f:
                f.write(text)
            os.chmod(os.path.join(work, name), mode)
        now = int(time.time())
        make_rrds(os.path.join(work, 'data'), now)
        make_sorter_cache(os.path.join(work, 'data'))
        original = ['perl', ORIGINAL_CGI, write_config(work, 'config-orig', work + '/cache-orig')]
        mine = [ours, write_config(work, 'config-ours', work + '/cache-ours')]

        status, _, body, err = run_cgi(mine, 'target=Europe')
        if status == 503:
            print('SKIP: our smokeping.cgi does not serve pages yet (503)')
            return SKIP

        times = {'t6h': str(now - 6 * 3600), 't1h': str(now - 3600)}
        for name, query, want in CASES:
            query = query.format(**times)
            o_status, o_headers, o_body, o_err = run_cgi(original, query)
            m_status, m_headers, m_body, m_err = run_cgi(mine, query)
            charts = name.startswith('charts')
            theirs, mine_items = structure(o_body, charts), structure(m_body, charts)
            problems = []
            if o_status != 200:
                problems.append('original answered %d: %s' % (o_status, o_err.decode()[-500:]))
            if m_status != want:
                problems.append('status %d, want %d: %s' % (m_status, want, m_err.decode()[-500:]))
            if m_headers.get('content-type') != o_headers.get('content-type'):
                problems.append('content type %r vs %r' % (m_headers.get('content-type'),
                                                           o_headers.get('content-type')))
            if theirs != mine_items:
                diff = [('-ours   ' + a, '+theirs ' + b) for a, b in
                        zip(mine_items + [''] * len(theirs), theirs + [''] * len(mine_items))
                        if a != b][:8]
                problems.append('structure differs (%d vs %d elements):\n    %s' % (
                    len(mine_items), len(theirs), '\n    '.join('%s\n    %s' % d for d in diff)))
            print('%-28s %s' % (name, 'ok' if not problems else 'FAILED'))
            for p in problems:
                print('    ' + p)
            if problems:
                failures.append(name)

        # The zoom's image: a PNG and nothing else.
        head, png = run_cgi(mine, 'displaymode=a;start=%s;end=%s;target=Europe.London' % (
            times['t6h'], times['t1h']), raw_body=True)
        ok = ('Content-Type: image/png' in head and png.startswith(b'\x89PNG')
              and 'Content-Length: %d' % len(png) in head)
        print('%-28s %s' % ('ajax-London', 'ok' if ok else 'FAILED: ' + head))
        if not ok:
            failures.append('ajax-London')

        for query, want in ERROR_CASES:
            m_status, _, m_body, m_err = run_cgi(mine, query)
            ok = m_status == want and '<b>' not in m_body and m_err
            print('%-28s %s (%d)' % (query, 'ok' if ok else 'FAILED', m_status))
            if not ok:
                failures.append(query)
    finally:
        if os.environ.get('KEEP_WORK'):
            print('work dir kept:', work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    if failures:
        print('FAILED:', ', '.join(failures))
        return 1
    print('all pages match')
    return 0


if __name__ == '__main__':
    sys.exit(main())
