#!/usr/bin/env python3
"""Cross-reading (issue 4, must-show 2): Debian's smokeping.cgi (2.7.3) draws graphs from RRDs
our master wrote, and our smokeping.cgi draws them from RRDs Debian's daemon wrote.

Two sites with the same kind of config (step 10, loopback targets, Charts): our master (real
ICMP on 127.0.0.x) runs in one, Debian's daemon (a fake fping with known RTTs) in the other,
until each RRD holds a few measured rows. Then each site's overview and detail pages are
drawn by both CGIs (each with its own image cache) and:
  * both answer 200 with no error text, every graph of the page is a PNG whose size is the
    <img>'s size where the page gives one, and the same for both CGIs;
  * the data are there: rrdtool fetch has medians, rrdtool graph PRINT of the median over the
    last minutes is a number (the original's exact value where the fake fping measured);
  * the zoom image (displaymode=a over the measured minutes) is a PNG from both CGIs;
  * the Charts page reads the other side's sorter cache where that side wrote one.

Usage: web_cross_read_test.py SMOKEPING SMOKEPING_CGI
Exits 77 without Debian's smokeping, perl RRDs or rrdtool."""
import os
import re
import shutil
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from smokeping_env import (ORIGINAL_CGI, ORIGINAL_SMOKEPING, Daemon, Site,  # noqa: E402
                           fake_rtts, original_missing, process_env, rrd_fetch,
                           write_fake_fping)
from web_pages_vs_original_test import run_cgi  # noqa: E402

SKIP = 77
SOURCE = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
STEP, PINGS, ROWS = 10, 5, 3
FAKE_BASE_MS = 7
HOSTS = {'t2': '127.0.0.2', 't3': '127.0.0.3'}
TARGETS = '+ Local\nmenu = Local\ntitle = Local\n' + ''.join(
    '++ {n}\nmenu = {n}\ntitle = Host {n}\nhost = {h}\n'.format(n=n, h=h)
    for n, h in HOSTS.items())
CHARTS = '''+ charts
menu = Charts
title = Charts
++ max
sorter = Max(entries=>5)
title = Top Max
menu = by Max
format = Max %f seconds
'''


class Failures(list):
    def check(self, ok, what):
        print('%-66s %s' % (what[:66], 'ok' if ok else 'FAILED'))
        if not ok:
            self.append(what)
        return ok


def png_size(data):
    if len(data) < 24 or not data.startswith(b'\x89PNG\r\n\x1a\n') or data[12:16] != b'IHDR':
        return None
    return struct.unpack('>II', data[16:24])


def make_site(name, fping=None):
    site = Site(prefix='sp-cross-%s-' % name)
    shutil.copy(os.path.join(SOURCE, 'etc', 'basepage.html.dist'), site.path('basepage.html'))
    probes = '+ FPing\nbinary = %s\n' % (fping(site) if fping else site.path('fping'))
    config = site.config(TARGETS, step=STEP, pings=PINGS, probes=probes)
    with open(config) as f:
        text = f.read()
    # The original has no default overview range (its graphs fail with "start time: There
    # should be number after '-'"), so the config names one.
    text = text.replace('+ overview\n', CHARTS + '+ overview\nrange = 10h\n', 1)
    # One config per CGI, each with its own image cache.
    for cgi in ('ours', 'orig'):
        os.makedirs(site.path('cache-' + cgi))
        site.write('config-' + cgi, text.replace(site.path('cache'), site.path('cache-' + cgi)))
    site.write('config', text)
    return site


def measured(site, name):
    rows = rrd_fetch(site.path('data', 'Local', name + '.rrd'), start='-%d' % (STEP * 30))
    return [(t, v) for t, v in rows if v['median'] is not None]


def all_measured(site):
    for name in HOSTS:
        if not os.path.exists(site.path('data', 'Local', name + '.rrd')):
            return False
        if len(measured(site, name)) < ROWS:
            return False
    return True


