"""The demo's processes (started by packaging/demo/run.sh): writes demo/config, starts the
master and nginx + spawn-fcgi + smokeping.cgi (tests/integration/webserver.py), prints the
URL, reports when the first graph has data, and stops everything by its id on Ctrl-C,
SIGTERM or the end of --for."""
import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, 'tests', 'integration'))
from webserver import WebServer, free_port, missing_tools  # noqa: E402

HOSTS = ['127.0.0.%d' % i for i in range(1, 5)]


def write_site(d):
    """demo/: config, template, data/, cache/ (graphs), www/ (what nginx serves at
    /smokeping/: the style sheet and script, and the graphs)."""
    for sub in ('data', 'cache', 'run', 'www', 'web'):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    www = os.path.join(d, 'www')
    for name, target in (('css', os.path.join(TOP, 'cgi', 'www', 'css')),
                         ('js', os.path.join(TOP, 'cgi', 'www', 'js')),
                         ('images', os.path.join(d, 'cache'))):
        link = os.path.join(www, name)
        if os.path.islink(link) or os.path.exists(link):
            os.remove(link)
        os.symlink(target, link)
    shutil.copy(os.path.join(TOP, 'etc', 'basepage.html.dist'), os.path.join(d, 'basepage.html'))
    shutil.copy(os.path.join(TOP, 'etc', 'smokemail.dist'), os.path.join(d, 'smokemail'))
    targets = ''.join('++ lo%d\nmenu = %s\ntitle = Loopback address %s\nhost = %s\n\n'
                      % (i + 1, h, h, h) for i, h in enumerate(HOSTS))
    config = '''*** General ***
owner = SmokePing demo
contact = demo@localhost
imgcache = {d}/cache
imgurl = ../smokeping/images
datadir = {d}/data
piddir = {d}/run
smokemail = {d}/smokemail
cgiurl = http://127.0.0.1/smokeping.cgi

*** Database ***
step = 30
pings = 5
AVERAGE 0.5 1 1008
AVERAGE 0.5 12 4320
MIN 0.5 12 4320
MAX 0.5 12 4320

*** Presentation ***
template = {d}/basepage.html
+ overview
width = 600
height = 50
range = 1h
+ detail
width = 600
height = 200
"Last 30 Minutes" 30m
"Last 3 Hours" 3h

*** Probes ***
+ FPing
binary = /usr/bin/fping

*** Targets ***
probe = FPing
menu = Top
title = SmokePing demo: loopback latency
remark = The master probes four loopback addresses every 30 seconds.

+ Local
menu = Local
title = Loopback addresses

{targets}'''.format(d=d, targets=targets)
    path = os.path.join(d, 'config')
    with open(path, 'w') as f:
        f.write(config)
    return path


def port_free(port):
    with socket.socket() as s:
        try:
            s.bind(('127.0.0.1', port))
            return True
        except OSError:
            return False


def rrd_has_data(path):
    """True once the RRD holds a measured median (rrdtool lastupdate)."""
    if not os.path.exists(path):
        return False
    run = subprocess.run(['rrdtool', 'lastupdate', path], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    lines = run.stdout.strip().splitlines()
    if run.returncode != 0 or len(lines) < 3:
        return False
    names = lines[0].split()
    values = lines[-1].split(':', 1)[1].split()
    median = dict(zip(names, values)).get('median', 'U')
    return median not in ('U', 'nan', '-nan')


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read()
    except (urllib.error.URLError, OSError) as e:
        return getattr(e, 'code', 0), b''


def page_and_graph(cgi_url):
    """Fetches the Local page and its first graph; (ok, message)."""
    status, body = fetch(cgi_url + '?target=Local')
    if status != 200:
        return False, 'page: HTTP %s' % status
    srcs = re.findall(rb'<img[^>]*src="([^"]*_mini\.png)"', body, re.IGNORECASE)
    if not srcs:
        return False, 'page has no graph'
    url = urllib.parse.urljoin(cgi_url, srcs[0].decode())
    status, png = fetch(url)
    if status != 200 or not png.startswith(b'\x89PNG'):
        return False, 'graph %s: HTTP %s' % (url, status)
    return True, url


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--smokeping', required=True)
    ap.add_argument('--cgi', required=True)
    ap.add_argument('--dir', required=True)
    ap.add_argument('--port', type=int)
    ap.add_argument('--for', dest='seconds', type=float)
    args = ap.parse_args()

    missing = missing_tools('fastcgi')
    if missing:
        print('demo: missing %s (packaging/install-build-deps.sh installs them)' % ' '.join(missing))
        return 1
    d = os.path.abspath(args.dir)
    config = write_site(d)
    check = subprocess.run([args.smokeping, '--check', '--config=' + config])
    if check.returncode != 0:
        return 1
    port = args.port or (8080 if port_free(8080) else free_port())

    stop = {'signal': None}

    def on_signal(sig, _frame):
        stop['signal'] = sig
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    master_log = open(os.path.join(d, 'master.log'), 'ab')
    master = subprocess.Popen([args.smokeping, '--nodaemon', '--config=' + config],
                              stdin=subprocess.DEVNULL, stdout=master_log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    web = WebServer(os.path.join(d, 'web'), [args.cgi, config], mode='fastcgi',
                    static_dir=os.path.join(d, 'www'), port=port)
    status = 0
    try:
        time.sleep(1)  # a master that cannot start (no ICMP permission) exits at once
        if master.poll() is not None:
            print('demo: the master exited (%d); see %s/master.log. ICMP needs root or '
                  'net.ipv4.ping_group_range.' % (master.returncode, d))
            return 1
        web.start()
        url = web.cgi_url
        print('\nSmokePing demo: %s\n(graphs fill in within two minutes; master log: '
              '%s/master.log; Ctrl-C stops)\n' % (url, d), flush=True)
        deadline = time.monotonic() + args.seconds if args.seconds else None
        rrd = os.path.join(d, 'data', 'Local', 'lo1.rrd')
        announced = False
        while stop['signal'] is None and (deadline is None or time.monotonic() < deadline):
            if master.poll() is not None:
                print('demo: the master exited (%d); see %s/master.log' % (master.returncode, d))
                return 1
            if not announced and rrd_has_data(rrd):
                print('demo: first measurements stored; the graphs show them now.', flush=True)
                announced = True
                if deadline is not None:  # the CI's check needs no more than the first round
                    break
            time.sleep(1)  # the demo's idle loop: checks for data once a second
        if stop['signal'] is None:  # --for ran out: the CI's check
            ok, what = page_and_graph(url)
            if not announced:
                ok, what = False, 'no measurement in %s after %s s' % (rrd, args.seconds)
            print('demo: %s (%s)' % ('OK, page and graph served' if ok else 'FAILED', what))
            status = 0 if ok else 1
        return status
    finally:
        web.stop()
        if master.poll() is None:
            master.terminate()
            try:
                master.wait(timeout=60)
            except subprocess.TimeoutExpired:
                master.kill()
                master.wait()
        master_log.close()
        print('demo: stopped (master, nginx and smokeping.cgi)')


if __name__ == '__main__':
    sys.exit(main())
