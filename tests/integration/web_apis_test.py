#!/usr/bin/env python3
"""The CGI's machine-readable answers (docs/api.md), against a live master with a slave (ours
everywhere, on 127.0.0.1):
  - ?metrics passes `promtool check metrics`, and its per-target values are those of
    `rrdtool lastupdate` of the same files; the daemon's health (rounds, round time, health
    file age) and the slave's last-seen time are there;
  - ?target=A.B[~SLAVE]&format=json gives the rows `rrdtool fetch` gives for the same range;
  - ?slavestatus (HTML and JSON) shows the slave with a recent last-seen time, and after the
    slave is stopped its lag grows;
  - bad input to each API is a 4xx with an error body and a line in the CGI's log.

Usage: web_apis_test.py --smokeping BIN --cgi BIN [--step S] [--keep]
Exits 77 when nginx or fcgiwrap is missing; promtool is used when installed."""
import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

from smokeping_env import DistributedSite, add_role_options, roles_missing, rrd_fetch
from webserver import missing_tools

SLAVE = 'slave1'
HOSTS = {'/Local/t2': '127.0.0.2', '/Local/t3': '127.0.0.3'}
TARGETS = '+ Local\nmenu = Local\ntitle = Local\nslaves = %s\n' % SLAVE + ''.join(
    '++ {n}\nmenu = {n}\ntitle = {n}\nhost = {h}\n'.format(n=p.rsplit('/', 1)[1], h=h)
    for p, h in HOSTS.items())
PINGS = 3

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?')


