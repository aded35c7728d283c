#!/usr/bin/env python3
"""200 reloads while two slaves post (issue 9): the master daemon gets 200 SIGHUPs, each
awaited in its log and spread over 4 steps, and the FastCGI CGI sees 200 config changes
(the config touched, then a request), while two slaves post every round. Afterwards:
  - no process of the master died, and no RRD update failed;
  - each slave's rounds reached the master once each, one step apart, and every row of its
    `<target>~<slave>.rrd` between the first and the last line holds a median; the master's
    own `<target>.rrd` has a median in every row of the storm too;
  - the resident memory of the daemon and of the FastCGI process grew by less than 1 MB
    over the 200 reloads (measured after 20 warm-up reloads; not asserted under a sanitizer,
    whose quarantine holds freed memory).

Usage: fault_reload_storm_test.py --smokeping BIN --cgi BIN [--step S] [--reloads N] [--keep]
Exits 77 when nginx or spawn-fcgi is missing."""
import argparse
import os
import signal
import sys
import time
import urllib.request

from smokeping_env import DistributedSite, add_role_options, roles_missing, roles_text, rrd_fetch
from webserver import missing_tools
from fault_support import check_once_each, daemon_log_lines, delivered, rrd_settled

SLAVES = {'slave1': 'secret-one', 'slave2': 'secret-two'}
HOSTS = {'/Local/t2': '127.0.0.2', '/Local/t3': '127.0.0.3'}
PINGS = 3
TARGETS = '+ Local\nmenu = Local\ntitle = Local\nslaves = %s\n' % ' '.join(SLAVES) + ''.join(
    '++ {n}\nmenu = {n}\ntitle = {n}\nhost = {h}\n'.format(n=p.rsplit('/', 1)[1], h=h)
    for p, h in HOSTS.items())


def rss_kb(pid):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    raise AssertionError('no VmRSS for pid %d' % pid)


def sanitized():
    return any(k in os.environ for k in ('ASAN_OPTIONS', 'LSAN_OPTIONS', 'UBSAN_OPTIONS'))


class Storm:
    """One reload of each kind: SIGHUP to the daemon (awaited in its log) and a config touch
    followed by a request to the CGI, which reloads the config it serves."""

    def __init__(self, ds):
        self.ds = ds
        self.reloads = ds.daemon.output().count('config reloaded')

    def once(self):
        ds = self.ds
        ds.daemon.signal(signal.SIGHUP)
        os.utime(ds.config)  # now: what an editor does
        with urllib.request.urlopen(ds.web.cgi_url, timeout=60) as answer:
            assert answer.status == 200, 'CGI answered %d' % answer.status
            answer.read()
        self.reloads += 1
        deadline = time.monotonic() + 60
        while ds.daemon.output().count('config reloaded') < self.reloads:
            if ds.daemon.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError('reload %d not done\n%s' % (self.reloads, ds.report()))
            time.sleep(0.01)  # polling the log for the reload, bounded by the deadline


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    add_role_options(parser, slave='ours', master_cgi='ours', master_daemon='ours')
    parser.set_defaults(cgi_mode='fastcgi')
    parser.add_argument('--step', type=int, default=4)
    parser.add_argument('--reloads', type=int, default=200)
    parser.add_argument('--storm-steps', type=int, default=4, help='steps the reloads span')
    args = parser.parse_args()
    missing = roles_missing(args) + missing_tools(args.cgi_mode)
    if missing:
        print('skip: missing %s' % ', '.join(missing))
        return 77
    if args.cgi_mode != 'fastcgi' or 'original' in (args.master_cgi, args.master_daemon):
        print('skip: the memory measured is our FastCGI master\'s')
        return 77
    print(roles_text(args))

    started = time.monotonic()
    step = args.step
    ds = DistributedSite(args, TARGETS, SLAVES, step=step, pings=PINGS, record_bodies=True)
    try:
        ds.start_daemon()
        rrds = {(p, s): ds.rrd(p, s) for p in HOSTS for s in SLAVES}
        ds.wait_for(lambda: all(os.path.exists(p) for p in rrds.values()), 60,
                    'the master daemon to create the slave RRDs')
        ds.web.start()
        for name in SLAVES:
            ds.start_slave(name)
        ds.wait_for(lambda: all(len(delivered(ds, s)[p]) >= 2 for p in HOSTS for s in SLAVES),
                    step * 6 + 30, 'two rounds of each slave delivered')

        cgi_pid = ds.web.backends[0].proc.pid
        assert os.path.realpath('/proc/%d/exe' % cgi_pid) == os.path.realpath(args.cgi), (
            'pid %d is not the FastCGI program' % cgi_pid)
        storm = Storm(ds)
        for _ in range(20):
            storm.once()
        before = {'daemon': rss_kb(ds.daemon.proc.pid), 'cgi': rss_kb(cgi_pid)}
        storm_start = time.time()
        # Spread over a few steps, so that the slaves post and the probes run between them.
        pace = args.storm_steps * step / args.reloads
        for i in range(args.reloads):
            storm.once()
            time.sleep(max(0.0, storm_start + (i + 1) * pace - time.time()))
        storm_end = time.time()
        after = {'daemon': rss_kb(ds.daemon.proc.pid), 'cgi': rss_kb(cgi_pid)}
        assert ds.web.backends[0].alive(), 'the FastCGI process died'
        print('%d reloads in %.1f s; RSS before/after: daemon %d/%d kB, FastCGI %d/%d kB'
              % (args.reloads, storm_end - storm_start, before['daemon'], after['daemon'],
                 before['cgi'], after['cgi']))

        # Another round of each slave after the storm, then everything merged.
        ds.wait_for(lambda: all(max(delivered(ds, s)[p]) > storm_end + step
                                for p in HOSTS for s in SLAVES), step * 6 + 30,
                    'the slaves to deliver after the storm')
        rows = 0
        for name in SLAVES:
            got = delivered(ds, name)
            mine = {p: ds.rrd(p, name) for p in HOSTS}
            ds.wait_for(lambda: rrd_settled(ds, mine, got), step * 4 + 30,
                        'the master to merge %s' % name)
            rows += check_once_each(ds, mine, got, step)
        for path in HOSTS:
            own = [v for t, v in rrd_fetch(ds.rrd(path), start=str(int(storm_start)),
                                           end=str(int(storm_end)))
                   if storm_start + step <= t <= storm_end - step]
            empty = [v for v in own if v['median'] is None]
            assert own and not empty, '%s: %d rows of the storm without a median' % (
                path, len(empty))
        assert ds.daemon.proc.poll() is None and ds.web.backends[0].alive()
        failed = daemon_log_lines(ds, 'rrd update failed')
        assert not failed, 'RRD updates failed:\n' + ''.join(failed)
        print('slave rows checked: %d, no round lost or doubled' % rows)
        if sanitized():
            print('note: sanitizer build, RSS growth not asserted')
        else:
            for who in before:
                grown = after[who] - before[who]
                assert grown < 1024, '%s RSS grew by %d kB over %d reloads' % (
                    who, grown, args.reloads)
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
