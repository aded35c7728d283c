#!/usr/bin/env python3
"""Web page latency and throughput, ours against the original, in the same run on the same
data (three days of known data in the reference site of tests/integration/web_site.py):
  ours      our smokeping.cgi as persistent FastCGI processes (spawn-fcgi) behind nginx
  original  Debian's smokeping.cgi 2.7.3 as Debian runs it: plain CGI under fcgiwrap (a perl
            per request) behind nginx
Pages: the overview of a group (target=Europe: three overview graphs) and a detail page
(target=Europe.London: four detail graphs); each request draws what the image cache lacks,
as both CGIs draw graphs while making the page. Modes:
  warm        the same page again and again (graphs cached)
  cache miss  every graph of the page is drawn again for every request. Ours: before each
              request the page's RRD files get a new mtime, as when new data arrived (our
              cache compares the files' state). The original's rrdtool --lazy decides by
              the image's age, not the RRD's, so for it the page's images are deleted
At concurrency 1 and 8 (threads with keep-alive connections), each cell for --seconds (at
least --min-requests requests, at most --max-requests). Prints p50/p99 latency (ms) and
requests/s; every answer must be a 200 HTML page. Figures only: no test depends on them.

Usage: bench/web_pages.py --cgi BUILD/cgi/smokeping.cgi [--children 2] [--seconds 4]
           [--min-requests 8] [--max-requests 2000] [--concurrency 1,8] [--impl ours,original]"""
import argparse
import glob
import http.client
import os
import shutil
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests', 'integration'))
import webserver  # noqa: E402
from web_site import ORIGINAL_CGI, WebSite, have_original  # noqa: E402

PAGES = {  # name: (query, RRD files below datadir that the page's graphs read, its images)
    'overview': ('target=Europe', ['Europe/Zurich', 'Europe/Home', 'Europe/London'],
                 'Europe/*_mini.png'),
    'detail': ('target=Europe.London', ['Europe/London'], 'Europe/London_last_*.png'),
}


