#!/usr/bin/env python3
"""The master killed with SIGKILL mid-work (issue 9), in FastCGI mode (nginx + spawn-fcgi):
1. the FastCGI CGI is killed with slave posts in flight (posted by this test for slave2, one
   line per target of /Many, each with its own median): 2 posts are answered, the CGI is
   stopped (SIGSTOP), the other 38 queue at its socket, and it is killed there, so that the
   kill lands among the posts on any machine: after the CGI is back, every line answered
   `OK` reaches its `<target>~slave2.rrd` (last update and value), and a line not answered
   OK is either there whole or absent;
2. the master daemon is killed 3 times during its rounds (0.5 s and 1.5 s into a round of
   waves 1 s apart, checked to be inside the round, and when the round's rows have just
   been written) while slave1 posts every round, and started again each time: its next
   round lands, and every line of slave1 that was answered 200 ends in
   `<target>~slave1.rrd` once, one step after the other.
Afterwards every RRD reads with `rrdtool info`, and no `.corrupt` cache and no temporary RRD
file lies in the datadir.

Usage: fault_master_kill_test.py --smokeping BIN --cgi BIN [--step S] [--keep]
Exits 77 when nginx, spawn-fcgi or ss (iproute2) is missing."""
import argparse
import concurrent.futures
import hashlib
import hmac
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from smokeping_env import DistributedSite, add_role_options, rrd_info, roles_missing, roles_text
from webserver import missing_tools
from fault_support import (check_once_each, daemon_log_lines, delivered, rrd_readable,
                           rrd_settled, small_rras)

PINGS = 3
LOCAL = {'/Local/t2': '127.0.0.2', '/Local/t3': '127.0.0.3'}
MANY = {'/Many/h%d' % k: '127.0.1.%d' % k for k in range(1, 41)}
SLAVES = {'slave1': 'secret-one', 'slave2': 'secret-two'}


def targets():
    def nodes(hosts):
        return ''.join('++ {n}\nmenu = {n}\ntitle = {n}\nhost = {h}\n'.format(
            n=p.rsplit('/', 1)[1], h=h) for p, h in hosts.items())
    return ('+ Local\nmenu = Local\ntitle = Local\nslaves = slave1\n' + nodes(LOCAL) +
            '+ Many\nmenu = Many\ntitle = Many\nslaves = slave2\n' + nodes(MANY))


