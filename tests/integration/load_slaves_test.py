#!/usr/bin/env python3
"""Load on a master: many slaves posting while people look at the pages (issue 9).

nginx on 127.0.0.1 in front of our smokeping.cgi as persistent FastCGI processes, and our
master daemon. --slaves simulated slaves (threads of this test, signing and framing their
posts as protocol 2 does) post one round per step for --seconds, --targets-per-slave lines
each, the slaves spread over the step as real ones are by their offsets. At the same time
--page-clients clients fetch CGI pages in a loop: the overview, group pages with their
overview graphs and detail pages with the graphs of every slave.

Passes when every post was answered 200 "OK", every page 200 with the page expected, and,
after the daemon's last round, every posted line is in its `<target>~<slave>.rrd` exactly
once: each round's line carries its own median, and the RRD's row at that time must hold that
value (a lost line shows as the next round's value or as unknown, a line taken twice as an
RRD error in the daemon's log). No cache, journal or quarantined file may be left over.
Prints posts/s and the p50/p99 latencies of posts and pages; asserts no timings.

Usage: load_slaves_test.py SMOKEPING SMOKEPING_CGI [--seconds 300] [--step 10] [--slaves 100]
           [--targets-per-slave 3] [--page-clients 8] [--page-interval 0.2] [--fastcgi 4]
           [--keep]
Exit status: 0 passed, 1 failed, 77 skipped (nginx, spawn-fcgi or rrdtool missing)."""
import argparse
import glob
import hashlib
import hmac
import http.client
import math
import os
import random
import re
import shutil
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from smokeping_env import Daemon, Site, process_env, rrd_fetch  # noqa: E402
from webserver import WebServer, missing_tools  # noqa: E402

PINGS = 3
BOUNDARY = 'xYzZY'
SLAVES_PER_GROUP = 10


def slave_name(i):
    return 's%03d' % i


def secret(i):
    return 'secret-%03d' % i


def group_of(i):
    return i // SLAVES_PER_GROUP


def median(slave, round_no):
    """The median a slave posts for a round: unique per slave and round, so the RRD row at the
    round's time shows which line it came from."""
    return (round_no + 1) * 1e-4 + slave * 1e-7


def write_site(site, args):
    site.write('basepage.html', '<html><head><title><##title##></title></head><body>'
               '<div id="menu"><##menu##></div><##overview##><##body##></body></html>\n')
    groups = (args.slaves + SLAVES_PER_GROUP - 1) // SLAVES_PER_GROUP
    secrets = site.write('secrets', ''.join('%s:%s\n' % (slave_name(i), secret(i))
                                            for i in range(args.slaves)), 0o600)
    section = '*** Slaves ***\nsecrets = %s\n' % secrets + ''.join(
        '+ %s\ndisplay_name = %s\ncolor = %06x\n' % (slave_name(i), slave_name(i), 0x10101 * i)
        for i in range(args.slaves))
    targets = ''
    for g in range(groups):
        members = [slave_name(i) for i in range(args.slaves) if group_of(i) == g]
        targets += '+ g%d\nmenu = g%d\ntitle = Group %d\nslaves = %s\n' % (
            g, g, g, ' '.join(members))
        for t in range(args.targets_per_slave):
            targets += '++ t%d\nmenu = t%d\ntitle = Target %d.%d\nhost = 127.0.%d.%d\n' % (
                t, t, g, t, g, t + 1)
    # The master pings its loopback hosts itself; each of its rounds takes the caches.
    return site.config(targets, step=args.step, pings=PINGS, extra_sections=section + '\n')


def post_body(slave, targets, group, stamp, round_no, config_time):
    value = '%.10e' % median(slave, round_no)
    update = 'U:0:' + ':'.join([value] * (PINGS + 1))
    data = '\n'.join('/g%d/t%d\t%d\t%s' % (group, t, stamp, update) for t in range(targets))
    key = hmac.new(secret(slave).encode(), data.encode(), hashlib.md5).hexdigest()
    parts = [('slave', slave_name(slave)), ('key', key), ('protocol', '2'), ('data', data),
             ('config_time', str(config_time))]
    body = b''.join(b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
                    % (BOUNDARY.encode(), name.encode(), value.encode()) for name, value in parts)
    return body + b'--%s--\r\n' % BOUNDARY.encode()


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.post_latency = []
        self.page_latency = []
        self.failures = []
        self.posted = {}  # slave -> [(round_no, stamp)]

    def fail(self, what):
        with self.lock:
            if len(self.failures) < 1000:
                self.failures.append(what)


def guarded(results, body, *args):
    """Runs a thread's body; an exception in it is a failure of the test, not a lost thread."""
    try:
        body(*args)
    except Exception as e:  # noqa: BLE001 - reported as a failure with its text
        results.fail('%s raised %r' % (body.__name__, e))


