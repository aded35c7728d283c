#!/usr/bin/env python3
"""Slave posts per second a master endpoint ingests: S slaves x T targets, every slave posts
R rounds (T lines each, correctly signed) through nginx on 127.0.0.1 with C concurrent
clients. The same run measures each implementation side by side:
  original/cgi      Debian's smokeping.cgi 2.7.3, plain CGI under fcgiwrap (a perl per post)
  ours/cgi          our smokeping.cgi, plain CGI under fcgiwrap
  ours/fastcgi      our smokeping.cgi as persistent FastCGI processes (spawn-fcgi)
  original/fastcgi  Debian's smokeping.cgi as persistent CGI::Fast processes (spawn-fcgi)
Afterwards every line must be in the `.slave_cache` files (read as Storable and counted),
or the row is marked as failed. Prints figures only; no test depends on them.
The RRD files the master daemon would have created are there (--no-rrds: absent), because
the original's CGI checks each of them on every config load; that makes original/cgi so slow
that by default only --original-cgi-posts of its posts are sent (its rate is from those).

Usage: bench/slave_ingest.py --cgi BUILD/cgi/smokeping.cgi [--slaves 100] [--targets 100]
           [--rounds 1] [--clients 4] [--processes CLIENTS] [--impl original/cgi,ours/cgi,...]
           [--original-cgi-posts 4] [--no-rrds] [--keep]"""
import argparse
import glob
import hashlib
import hmac
import http.client
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests', 'integration'))
from smokeping_env import ORIGINAL_CGI, original_missing, process_env, read_storable  # noqa: E402
from webserver import WebServer, missing_tools  # noqa: E402

PINGS = 20
STEP = 300
BOUNDARY = 'xYzZY'


def slave_name(i):
    return 's%03d' % i


def target_name(j):
    return 't%03d' % j


def write_site(root, slaves, targets):
    """Config, secrets and dirs of a master with `targets` top-level targets (127.0.0.x) that
    all list every slave. One small RRA keeps the RRD files the daemon would create small."""
    for d in ('data', 'cache', 'run'):
        os.makedirs(os.path.join(root, d))
    secrets = os.path.join(root, 'secrets')
    with open(secrets, 'w') as f:
        f.writelines('%s:secret-%s\n' % (slave_name(i), slave_name(i))
                     for i in range(1, slaves + 1))
    os.chmod(secrets, 0o600)
    names = ' '.join(slave_name(i) for i in range(1, slaves + 1))
    slave_sections = ''.join('+ %s\ndisplay_name = %s\ncolor = 0000ff\n'
                             % (slave_name(i), slave_name(i)) for i in range(1, slaves + 1))
    target_sections = ''.join(
        '+ {t}\nmenu = {t}\ntitle = {t}\nhost = 127.0.{hi}.{lo}\nslaves = {names}\n'.format(
            t=target_name(j), hi=j // 250, lo=j % 250 + 1, names=names)
        for j in range(1, targets + 1))
    config = os.path.join(root, 'config')
    with open(config, 'w') as f:
        f.write('''*** General ***
owner = Bench
contact = bench@localhost
imgcache = {r}/cache
imgurl = cache
datadir = {r}/data
piddir = {r}/run
smokemail = /etc/smokeping/smokemail
cgiurl = http://127.0.0.1/smokeping.cgi

*** Database ***
step = {step}
pings = {pings}
AVERAGE 0.5 1 10

*** Presentation ***
template = /etc/smokeping/basepage.html
+ overview
width = 600
height = 50
+ detail
width = 600
height = 200
"Last 3 Hours" 3h

*** Probes ***
+ FPing
binary = /usr/bin/fping

*** Slaves ***
secrets = {secrets}
{slave_sections}
*** Targets ***
probe = FPing
menu = Top
title = Bench
{target_sections}'''.format(r=root, step=STEP, pings=PINGS, secrets=secrets,
                            slave_sections=slave_sections, target_sections=target_sections))
    return config


def create_rrds(config):
    """The RRD files a master daemon would have created: the original's CGI checks the layout
    of every existing one on each config load, which is part of its real cost."""
    subprocess.run(['perl', '-e', 'use lib "/usr/share/perl5"; use Smokeping; '
                    'Smokeping::load_cfg($ARGV[0])', config], check=True, env=process_env(),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)


def post_body(slave, targets, stamp, config_time):
    """The multipart body and key of one slave round, as the original slave sends it."""
    line = 'U:0:' + ':'.join(['1.0000000000e-03'] * (PINGS + 1))
    data = '\n'.join('/%s\t%d\t%s' % (target_name(j), stamp, line)
                     for j in range(1, targets + 1)).encode()
    key = hmac.new(('secret-' + slave).encode(), data, hashlib.md5).hexdigest()
    parts = [('slave', slave.encode()), ('key', key.encode()), ('protocol', b'2'),
             ('data', data), ('config_time', str(config_time).encode())]
    body = b''.join(b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
                    % (BOUNDARY.encode(), name.encode(), value) for name, value in parts)
    return body + b'--%s--\r\n' % BOUNDARY.encode()


def post(port, body):
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=300)
    try:
        conn.request('POST', '/smokeping.cgi', body,
                     {'Content-Type': 'multipart/form-data; boundary=' + BOUNDARY,
                      'User-Agent': 'smokeping-slave/1.0'})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def run_posts(port, bodies, clients):
    """Posts every body with `clients` threads; returns (wall s, latencies s, failures)."""
    work = queue.Queue()
    for b in bodies:
        work.put(b)
    latencies, failures = [], []
    lock = threading.Lock()

    def client():
        while True:
            try:
                body = work.get_nowait()
            except queue.Empty:
                return
            t0 = time.monotonic()
            try:
                status, answer = post(port, body)
            except OSError as e:
                status, answer = 0, str(e).encode()
            took = time.monotonic() - t0
            with lock:
                latencies.append(took)
                if status != 200 or answer != b'OK\n':
                    failures.append('%s %r' % (status, answer[:200]))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.monotonic() - start, latencies, failures