def update_string(k):
    """The line posted for /Many/h<k>: its own median, so the RRD tells whose it is."""
    rtts = ['%.10e' % ((k + i) * 1e-4) for i in range(PINGS)]
    return 'U:0:%s:%s' % (rtts[PINGS // 2], ':'.join(rtts))


def post_line(url, path, stamp, update):
    """One signed post of one line for slave2, as our slave would send it; (status, body)."""
    data = '%s\t%d\t%s' % (path, stamp, update)
    key = hmac.new(SLAVES['slave2'].encode(), data.encode(), hashlib.md5).hexdigest()
    # A config_time from the far future: the answer is OK, never a config.
    body = urllib.parse.urlencode({'slave': 'slave2', 'protocol': '2', 'key': key,
                                   'data': data, 'config_time': '9999999999'}).encode()
    try:
        with urllib.request.urlopen(url, data=body, timeout=60) as answer:
            return answer.status, answer.read().decode(errors='replace')
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors='replace')
    except OSError as e:
        return 0, str(e)


def accept_queue(socket_path):
    """Connections waiting in the listen queue of the unix socket at `socket_path` (the
    Recv-Q that `ss` shows for a listening socket)."""
    out = subprocess.run(['ss', '-xlnH'], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        fields = line.split()
        if socket_path in fields:
            return int(fields[2])
    raise AssertionError('no listening socket %s in `ss -xl`' % socket_path)


def wait_stopped(pid, timeout=10):
    """Waits until the process is in the stopped state (SIGSTOP is delivered asynchronously)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open('/proc/%d/stat' % pid) as f:
            if f.read().rsplit(')', 1)[1].split()[0] == 'T':
                return
        time.sleep(0.02)  # polling a condition with a deadline
    raise AssertionError('process %d not stopped after %d s' % (pid, timeout))


def kill_cgi_mid_posts(ds):
    """Part 1; returns (answered OK, not OK) as lists of (path, time, update)."""
    stamp = int(time.time())
    lines = [(p, stamp, update_string(k)) for k, p in enumerate(MANY, start=1)]
    first, rest = lines[:2], lines[2:]
    pid = ds.web.backends[0].proc.pid
    results = {line: post_line(ds.web.cgi_url, *line) for line in first}
    os.kill(pid, signal.SIGSTOP)
    wait_stopped(pid)
    socket_path = ds.web.path('fcgi-0.sock')
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(rest)) as pool:
        futures = {pool.submit(post_line, ds.web.cgi_url, *line): line for line in rest}
        deadline = time.monotonic() + 30
        while accept_queue(socket_path) < len(rest):
            assert time.monotonic() < deadline, 'only %d of %d posts reached the CGI socket' % (
                accept_queue(socket_path), len(rest))
            time.sleep(0.02)  # polling a condition with a deadline
        os.kill(pid, signal.SIGKILL)
        for future in concurrent.futures.as_completed(futures):
            results[futures[future]] = future.result()
    ok = [line for line, (status, body) in results.items() if status == 200 and body == 'OK\n']
    not_ok = [line for line in lines if line not in ok]
    print('FastCGI killed with posts in flight: %d answered OK, %d not (%s)' % (
        len(ok), len(not_ok), sorted({results[l][0] for l in not_ok})))
    assert ok and not_ok, 'the kill did not fall among the posts: %d OK, %d not' % (
        len(ok), len(not_ok))
    assert sorted(ok) == sorted(first), 'the posts before the stop were answered OK, and only those'
    ds.web.stop()
    ds.web.start()
    return ok, not_ok


def check_cgi_kill(ds, ok, not_ok):
    def landed(line):
        return int(rrd_info(ds.rrd(line[0], 'slave2'))['last_update']) == line[1]

    ds.wait_for(lambda: all(landed(l) for l in ok), ds.step * 4 + 30,
                'the lines answered OK in the RRDs')
    for path, stamp, update in ok + not_ok:
        rrd = ds.rrd(path, 'slave2')
        assert rrd_readable(rrd) is None, rrd_readable(rrd)
        info = rrd_info(rrd)
        if int(info['last_update']) != stamp:
            assert (path, stamp, update) in not_ok, '%s: a line answered OK is missing' % rrd
            continue
        median = float(update.split(':')[2])
        stored = float(info['ds[median].last_ds'].strip('"'))
        assert abs(stored - median) < 1e-12, '%s: median %s, posted %s' % (rrd, stored, median)
    stored = sum(1 for p, t, _ in not_ok if int(rrd_info(ds.rrd(p, 'slave2'))['last_update']) == t)
    print('all %d lines answered OK landed; %d of the %d others did too' % (
        len(ok), stored, len(not_ok)))


class LogTail:
    """Reads what a log file gained since the last call, from a saved offset."""

    def __init__(self, path):
        self.path, self.offset, self.text = path, 0, ''

    def read(self):
        with open(self.path, errors='replace') as f:
            f.seek(self.offset)
            new = f.read()
            self.offset = f.tell()
        self.text += new
        return new


LATE = 0.25  # s past the chosen point; a round lasts about 2 s (waves 1 s apart)
LOG_TIME = re.compile(r'^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\.(\d{3})\]')


def log_times(text, needle):
    """The epoch times (s) of the log lines of `text` that contain `needle`."""
    out = []
    for line in text.splitlines():
        m = LOG_TIME.match(line)
        if m and needle in line:
            out.append(time.mktime(time.strptime(m.group(1), '%Y-%m-%d %H:%M:%S')) +
                       int(m.group(2)) / 1000)
    return out


def sleep_into_round(tail, step, offset, attempts=3):
    """Sleeps until `offset` s into a round and returns, checked from the log: the daemon
    was up (its probe started) before the round's start, the previous round finished
    before it, and this one has not finished yet. A machine too slow to be there in time
    tries the next round."""
    for _ in range(attempts):
        boundary = math.ceil(time.time() / step) * step
        time.sleep(max(0.0, boundary + offset - time.time()))  # a point inside the round
        tail.read()
        up = log_times(tail.text, 'probe started')
        finished = log_times(tail.text, 'round finished')
        assert up and up[0] < boundary, 'the daemon was not up at the round start'
        assert finished, 'no round finished yet'
        if finished[-1] < boundary and time.time() < boundary + offset + LATE:
            return
        print('late for the round at %d (last round finished at %.3f), trying the next' % (
            boundary, finished[-1]))
    raise AssertionError('could not reach %.1f s into a round in %d tries' % (offset, attempts))


def kill_daemon_mid_rounds(ds):
    """Part 2: SIGKILL at chosen points of a round, then a restart whose round must land."""
    step = ds.step
    for offset in (0.5, 1.5, None):
        tail = LogTail(ds.daemon.log_path)
        if offset is None:
            # The rows are written just before "round finished" is logged: kill at the
            # first sign of the round's end instead of at a time.
            tail.read()
            rounds = tail.text.count('round finished')
            deadline = time.monotonic() + step * 3
            while True:
                tail.read()
                if tail.text.count('round finished') > rounds:
                    break
                assert time.monotonic() < deadline, 'no round finished in %d s' % (step * 3)
                time.sleep(0.02)  # polling the log, bounded by the deadline
        else:
            sleep_into_round(tail, step, offset)
        ds.daemon.signal(signal.SIGKILL)
        ds.daemon.proc.wait()
        ds.daemon.stop()
        daemon = ds.start_daemon()
        ds.wait_for(lambda: daemon.rounds() >= 1, step * 3 + 30, 'a round after the restart')
    print('master daemon killed 3 times and restarted; each restart finished a round')


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    add_role_options(parser, slave='ours', master_cgi='ours', master_daemon='ours')
    parser.set_defaults(cgi_mode='fastcgi')
    parser.add_argument('--step', type=int, default=4)
    args = parser.parse_args()
    missing = roles_missing(args) + missing_tools(args.cgi_mode)
    if not shutil.which('ss'):
        missing.append('ss (iproute2)')
    if missing:
        print('skip: missing %s' % ', '.join(missing))
        return 77
    if args.cgi_mode != 'fastcgi' or 'original' in (args.master_cgi, args.master_daemon):
        print('skip: this test kills our FastCGI master')
        return 77
    print(roles_text(args))

    started = time.monotonic()
    step = args.step
    ds = DistributedSite(args, targets(), SLAVES, step=step, pings=PINGS, record_bodies=True)
    try:
        small_rras(ds.config)  # 84 RRDs
        ds.start_daemon()
        rrds = {p: ds.rrd(p, 'slave1') for p in LOCAL}
        ds.wait_for(lambda: all(os.path.exists(ds.rrd(p, 'slave2')) for p in MANY), 60,
                    'the master daemon to create the slave RRDs')
        ds.web.start()
        ds.start_slave('slave1')
        ds.wait_for(lambda: all(len(delivered(ds, 'slave1')[p]) >= 2 for p in LOCAL),
                    step * 6 + 30, 'two rounds of slave1 delivered')

        ok, not_ok = kill_cgi_mid_posts(ds)
        check_cgi_kill(ds, ok, not_ok)
        kill_daemon_mid_rounds(ds)

        last = max(max(t) for t in delivered(ds, 'slave1').values())
        ds.wait_for(lambda: all(max(delivered(ds, 'slave1')[p]) > last + step for p in LOCAL),
                    step * 6 + 30, 'slave1 to deliver after the last restart')
        got = delivered(ds, 'slave1')
        ds.wait_for(lambda: rrd_settled(ds, rrds, got), step * 4 + 30, 'the master to merge')
        rows = check_once_each(ds, rrds, got, step)
        print('slave1: %d rows filled across the daemon kills' % rows)

        leftovers = []
        for root, _, files in os.walk(ds.site.path('data')):
            for name in files:
                path = os.path.join(root, name)
                if name.endswith('.rrd'):
                    assert rrd_readable(path) is None, rrd_readable(path)
                elif name.endswith('.corrupt') or '.rrd' in name:
                    leftovers.append(path)
        assert not leftovers, 'left in the datadir: %s' % leftovers
        damaged = daemon_log_lines(ds, 'slave cache unreadable')
        assert not damaged, 'damaged slave caches:\n' + ''.join(damaged)
        print('took %.0f s' % (time.monotonic() - started))
        print('1 passed, 0 failed')
        return 0
    except AssertionError as e:
        print('FAIL (%s): %s' % (roles_text(args), e))
        print(ds.report())
        print('1 failed, 0 passed')
        return 1
    finally:
        ds.stop()
        ds.cleanup()


if __name__ == '__main__':
    sys.exit(main())