def run_slave(i, args, web, config_time, rounds, results):
    """Posts rounds[k] = (round_no, stamp) at stamp + this slave's offset, a new connection
    per post as a slave makes; falls behind rather than skipping when the master is slow."""
    offset = args.step * 0.8 * i / args.slaves
    done = []
    for round_no, stamp in rounds:
        delay = stamp + offset - time.time()
        if delay > 0:
            time.sleep(delay)  # the slave's schedule, not a race: the test waits for answers
        body = post_body(i, args.targets_per_slave, group_of(i), stamp, round_no, config_time)
        t0 = time.monotonic()
        conn = http.client.HTTPConnection('127.0.0.1', web.port, timeout=120)
        try:
            conn.request('POST', '/smokeping.cgi', body,
                         {'Content-Type': 'multipart/form-data; boundary=' + BOUNDARY,
                          'User-Agent': 'smokeping-slave/1.0'})
            resp = conn.getresponse()
            status, answer = resp.status, resp.read()
        except OSError as e:
            status, answer = 0, str(e).encode()
        finally:
            conn.close()
        took = time.monotonic() - t0
        with results.lock:
            results.post_latency.append(took)
        if status != 200 or answer != b'OK\n':
            results.fail('post %s round %d: %s %r' % (slave_name(i), round_no, status,
                                                      answer[:200]))
        else:
            done.append((round_no, stamp))
    with results.lock:
        results.posted[i] = done


def page_urls(args):
    """(url, what the page must contain): its title and the graphs it draws."""
    groups = (args.slaves + SLAVES_PER_GROUP - 1) // SLAVES_PER_GROUP
    urls = [('/smokeping.cgi', ['<title>Test</title>', 'href="?target=g0"'])]
    for g in range(groups):
        # A group page draws the overview graph of each of its targets.
        urls.append(('/smokeping.cgi?target=g%d' % g,
                     ['<title>Group %d</title>' % g] +
                     ['SRC="cache/g%d/t%d_mini.png"' % (g, t)
                      for t in range(args.targets_per_slave)]))
        for t in range(args.targets_per_slave):
            # A detail page draws its graphs for the master and for every slave.
            first = slave_name(g * SLAVES_PER_GROUP)
            urls.append(('/smokeping.cgi?target=g%d.t%d' % (g, t),
                         ['<title>Target %d.%d</title>' % (g, t),
                          'SRC="cache/g%d/t%d_last_10800.png"' % (g, t),
                          'SRC="cache/g%d/t%d~%s_last_10800.png"' % (g, t, first)]))
    return urls


def run_pages(web, urls, stop, results, seed, interval):
    rng = random.Random(seed)
    conn = None
    next_start = time.monotonic()
    # Each client reads a page at most every `interval` s, as a person clicking does: the
    # test is about many slaves and readers at once, not about saturating the CPU.
    while not stop.wait(max(0.0, next_start - time.monotonic())):
        next_start = time.monotonic() + interval
        url, expected = rng.choice(urls)
        t0 = time.monotonic()
        try:
            if conn is None:
                conn = http.client.HTTPConnection('127.0.0.1', web.port, timeout=120)
            conn.request('GET', url)
            resp = conn.getresponse()
            status, body = resp.status, resp.read()
            if resp.getheader('Connection', '').lower() == 'close':
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException) as e:
            status, body = 0, str(e).encode()
            if conn:
                conn.close()
            conn = None
        took = time.monotonic() - t0
        with results.lock:
            results.page_latency.append(took)
        text = body.decode('utf-8', 'replace')
        missing = [e for e in expected + ['</html>'] if e not in text]
        if status != 200 or missing:
            results.fail('page %s: status %s, %d bytes, missing %s: %r'
                         % (url, status, len(body), missing, text[:300]))
    if conn:
        conn.close()