def printed_median(rrd, start):
    out = subprocess.run(['rrdtool', 'graph', '/dev/null', '--start', str(start),
                          'DEF:m=%s:median:AVERAGE' % rrd, 'PRINT:m:AVERAGE:%.9le'],
                         stdout=subprocess.PIPE, check=True).stdout.decode().split()
    try:
        return float(out[-1])
    except (IndexError, ValueError):
        return None


def graphs_of(site, cgi, body):
    """(file, width, height) of each graph <img> of a page, the file under the image cache."""
    out = []
    for tag in re.findall(r'<img\b[^>]*>', body, re.I):
        src = re.search(r'src="([^"]+)"', tag, re.I)
        if not src or not src.group(1).endswith('.png') or \
                src.group(1).endswith(('/smokeping.png', '/rrdtool.png')):  # the logos
            continue
        rel = src.group(1).split('/cache/', 1)[-1] if '/cache/' in src.group(1) else None
        if rel is None:
            rel = src.group(1).rsplit('cache/', 1)[-1]
        w = re.search(r'width="?(\d+)', tag, re.I)
        h = re.search(r'height="?(\d+)', tag, re.I)
        out.append((site.path('cache-' + cgi, rel), int(w.group(1)) if w else None,
                    int(h.group(1)) if h else None))
    return out


def draw_pages(site, ours_cgi, writer, failures):
    """Both CGIs draw the site's pages; returns {page: {cgi: [png sizes]}}."""
    commands = {'ours': [ours_cgi, site.path('config-ours')],
                'orig': ['perl', ORIGINAL_CGI, site.path('config-orig')]}
    sizes = {}
    for page, query in (('overview', 'target=Local'), ('detail', 'target=Local.t2'),
                        ('detail', 'target=Local.t3')):
        for cgi, command in commands.items():
            status, headers, body, err = run_cgi(command, query)
            what = '%s data drawn by %s CGI: %s' % (writer, cgi, query)
            failures.check(status == 200 and 'text/html' in headers.get('content-type', '') and
                           'ERROR' not in body, what + ' answers 200')
            graphs = graphs_of(site, cgi, body)
            failures.check(len(graphs) == (2 if page == 'overview' else 1),
                           what + ' has its graphs (%d)' % len(graphs))
            for path, width, height in graphs:
                data = open(path, 'rb').read() if os.path.exists(path) else b''
                size = png_size(data)
                # The detail pages give no <img> size; their size is compared across CGIs.
                failures.check(size is not None and len(data) > 2000 and
                               (width is None or size == (width, height)),
                               '%s: %s %s <img %sx%s> %dB' % (what, os.path.basename(path),
                                                              size, width, height, len(data)))
                sizes.setdefault(query, {}).setdefault(cgi, []).append(size)
    for query, by_cgi in sizes.items():
        failures.check(by_cgi.get('ours') == by_cgi.get('orig'),
                       '%s data %s: same graph sizes from both CGIs %s' % (
                           writer, query, by_cgi))


def zoom_response(command, query):
    """(header text, body bytes) of a CGI answer, whichever line ends its header has."""
    env = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'), 'TZ': 'UTC', 'LANG': 'C',
           'GATEWAY_INTERFACE': 'CGI/1.1', 'REQUEST_METHOD': 'GET', 'QUERY_STRING': query,
           'SCRIPT_NAME': '/cgi-bin/smokeping.cgi', 'REMOTE_ADDR': '127.0.0.1',
           'SERVER_NAME': '127.0.0.1', 'SERVER_PORT': '80', 'SERVER_PROTOCOL': 'HTTP/1.1'}
    raw = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, timeout=60).stdout
    ends = [(at, n) for at, n in ((raw.find(b'\r\n\r\n'), 4), (raw.find(b'\n\n'), 2)) if at >= 0]
    at, n = min(ends) if ends else (len(raw), 0)
    return raw[:at].decode('latin-1'), raw[at + n:]


