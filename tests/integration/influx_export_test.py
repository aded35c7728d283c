#!/usr/bin/env python3
"""InfluxDB export: our master posts one line-protocol point per RRD row to a small HTTP sink
on 127.0.0.1 that parses every line strictly. The points carry the RRD rows' values, the
targets' influx_ tags and basic auth; while the sink hangs, answers 500 or is gone, rounds
still finish on time and the drops are logged; when it is back, points flow again; a reload
moves the export to another database.
Usage: influx_export_test.py SMOKEPING_BINARY"""
import base64
import http.server
import re
import shutil
import signal
import sys
import threading
import time
import urllib.parse

from smokeping_env import Daemon, Site, process_env, rrd_info

STEP = 5
PINGS = 3
QUEUE_LINES = 6  # two rounds of the three targets: an outage of a few rounds overflows it

# ---- a strict line-protocol parser (InfluxDB 1.x rules) ----

FLOAT = re.compile(r'^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$')
INT = re.compile(r'^[-+]?\d+i$')


def split_unescaped(text, sep, quotes=False):
    """Splits at `sep` not preceded by a backslash (and, with quotes, not inside "...")."""
    parts, cur, i, quoted = [], '', 0, False
    while i < len(text):
        c = text[i]
        if c == '\\' and i + 1 < len(text):
            cur += text[i:i + 2]
            i += 2
            continue
        if quotes and c == '"':
            quoted = not quoted
        if c == sep and not quoted:
            parts.append(cur)
            cur = ''
        else:
            cur += c
        i += 1
    if quoted:
        raise ValueError('unterminated string')
    parts.append(cur)
    return parts


def unescape(text):
    return re.sub(r'\\([, =])', r'\1', text)


def parse_value(text):
    if INT.match(text):
        return int(text[:-1])
    if FLOAT.match(text):
        return float(text)
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        return re.sub(r'\\(["\\])', r'\1', text[1:-1])
    raise ValueError('bad field value %r' % text)


def parse_line(line):
    parts = split_unescaped(line, ' ', quotes=True)
    if len(parts) != 3:
        raise ValueError('want 3 space-separated parts: %r' % line)
    head, fields_text, stamp = parts
    series = split_unescaped(head, ',')
    if not series[0]:
        raise ValueError('empty measurement: %r' % line)
    tags = {}
    for item in series[1:]:
        kv = split_unescaped(item, '=')
        if len(kv) != 2 or not kv[0] or not kv[1]:
            raise ValueError('bad tag %r in %r' % (item, line))
        tags[unescape(kv[0])] = unescape(kv[1])
    if list(tags) != sorted(tags):
        raise ValueError('tags not sorted: %r' % line)
    fields = {}
    for item in split_unescaped(fields_text, ',', quotes=True):
        kv = split_unescaped(item, '=', quotes=True)
        if len(kv) != 2 or not kv[0]:
            raise ValueError('bad field %r in %r' % (item, line))
        fields[unescape(kv[0])] = parse_value(kv[1])
    if not fields:
        raise ValueError('no fields: %r' % line)
    if not re.match(r'^\d+$', stamp):
        raise ValueError('bad timestamp %r' % stamp)
    return {'measurement': unescape(series[0]), 'tags': tags, 'fields': fields,
            'time': int(stamp)}


# ---- the sink ----