def percentile(values, q):
    if not values:
        return float('nan')
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def check_rrds(site, args, results):
    """Every posted round's median at its time in the slave's RRD of every target."""
    checked = 0
    for i, done in sorted(results.posted.items()):
        if not done:
            continue
        first, last = done[0][1], done[-1][1]
        for t in range(args.targets_per_slave):
            path = site.path('data', 'g%d' % group_of(i), 't%d~%s.rrd' % (t, slave_name(i)))
            rows = dict(rrd_fetch(path, start=str(first - args.step), end=str(last)))
            for n, (round_no, stamp) in enumerate(done):
                got = rows.get(stamp, {}).get('median')
                want = median(i, round_no)
                # Before the first line the RRD may have been idle longer than its heartbeat,
                # which makes the first row unknown; a lost first line then also makes the
                # second row unknown, which is caught below.
                if got is None and n == 0:
                    continue
                if got is None or not math.isclose(got, want, rel_tol=1e-6):
                    results.fail('%s row %d: median %s, posted %s (round %d)'
                                 % (path, stamp, got, want, round_no))
                checked += 1
    return checked


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('smokeping')
    parser.add_argument('cgi')
    parser.add_argument('--seconds', type=float, default=300)
    parser.add_argument('--step', type=int, default=10)
    parser.add_argument('--slaves', type=int, default=100)
    parser.add_argument('--targets-per-slave', type=int, default=3)
    parser.add_argument('--page-clients', type=int, default=8)
    parser.add_argument('--page-interval', type=float, default=0.2,
                        help='seconds between the starts of one client\'s requests')
    parser.add_argument('--fastcgi', type=int, default=4, help='FastCGI processes')
    parser.add_argument('--keep', action='store_true', help='keep the temp dir')
    args = parser.parse_args()
    missing = missing_tools('fastcgi') + ([] if shutil.which('rrdtool') else ['rrdtool'])
    if missing:
        print('skipped: missing %s' % ', '.join(missing))
        return 77

    site = Site('sp-load-')
    config = write_site(site, args)
    results = Results()
    daemon = web = None
    ok = False
    try:
        daemon = Daemon(args.smokeping, config, site.path('daemon.log'), env=process_env())
        # The daemon creates every slave's RRD before its first round.
        last_rrd = site.path('data', 'g%d' % group_of(args.slaves - 1),
                             't%d~%s.rrd' % (args.targets_per_slave - 1,
                                             slave_name(args.slaves - 1)))
        daemon.wait_for(lambda: os.path.exists(last_rrd), 120, 'the slave RRDs')
        web = WebServer(site.path('web'), [args.cgi, config], mode='fastcgi',
                        env={'SMOKEPING_CONFIG': config}, nginx_workers=2,
                        cgi_children=args.fastcgi)
        web.start()
        config_time = int(os.stat(config).st_mtime)

        first = (int(time.time()) // args.step + 1) * args.step
        count = max(1, int(args.seconds // args.step))
        rounds = [(k, first + k * args.step) for k in range(count)]
        stop_pages = threading.Event()
        urls = page_urls(args)
        pages = [threading.Thread(target=guarded,
                                  args=(results, run_pages, web, urls, stop_pages, results, n,
                                        args.page_interval))
                 for n in range(args.page_clients)]
        slaves = [threading.Thread(target=guarded, args=(results, run_slave, i, args, web,
                                                         config_time, rounds, results))
                  for i in range(args.slaves)]
        for t in pages + slaves:
            t.start()
        started = time.monotonic()
        for t in slaves:
            t.join()
        posting = time.monotonic() - started
        stop_pages.set()
        for t in pages:
            t.join()

        # The daemon's next round takes what is left.
        caches = os.path.join(site.path('data'), '**', '*.slave_cache')
        daemon.wait_for(lambda: not glob.glob(caches, recursive=True), 10 * args.step + 60,
                        'the daemon to take the last caches')
        # One more round, so that a take still running has finished its RRD updates.
        rounds_seen = daemon.rounds()
        daemon.wait_for(lambda: daemon.rounds() > rounds_seen, 10 * args.step + 60,
                        'one more daemon round')
        if daemon.stop() != 0:
            results.fail('the daemon exited with %s' % daemon.proc.returncode)

        if len(results.posted) != args.slaves:
            results.fail('only %d of %d slaves finished' % (len(results.posted), args.slaves))
        checked = check_rrds(site, args, results)
        leftovers = [p for pattern in ('*.slave_cache', '*.journal', '*.corrupt')
                     for p in glob.glob(os.path.join(site.path('data'), '**', pattern),
                                        recursive=True)]
        if leftovers:
            results.fail('files left over: %s' % leftovers[:10])
        log = daemon.output()
        # A round that overran its step on a busy machine is no lost data: counted, not failed.
        overruns = sum('overran' in line for line in log.splitlines())
        bad = [line for line in log.splitlines()
               if 'overran' not in line
               and any(w in line.lower() for w in ('error', 'failed', 'illegal', 'warn'))]
        if bad:
            results.fail('daemon log:\n  ' + '\n  '.join(bad[:20]))
        # Every post is logged; nothing else may be.
        backend = web.logs().get('backend.log', '')
        bad = [line for line in backend.splitlines()
               if not re.search(r'slave post .* refused=0 answer=ok status=200$', line)]
        if bad:
            results.fail('CGI log:\n  ' + '\n  '.join(bad[:20]))

        posts = len(results.post_latency)
        lines = sum(len(d) for d in results.posted.values()) * args.targets_per_slave
        print('%d slaves x %d targets, step %d s, %.0f s of posts, %d page clients, '
              '%d FastCGI processes' % (args.slaves, args.targets_per_slave, args.step, posting,
                                        args.page_clients, args.fastcgi))
        print('posts: %d (%.1f/s), p50 %.1f ms, p99 %.1f ms; %d lines, %d RRD rows checked'
              % (posts, posts / posting, percentile(results.post_latency, 0.5) * 1000,
                 percentile(results.post_latency, 0.99) * 1000, lines, checked))
        pages_done = len(results.page_latency)
        print('pages: %d (%.1f/s), p50 %.1f ms, p99 %.1f ms; daemon rounds overran: %d'
              % (pages_done, pages_done / posting, percentile(results.page_latency, 0.5) * 1000,
                 percentile(results.page_latency, 0.99) * 1000, overruns))
        ok = not results.failures and posts > 0 and pages_done > 0
    finally:
        if web:
            web.stop()
        if daemon:
            daemon.stop()
        if results.failures:
            print('%d failures, the first ones:' % len(results.failures))
            for f in results.failures[:20]:
                print('FAIL', f)
        if args.keep or not ok:
            print('kept', site.root)
        else:
            site.cleanup()
    print('passed' if ok else 'FAILED')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