def stored_lines(datadir):
    """(entries, bad files) over every .slave_cache file: each entry is [slave, time, update]
    and its slave matches the file name."""
    entries, bad = 0, []
    for path in glob.glob(os.path.join(datadir, '**', '*.slave_cache'), recursive=True):
        try:
            with open(path, 'rb') as f:
                rows = read_storable(f.read())
        except ValueError as e:
            bad.append('%s: %s' % (path, e))
            continue
        slave = os.path.basename(path).split('.')[-2].encode()
        if not all(isinstance(r, list) and len(r) == 3 and r[0] == slave for r in rows):
            bad.append(path)
        entries += len(rows)
    return entries, bad


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(impl, args, workdir):
    """One implementation in a fresh site: returns a result row (dict)."""
    who, mode = impl.split('/')
    root = os.path.join(workdir, impl.replace('/', '-'))
    config = write_site(root, args.slaves, args.targets)
    if not args.no_rrds:  # the same files for every row, made once (they hold no paths)
        template = os.path.join(workdir, 'rrds')
        if not os.path.isdir(template):
            create_rrds(write_site(template, args.slaves, args.targets))
        shutil.copytree(os.path.join(template, 'data'), os.path.join(root, 'data'),
                        dirs_exist_ok=True)
    cgi = args.cgi if who == 'ours' else ORIGINAL_CGI
    web = WebServer(os.path.join(root, 'web'), [cgi, config], mode=mode,
                    env={'SMOKEPING_CONFIG': config}, nginx_workers=2,
                    cgi_children=args.clients if mode == 'cgi' else args.processes)
    config_time = int(os.stat(config).st_mtime)
    stamp = int(time.time()) // STEP * STEP
    bodies = [post_body(slave_name(i), args.targets, stamp + r * STEP, config_time)
              for r in range(args.rounds) for i in range(1, args.slaves + 1)]
    if impl == 'original/cgi' and args.original_cgi_posts:
        bodies = bodies[:args.original_cgi_posts]  # a sample: see --original-cgi-posts
    try:
        web.start()
        # One signed empty round first: a FastCGI process loads its config on the first
        # request, which a running master has long done.
        warm = post_body(slave_name(1), 0, stamp, config_time)
        run_posts(web.port, [warm] * max(args.processes, 1), max(args.processes, 1))
        wall, latencies, failures = run_posts(web.port, bodies, args.clients)
    finally:
        web.stop()
    entries, bad = stored_lines(os.path.join(root, 'data'))
    expected = len(bodies) * args.targets
    ok = not failures and not bad and entries == expected
    if not ok:
        print('%s: %d failed posts (first: %s), %d bad cache files, %d of %d lines stored'
              % (impl, len(failures), failures[:1], len(bad), entries, expected), file=sys.stderr)
        print('\n'.join(web.error_log().splitlines()[-5:]), file=sys.stderr)
    return {'impl': impl, 'posts': len(bodies), 'wall': wall,
            'rate': len(bodies) / wall, 'p50': percentile(latencies, 0.5) * 1000,
            'p99': percentile(latencies, 0.99) * 1000, 'stored': '%d/%d' % (entries, expected),
            'ok': ok}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--cgi', type=os.path.abspath,
                        help='our smokeping.cgi (needed for the ours/* rows)')
    parser.add_argument('--slaves', type=int, default=100)
    parser.add_argument('--targets', type=int, default=100)
    parser.add_argument('--rounds', type=int, default=1)
    parser.add_argument('--clients', type=int, default=4, help='concurrent posting clients')
    parser.add_argument('--processes', type=int, default=0,
                        help='FastCGI processes (spawn-fcgi) of the fastcgi rows; default: as '
                        'many as clients, like the fcgiwrap children of the cgi rows')
    parser.add_argument('--impl', default='original/cgi,ours/cgi,ours/fastcgi,original/fastcgi')
    parser.add_argument('--no-rrds', action='store_true',
                        help='skip creating the RRD files the master daemon would have made')
    parser.add_argument('--original-cgi-posts', type=int, default=4,
                        help='post only this many rounds to original/cgi (0: all); with the '
                        'RRDs present each of its posts checks every RRD, about 24 s of CPU '
                        'at 100 x 100')
    parser.add_argument('--keep', action='store_true', help='keep the temp dir')
    args = parser.parse_args()
    args.processes = args.processes or args.clients

    impls = [i for i in args.impl.split(',') if i]
    runnable = []
    for impl in impls:
        who, mode = impl.split('/')
        missing = missing_tools(mode) + (original_missing() if who == 'original' else [])
        if who == 'ours' and not (args.cgi and os.access(args.cgi, os.X_OK)):
            missing.append('--cgi')
        if missing:
            print('skipping %s: missing %s' % (impl, ', '.join(missing)), file=sys.stderr)
        else:
            runnable.append(impl)

    workdir = tempfile.mkdtemp(prefix='sp-ingest-')
    rows = []
    try:
        for impl in runnable:
            rows.append(measure(impl, args, workdir))
    finally:
        if args.keep:
            print('kept', workdir, file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    print('%d slaves x %d targets x %d round(s), %d clients, %d FastCGI processes, RRDs %s'
          % (args.slaves, args.targets, args.rounds, args.clients, args.processes,
             'absent' if args.no_rrds else 'present'))
    print('%-17s %6s %8s %8s %9s %9s %13s %s' % ('implementation', 'posts', 'wall s',
                                                 'posts/s', 'p50 ms', 'p99 ms', 'lines stored',
                                                 'verdict'))
    for r in rows:
        print('%-17s %6d %8.2f %8.2f %9.1f %9.1f %13s %s' % (
            r['impl'], r['posts'], r['wall'], r['rate'], r['p50'], r['p99'], r['stored'],
            'ok' if r['ok'] else 'FAILED'))
    return 0 if rows and all(r['ok'] for r in rows) else 1


if __name__ == '__main__':
    sys.exit(main())