def get(url):
    """(status, content type, body text) of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.headers.get('Content-Type', ''), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get('Content-Type', ''), e.read().decode()


def parse_metrics(text):
    """{(name, frozenset(labels)): value} of an exposition text."""
    out = {}
    for line in text.splitlines():
        if not line or line.startswith('#'):
            continue
        m = SAMPLE.match(line)
        assert m, 'not a sample line: %r' % line
        labels = frozenset(LABEL.findall(m.group(2) or ''))
        out[(m.group(1), labels)] = float(m.group(3))
    return out


def lastupdate(path):
    """(time, {ds: float or None}) of `rrdtool lastupdate`."""
    out = subprocess.run(['rrdtool', 'lastupdate', path], check=True,
                         stdout=subprocess.PIPE).stdout.decode().split('\n')
    names = out[0].split()
    stamp, _, values = out[2].partition(':')
    vals = [None if v == 'U' else float(v) for v in values.split()]
    return int(stamp), dict(zip(names, vals))


def same(a, b):
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)):
        return (a is None or math.isnan(a)) and (b is None or math.isnan(b))
    return abs(a - b) <= 1e-12 * max(1.0, abs(b))


def check_metrics(ds, url):
    """Scrapes until no RRD changed during the scrape, then compares every target's values."""
    rrds = {(p, s): ds.rrd(p, s or None) for p in HOSTS for s in ('', SLAVE)}
    for _ in range(5):
        before = {k: lastupdate(v) for k, v in rrds.items()}
        status, ctype, text = get(url + '?metrics')
        after = {k: lastupdate(v) for k, v in rrds.items()}
        if before == after:
            break
    else:
        raise AssertionError('the RRDs changed during every scrape')
    assert status == 200 and ctype.startswith('text/plain; version=0.0.4'), (status, ctype)
    if shutil.which('promtool'):
        check = subprocess.run(['promtool', 'check', 'metrics'], input=text.encode(),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        assert check.returncode == 0, 'promtool check metrics:\n' + check.stdout.decode()
        print('promtool check metrics: ok')
    m = parse_metrics(text)
    for (path, slave), (stamp, values) in after.items():
        labels = {('path', path), ('slave', slave), ('probe', 'FPing')}

        def value(name, extra=()):
            key = (name, frozenset(labels | set(extra)))
            assert key in m, 'no sample %s%s' % (name, sorted(key[1]))
            return m[key]
        assert value('smokeping_target_rrd_readable') == 1
        assert value('smokeping_target_last_update_timestamp_seconds') == stamp
        assert same(value('smokeping_target_median_seconds'), values['median']), (
            path, slave, value('smokeping_target_median_seconds'), values['median'])
        assert same(value('smokeping_target_loss_ratio'), values['loss'] / PINGS)
        assert value('smokeping_target_pings') == PINGS
        rtts = sorted(v for k, v in values.items() if k.startswith('ping') and v is not None)
        assert value('smokeping_target_rtt_seconds_count') == len(rtts)
        assert same(value('smokeping_target_rtt_seconds_sum'), sum(rtts))
        if rtts:
            assert same(value('smokeping_target_rtt_seconds', {('quantile', '0')}), rtts[0])
            assert same(value('smokeping_target_rtt_seconds', {('quantile', '1')}), rtts[-1])
    now = time.time()
    probe = frozenset({('probe', 'FPing')})
    assert m[('smokeping_probe_rounds_total', probe)] >= 2
    assert m[('smokeping_probe_step_seconds', probe)] == ds.step
    assert 0 <= m[('smokeping_probe_round_duration_seconds', probe)] < ds.step
    assert m[('smokeping_health_file_readable', frozenset())] == 1
    assert 0 <= m[('smokeping_health_file_age_seconds', frozenset())] <= 3 * ds.step
    seen = m[('smokeping_slave_last_seen_timestamp_seconds', frozenset({('slave', SLAVE)}))]
    assert now - seen < 4 * ds.step, 'slave last seen %.0f s ago' % (now - seen)
    assert m[('smokeping_slave_merged_rows_total', frozenset({('slave', SLAVE)}))] >= 1
    print('metrics: %d samples, values equal to rrdtool lastupdate' % len(m))


def check_json(ds, url, path, slave):
    """The JSON rows of a settled range equal rrdtool fetch's."""
    step = ds.step
    end = int(time.time()) // step * step - 2 * step
    start = end - 20 * step
    target = path.strip('/').replace('/', '.') + ('~' + slave if slave else '')
    status, ctype, text = get('%s?target=%s&format=json&start=%d&end=%d'
                              % (url, target, start, end))
    assert status == 200 and ctype == 'application/json', (status, ctype, text)
    doc = json.loads(text)
    expected = rrd_fetch(ds.rrd(path, slave), start=str(start), end=str(end))
    names = ['uptime', 'loss', 'median'] + ['ping%d' % i for i in range(1, PINGS + 1)]
    assert doc['columns'] == ['time'] + names, doc['columns']
    assert doc['target'] == path.strip('/').replace('/', '.') and doc['slave'] == slave
    assert doc['step'] == step and doc['pings'] == PINGS
    assert len(doc['rows']) == len(expected), (len(doc['rows']), len(expected))
    known = 0
    for row, (t, values) in zip(doc['rows'], expected):
        assert row[0] == t, (row[0], t)
        for name, got in zip(names, row[1:]):
            assert same(got, values[name]), (target, t, name, got, values[name])
        known += row[3] is not None
    assert known >= 2, '%s: only %d rows with a median in the range' % (target, known)
    assert doc['start'] == expected[0][0] and doc['end'] == expected[-1][0]
    print('json %s: %d rows (%d with data) equal to rrdtool fetch' % (target, len(doc['rows']),
                                                                       known))


def slave_status(url):
    status, ctype, text = get(url + '?slavestatus&format=json')
    assert status == 200 and ctype == 'application/json', (status, ctype, text)
    doc = json.loads(text)
    [entry] = [s for s in doc['slaves'] if s['name'] == SLAVE]
    return doc, entry


def check_bad_inputs(ds, url):
    cases = [
        ('?metrics&x=1', 400, 'unknown parameter x'),
        ('?target=Local.t2&format=xml', 400, "unknown format 'xml'"),
        ('?format=json', 400, 'format=json needs a target'),
        ('?target=Local.nope&format=json', 404, "unknown target 'Local.nope'"),
        ('?target=Local&format=json', 404, 'a group'),
        ('?target=Local.t2~nobody&format=json', 404, "unknown slave 'nobody'"),
        ('?target=Local..t2&format=json', 400, 'invalid target'),
        ('?target=Local.t2&format=json&start=garbage', 400, ''),
        ('?target=Local.t2&format=json&start=now&end=-1d', 400, ''),
        ('?target=Local.t2&format=json&colour=red', 400, 'unknown parameter colour'),
        ('?slavestatus&foo=1', 400, 'unknown parameter foo'),
    ]
    for query, want, message in cases:
        status, ctype, text = get(url + query)
        assert status == want, '%s: status %d, expected %d: %s' % (query, status, want, text)
        assert message in text, '%s: %r lacks %r' % (query, text, message)
        if 'format=json' in query:
            assert ctype == 'application/json' and json.loads(text)['error'], (query, text)
    # The CGI's stderr: nginx's error.log under fcgiwrap, backend.log under spawn-fcgi.
    ds.wait_for(lambda: any("unknown target 'Local.nope'" in text
                            for text in ds.web.logs().values()), 10,
                'the CGI to log the refused request')
    print('bad inputs: %d refused with their errors' % len(cases))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    add_role_options(parser, slave='ours', master_cgi='ours', master_daemon='ours')
    parser.add_argument('--step', type=int, default=5)
    args = parser.parse_args()
    missing = roles_missing(args) + missing_tools(args.cgi_mode)
    if missing:
        print('skip: missing %s' % ', '.join(missing))
        return 77
    step = args.step
    ds = DistributedSite(args, TARGETS, {SLAVE: 'secret-one'}, step=step, pings=PINGS)
    try:
        ds.start_daemon()
        health = ds.site.path('data', '.smokeping-health')
        ds.wait_for(lambda: all(os.path.exists(ds.rrd(p, SLAVE)) for p in HOSTS), 60,
                    'the master daemon to create the slave RRDs')
        ds.web.start()
        url = ds.web.cgi_url
        since = time.time()
        ds.start_slave(SLAVE)
        # Enough merged rows of the slave for a JSON range with data in it.
        ds.wait_for(lambda: all(lastupdate(ds.rrd(p, SLAVE))[0] > since + 4 * step
                                for p in HOSTS), step * 12 + 30, 'the slave rows merged')
        assert os.path.exists(health), 'no health file'

        check_metrics(ds, url)
        for path in HOSTS:
            check_json(ds, url, path, None)
            check_json(ds, url, path, SLAVE)

        status, ctype, page = get(url + '?slavestatus')
        assert status == 200 and ctype.startswith('text/html'), (status, ctype)
        assert 'data-slave="%s"' % SLAVE in page and '<table' in page, page[:2000]
        doc, entry = slave_status(url)
        assert entry['lag_seconds'] is not None and entry['lag_seconds'] < 3 * step, entry
        assert sorted(entry['targets']) == ['Local.t2', 'Local.t3'], entry
        assert entry['step'] == step and entry['rows_merged'] >= 1, entry
        assert doc['health_file_age'] is not None and doc['health_file_age'] <= 3 * step, doc
        print('slave status: last seen %d s ago (%.1f steps)' % (entry['lag_seconds'],
                                                                  entry['lag_steps']))

        check_bad_inputs(ds, url)

        ds.slaves[SLAVE].stop()
        stopped = time.time()
        ds.wait_for(lambda: time.time() > stopped + 3 * step, 3 * step + 10,
                    'three steps without the slave')
        _, later = slave_status(url)
        assert later['lag_seconds'] >= 3 * step - 1, later
        assert later['lag_seconds'] > entry['lag_seconds'] and later['lag_steps'] >= 2.8, later
        assert later['last_seen'] <= stopped + 1, later
        print('slave stopped: lag %d s (%.1f steps)' % (later['lag_seconds'],
                                                         later['lag_steps']))
        print('1 passed, 0 failed')
        return 0
    except AssertionError as e:
        print('FAIL: %s\n%s' % (e, ds.report()))
        print('1 failed, 0 passed')
        return 1
    finally:
        ds.stop()
        ds.cleanup()


if __name__ == '__main__':
    sys.exit(main())