def percentile(sorted_values, p):
    if not sorted_values:
        return float('nan')
    k = min(len(sorted_values) - 1, max(0, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


class Cell:
    """Requests one URL from `concurrency` threads; `before` runs before every request."""

    def __init__(self, port, path, concurrency, args, before=None):
        self.port, self.path, self.concurrency, self.args = port, path, concurrency, args
        self.before = before
        self.lock = threading.Lock()
        self.started = 0
        self.latencies = []
        self.errors = []

    def _next(self, deadline):
        with self.lock:
            if self.started >= self.args.max_requests:
                return False
            if time.monotonic() > deadline and self.started >= self.args.min_requests:
                return False
            self.started += 1
            return True

    def _worker(self, deadline):
        conn = http.client.HTTPConnection('127.0.0.1', self.port, timeout=600)
        try:
            while self._next(deadline):
                if self.before:
                    self.before()
                t0 = time.perf_counter()
                conn.request('GET', self.path)
                response = conn.getresponse()
                body = response.read()
                elapsed = time.perf_counter() - t0
                with self.lock:
                    self.latencies.append(elapsed)
                    if response.status != 200 or b'</html>' not in body.lower():
                        self.errors.append('%d %r' % (response.status, body[:200]))
        finally:
            conn.close()

    def run(self):
        deadline = time.monotonic() + self.args.seconds
        threads = [threading.Thread(target=self._worker, args=(deadline,))
                   for _ in range(self.concurrency)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        lat = sorted(self.latencies)
        return {'n': len(lat), 'p50': percentile(lat, 50) * 1000,
                'p99': percentile(lat, 99) * 1000, 'rps': len(lat) / wall if wall else 0,
                'errors': self.errors}


def touch(files):
    def run():
        now = time.time_ns()
        for f in files:
            os.utime(f, ns=(now, now))
    return run


def remove(pattern):
    def run():
        for f in glob.glob(pattern):
            try:
                os.unlink(f)
            except FileNotFoundError:
                pass  # another thread's request removed it first
    return run


def start_server(site, impl, args):
    if impl == 'ours':
        config = site.config('ours')
        web = webserver.WebServer(site.path('nginx-ours'), [os.path.abspath(args.cgi), config],
                                  mode='fastcgi', static_dir=site.static_dir('ours'),
                                  env={'SMOKEPING_CONFIG': config, 'TZ': 'UTC'},
                                  cgi_children=args.children, nginx_workers=2)
    else:
        config = site.config('original')
        web = webserver.WebServer(site.path('nginx-original'), ['perl', ORIGINAL_CGI, config],
                                  mode='cgi', static_dir=site.static_dir('original'),
                                  env={'TZ': 'UTC'}, cgi_children=args.children,
                                  nginx_workers=2)
    os.makedirs(web.dir, exist_ok=True)
    web.start()
    return web


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--cgi', required=True, help='our smokeping.cgi')
    parser.add_argument('--children', type=int, default=2,
                        help='FastCGI processes (ours) and fcgiwrap children (original)')
    parser.add_argument('--seconds', type=float, default=4)
    parser.add_argument('--min-requests', type=int, default=8)
    parser.add_argument('--max-requests', type=int, default=2000)
    parser.add_argument('--concurrency', default='1,8')
    parser.add_argument('--impl', default='ours,original')
    parser.add_argument('--keep', action='store_true', help='keep the work dir')
    args = parser.parse_args()
    impls = args.impl.split(',')
    missing = webserver.missing_tools('fastcgi') + webserver.missing_tools('cgi')
    if 'original' in impls and not have_original():
        missing.append(ORIGINAL_CGI + ' (with perl RRDs)')
    if shutil.which('rrdtool') is None:
        missing.append('rrdtool')
    if missing:
        print('missing: ' + ', '.join(sorted(set(missing))))
        return 77
    work = tempfile.mkdtemp(prefix='sp-bench-web-')
    servers = {}
    results = {}
    try:
        site = WebSite(work, int(time.time()))
        for impl in impls:
            servers[impl] = start_server(site, impl, args)
        for page, (query, rrds, images) in PAGES.items():
            files = [site.path('data', r + '.rrd') for r in rrds]
            for impl, web in servers.items():
                miss = touch(files) if impl == 'ours' else remove(
                    os.path.join(site.static_dir(impl), 'images', images))
                path = web.cgi_path + '?' + query
                Cell(web.port, path, 1, argparse.Namespace(
                    seconds=0, min_requests=1, max_requests=1)).run()  # draws the graphs once
                for mode, before in (('warm', None), ('cache miss', miss)):
                    for c in (int(x) for x in args.concurrency.split(',')):
                        r = Cell(web.port, path, c, args, before).run()
                        results[(page, mode, c, impl)] = r
                        print('%-8s %-10s c=%d %-8s n=%-5d p50 %8.1f ms  p99 %8.1f ms  %7.1f req/s'
                              '%s' % (page, mode, c, impl, r['n'], r['p50'], r['p99'], r['rps'],
                                      '  ERRORS %d: %s' % (len(r['errors']), r['errors'][0])
                                      if r['errors'] else ''), flush=True)
    finally:
        for web in servers.values():
            web.stop()
        if args.keep:
            print('work dir kept:', work)
        else:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print('| page | mode | conc | ours p50 / p99 ms | ours req/s | original p50 / p99 ms '
          '| original req/s | req/s ratio |')
    print('|---|---|---|---|---|---|---|---|')
    for (page, mode, c, impl), r in sorted(results.items()):
        if impl != impls[0]:
            continue
        o = results.get((page, mode, c, 'ours'))
        g = results.get((page, mode, c, 'original'))
        fmt = lambda x: ('%.1f / %.1f' % (x['p50'], x['p99'])) if x else '-'  # noqa: E731
        rps = lambda x: ('%.1f' % x['rps']) if x else '-'  # noqa: E731
        ratio = '%.0fx' % (o['rps'] / g['rps']) if o and g and g['rps'] else '-'
        print('| %s | %s | %d | %s | %s | %s | %s | %s |' % (page, mode, c, fmt(o), rps(o),
                                                            fmt(g), rps(g), ratio))
    return 1 if any(r['errors'] for r in results.values()) else 0


if __name__ == '__main__':
    sys.exit(main())