def zoom_images(site, ours_cgi, writer, since, failures):
    query = 'displaymode=a;start=%d;end=%d;target=Local.t2' % (since - STEP, int(time.time()))
    for cgi, command in (('ours', [ours_cgi, site.path('config-ours')]),
                         ('orig', ['perl', ORIGINAL_CGI, site.path('config-orig')])):
        head, png = zoom_response(command, query)
        failures.check('image/png' in head.lower() and png_size(png) is not None and
                       len(png) > 2000,
                       '%s data, %s CGI: zoom image is a PNG (%dB)' % (writer, cgi, len(png)))


def charts_page(site, command, writer, reader, failures):
    cache = site.path('data', '__sortercache')
    files = [f for f in os.listdir(cache)] if os.path.isdir(cache) else []
    if not any(f.startswith('data') and f.endswith('.storable') for f in files):
        print('%s daemon wrote no sorter cache: the Charts check is skipped' % writer)
        return
    status, _, body, err = run_cgi(command, 'target=_charts.max')
    listed = [n for n in HOSTS if 'Host %s' % n in body or 'Local.%s' % n in body]
    failures.check(status == 200 and sorted(listed) == sorted(HOSTS),
                   '%s CGI charts list the targets of the %s (%s)' % (reader, writer, listed))


def run(ours_daemon, ours_cgi, failures):
    ours_site = make_site('ours')
    orig_site = make_site('orig', fping=write_fake_fping)
    daemons = []
    try:
        started = int(time.time())
        daemons.append(Daemon(ours_daemon, ours_site.path('config'), ours_site.path('daemon.log'),
                              env=process_env()))
        daemons.append(Daemon(ORIGINAL_SMOKEPING, orig_site.path('config'),
                              orig_site.path('daemon.log'),
                              env=process_env(SP_FAKE_RTT_MS=FAKE_BASE_MS)))
        for daemon, site in zip(daemons, (ours_site, orig_site)):
            daemon.wait_for(lambda: all_measured(site), STEP * (ROWS + 4),
                            '%d measured rows' % ROWS)
    finally:
        for daemon in daemons:
            daemon.stop()
    for writer, site in (('our master', ours_site), ('original daemon', orig_site)):
        for name, host in HOSTS.items():
            rrd = site.path('data', 'Local', name + '.rrd')
            rows = measured(site, name)
            failures.check(len(rows) >= ROWS, '%s: %s has %d measured rows' % (writer, name,
                                                                                len(rows)))
            median = printed_median(rrd, started - STEP)
            if writer == 'our master':
                ok = median is not None and 0 < median < 0.005
            else:
                rtts = fake_rtts(FAKE_BASE_MS, host, PINGS)
                ok = median is not None and abs(median - rtts[len(rtts) // 2]) < 1e-9
            failures.check(ok, '%s: %s PRINT median = %s' % (writer, name, median))
        draw_pages(site, ours_cgi, writer, failures)
        zoom_images(site, ours_cgi, writer, started, failures)
    charts_page(ours_site, ['perl', ORIGINAL_CGI, ours_site.path('config-orig')], 'our master',
                'original', failures)
    charts_page(orig_site, [ours_cgi, orig_site.path('config-ours')], 'original daemon',
                'our', failures)
    return ours_site, orig_site


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    ours_daemon, ours_cgi = (os.path.abspath(a) for a in sys.argv[1:])
    missing = original_missing() + [p for p in ('rrdtool', 'perl') if shutil.which(p) is None]
    if not missing and subprocess.call(['perl', '-MRRDs', '-e', '1'],
                                       stderr=subprocess.DEVNULL) != 0:
        missing.append('perl RRDs')
    if missing:
        print('SKIP: missing ' + ', '.join(missing))
        return SKIP
    failures = Failures()
    sites = ()
    try:
        sites = run(ours_daemon, ours_cgi, failures)
    finally:
        for site in sites:
            if failures:
                for log in ('daemon.log',):
                    print('---- %s %s\n%s' % (site.root, log,
                                              open(site.path(log)).read()[-3000:]))
            if os.environ.get('KEEP_WORK'):
                print('work dir kept:', site.root)
            else:
                site.cleanup()
    if failures:
        print('FAILED:', '; '.join(failures))
        return 1
    print('all ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