class Sink:
    """mode: 'ok' (204), 'fail' (500), 'hang' (no answer until the mode changes)."""

    def __init__(self, port=0):
        self.points, self.errors, self.requests = [], [], []
        self.mode = 'ok'
        self.changed = threading.Condition()
        self.server = None
        self.start(port)

    def start(self, port):
        sink = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
                url = urllib.parse.urlparse(self.path)
                with sink.changed:
                    sink.requests.append((url.path, urllib.parse.parse_qs(url.query),
                                          self.headers.get('Authorization')))
                    sink.changed.wait_for(lambda: sink.mode != 'hang', timeout=60)
                    mode = sink.mode
                try:
                    if mode == 'fail':
                        self.send_response(500)
                        self.end_headers()
                        return
                    db = urllib.parse.parse_qs(url.query).get('db', [''])[0]
                    for line in body.decode().split('\n'):
                        if not line:
                            continue
                        try:
                            point = parse_line(line)
                            point['db'] = db
                            with sink.changed:
                                sink.points.append(point)
                        except ValueError as e:
                            sink.errors.append(str(e))
                    self.send_response(204)
                    self.end_headers()
                except OSError:
                    pass  # the client gave up (its timeout) while we hung

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(('127.0.0.1', port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def set_mode(self, mode):
        with self.changed:
            self.mode = mode
            self.changed.notify_all()

    def close(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def count(self, pred=lambda p: True):
        with self.changed:
            return sum(1 for p in self.points if pred(p))


# ---- the test ----

def target(i, tags=''):
    return '+ lo{i}\nmenu = lo{i}\ntitle = Loopback {i}\nhost = 127.0.0.{i}\n{t}'.format(
        i=i, t=tags)


TARGETS = (target(1, 'influx_location = rack one, left\ninflux_kind = a=b\n') +
           target(2, 'influx_site = hq\n') + target(3))


def influx_section(port, database, timeout=2):
    return ('*** InfluxDB ***\nhost = 127.0.0.1\nport = %d\ndatabase = %s\n'
            'username = smoke\npassword = s3cret\ntimeout = %d\n\n' % (port, database, timeout))


def compare_with_rrd(site, sink, daemon, i):
    """The point of lo<i>'s last RRD update carries exactly the values the RRD was given
    (`rrdtool info` keeps them as last_ds; the fetched rows are interpolated)."""
    info = rrd_info(site.path('data', 'lo%d.rrd' % i))
    when = int(info['last_update']) * 1000

    def point():
        with sink.changed:
            return next((p for p in sink.points
                         if p['tags']['path'] == '/lo%d' % i and p['time'] == when), None)
    daemon.wait_for(lambda: point() is not None, 30, 'the point of lo%d at %d' % (i, when))
    f = point()['fields']
    for ds in ['uptime', 'loss', 'median'] + ['ping%d' % k for k in range(1, PINGS + 1)]:
        given = info['ds[%s].last_ds' % ds].strip('"')
        if given == 'U':
            assert ds not in f, (ds, f)
        else:
            assert float(given) == f[ds], (ds, given, f)
    assert f['loss_percent'] == f['loss'] * 100 // PINGS, f
    pings = [f['ping%d' % k] for k in range(1, PINGS + 1) if 'ping%d' % k in f]
    if pings:
        assert f['min'] == min(pings) and f['max'] == max(pings), f
    else:
        assert 'min' not in f and 'max' not in f, f


def main():
    binary = sys.argv[1]
    if not shutil.which('rrdtool'):
        print('skipped: rrdtool (the command) is not installed')
        return 77
    site = Site(prefix='sp-influx-')
    sink = Sink()
    daemon = None
    try:
        config = site.config(TARGETS, step=STEP, pings=PINGS,
                             extra_sections=influx_section(sink.port, 'smoke'))
        env = process_env(SMOKEPING_INFLUX_QUEUE_LINES=QUEUE_LINES)
        daemon = Daemon(binary, config, site.path('daemon.log'), env=env)

        # 1. Points for every target, strictly parsed, with the tags and the RRD's values.
        daemon.wait_for(lambda: all(sink.count(lambda p, i=i: p['tags']['path'] == '/lo%d' % i)
                                    >= 3 for i in (1, 2, 3)), 90, 'three points per target')
        assert not sink.errors, sink.errors
        path, query, auth = sink.requests[0]
        assert path == '/write' and query == {'db': ['smoke'], 'precision': ['ms']}, query
        assert auth == 'Basic ' + base64.b64encode(b'smoke:s3cret').decode(), auth
        with sink.changed:
            points = list(sink.points)
        for p in points:
            assert p['measurement'] == 'FPing', p
            t = p['tags']
            i = int(t['path'][3:])
            assert t['host'] == '127.0.0.%d' % i and t['title'] == 'Loopback %d' % i, t
            assert t['slave'] == 'master', t
            assert t['loss'] == str(p['fields']['loss']), p
            assert t['loss_percent'] == str(p['fields']['loss_percent']), p
            assert isinstance(p['fields']['loss'], int), p
            assert isinstance(p['fields']['median'], float), p
            tags = {k: v for k, v in t.items() if k.startswith('tag_')}
            want = {1: {'tag_location': 'rack one, left', 'tag_kind': 'a=b'},
                    2: {'tag_site': 'hq'}, 3: {}}[i]
            assert tags == want, (tags, want)
        for _ in range(2):  # two different rounds
            rounds = daemon.rounds()
            for i in (1, 2, 3):
                compare_with_rrd(site, sink, daemon, i)
            daemon.wait_for(lambda: daemon.rounds() > rounds, 30, 'next round')
        print('%d points checked; 6 compared with the RRD updates' % len(points))

        # 2. InfluxDB hangs, then answers 500, then is gone: rounds stay on time, drops logged.
        outage_start_ms = int(time.time() * 1000)
        for mode in ('hang', 'fail', 'gone'):
            if mode == 'gone':
                sink.close()  # first, so that no POST can reach it in 'ok' mode
                sink.set_mode('ok')
            else:
                sink.set_mode(mode)
            rounds = daemon.rounds()
            daemon.wait_for(lambda: daemon.rounds() >= rounds + 3, 60,
                            'three rounds while InfluxDB is ' + mode)
        out = daemon.output()
        assert 'overran' not in out, out
        assert 'influx write failed, retrying' in out, out
        m = re.search(r'influx points dropped count=\d+ total=\d+ reasons="[^"]*queue full=(\d+)',
                      out)
        assert m and int(m.group(1)) > 0, out

        # 3. Back: the queued points and new ones arrive.
        outage_end_ms = int(time.time() * 1000)
        with sink.changed:
            before = len(sink.points)
        sink.start(sink.port)
        daemon.wait_for(lambda: sink.count(lambda p: p['time'] >= outage_end_ms - 1000) >= 3,
                        60, 'points after InfluxDB came back')
        daemon.wait_for(lambda: 'influx writes resumed' in daemon.output(), 30, 'resumed')
        # The queue filled in the outage's first rounds and stayed full (new points were
        # dropped), so points of rounds well inside the outage can only come from it. The
        # margins of one round at the start and two at the end leave out the round in
        # progress at either edge, which may be sent without having waited in the queue.
        first_ms = outage_start_ms - STEP * 1000
        last_ms = outage_end_ms - 2 * STEP * 1000
        with sink.changed:
            queued = [p for p in sink.points[before:] if first_ms <= p['time'] <= last_ms]
        print('%d points of the outage (%d..%d ms) arrived after it' %
              (len(queued), first_ms, last_ms))
        assert len(queued) >= QUEUE_LINES, 'the queued points were not sent: %d' % len(queued)
        assert not sink.errors, sink.errors

        # 4. A reload with another database (and a long timeout) moves the export.
        site.config(TARGETS, step=STEP, pings=PINGS,
                    extra_sections=influx_section(sink.port, 'other', timeout=60))
        daemon.signal(signal.SIGHUP)
        daemon.wait_for(lambda: sink.count(lambda p: p['db'] == 'other') >= 3, 60,
                        'points in the new database')

        # 5. Stop while a POST hangs (60 s timeout): the daemon gives it a bounded grace,
        # cancels it and ends cleanly, long before the timeout.
        sink.set_mode('hang')
        posts = len(sink.requests)
        daemon.wait_for(lambda: len(sink.requests) > posts, 30, 'a hanging POST')
        started = time.monotonic()
        assert daemon.stop() == 0, daemon.output()
        took = time.monotonic() - started
        print('stopped %.1f s after SIGTERM with a POST hanging' % took)
        assert took < 30, 'the stop waited for the POST timeout'
        print('\n'.join(line for line in daemon.output().splitlines() if '[influx]' in line))
        assert not sink.errors, sink.errors
        print('1 passed, 0 failed')
        return 0
    finally:
        if daemon:
            daemon.stop()
        sink.set_mode('ok')
        sink.close()
        site.cleanup()


if __name__ == '__main__':
    sys.exit(main())
