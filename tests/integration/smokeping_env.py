"""Shared pieces of the integration tests: a temporary SmokePing installation (dirs, files,
config) and a daemon started and stopped by pid."""
import os
import re
import shutil
import signal
import struct
import subprocess
import tempfile
import time
import urllib.parse


class Site:
    """A temp dir laid out like /etc + /var for one smokeping config."""

    def __init__(self, prefix='sp-it-'):
        self.root = tempfile.mkdtemp(prefix=prefix)
        for d in ('data', 'cache', 'run'):
            os.makedirs(self.path(d))
        self.write('smokemail', 'mail\n')
        self.write('basepage.html', '<html><body><##body##></body></html>\n')
        self.write('fping', '#!/bin/sh\nexit 0\n', 0o755)

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def write(self, name, text, mode=0o644):
        p = self.path(name)
        with open(p, 'w') as f:
            f.write(text)
        os.chmod(p, mode)
        return p

    def config(self, targets, step=10, pings=5, probes=None, extra_general='',
               extra_sections=''):
        probes = probes or '+ FPing\nbinary = %s\n' % self.path('fping')
        text = '''*** General ***
owner = Test
contact = test@localhost
imgcache = {r}/cache
imgurl = cache
datadir = {r}/data
piddir = {r}/run
smokemail = {r}/smokemail
cgiurl = http://127.0.0.1/smokeping.cgi
offset = 0%
{extra}
*** Database ***
step = {step}
pings = {pings}
AVERAGE 0.5 1 1008
AVERAGE 0.5 12 4320
MIN 0.5 12 4320
MAX 0.5 12 4320
AVERAGE 0.5 144 720
MAX 0.5 144 720
MIN 0.5 144 720

*** Presentation ***
template = {r}/basepage.html
+ overview
width = 600
height = 50
+ detail
width = 600
height = 200
"Last 3 Hours" 3h

*** Probes ***
{probes}
{sections}*** Targets ***
probe = FPing
menu = Top
title = Test
{targets}'''.format(r=self.root, step=step, pings=pings, probes=probes, targets=targets,
                     extra=extra_general, sections=extra_sections)
        return self.write('config', text)

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)


class Daemon:
    """`smokeping --nodaemon`, its stderr collected in a file, stopped by pid."""

    def __init__(self, binary, config, log_path, extra=(), env=None):
        self._spawn([binary, '--nodaemon', '--config=' + config, *extra], log_path, env)

    def _spawn(self, argv, log_path, env):
        self.argv = argv
        self.log_path = log_path
        self.log = open(log_path, 'w')
        self.proc = subprocess.Popen(argv, stdout=self.log, stderr=subprocess.STDOUT,
                                     env=env)

    def output(self):
        with open(self.log_path) as f:
            return f.read()

    def wait_for(self, predicate, timeout, what):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            if self.proc.poll() is not None:
                raise AssertionError('daemon exited (%s) while waiting for %s:\n%s'
                                     % (self.proc.returncode, what, self.output()))
            time.sleep(0.2)  # polling a condition with a deadline, not timing a race
        raise AssertionError('timed out after %ss waiting for %s:\n%s' % (timeout, what, self.output()))

    def rounds(self):
        return self.output().count('round finished')

    def signal(self, sig):
        os.kill(self.proc.pid, sig)

    def stop(self, timeout=60):
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()
        return self.proc.returncode


def rrd_info(path):
    out = subprocess.run(['rrdtool', 'info', path], check=True, stdout=subprocess.PIPE).stdout
    info = {}
    for line in out.decode().splitlines():
        key, _, value = line.partition(' = ')
        info[key] = value
    return info


def rrd_fetch(path, cf='AVERAGE', start='-300', end=None):
    """Rows of (time, {ds: value or None})."""
    argv = ['rrdtool', 'fetch', path, cf, '--start', start] + (['--end', end] if end else [])
    out = subprocess.run(argv, check=True, stdout=subprocess.PIPE).stdout.decode().splitlines()
    names = out[0].split()
    rows = []
    for line in out[2:]:
        t, _, values = line.partition(':')
        vals = [None if v.strip().lower() in ('nan', '-nan') else float(v) for v in values.split()]
        rows.append((int(t), dict(zip(names, vals))))
    return rows


# ---- Distributed mode: the original's programs, slaves, and what travels between them ----

ORIGINAL_SMOKEPING = '/usr/sbin/smokeping'
ORIGINAL_CGI = '/usr/share/smokeping/smokeping.cgi'


def original_missing():
    """What of Debian's smokeping 2.7.3 this machine lacks (empty when all is there)."""
    return [p for p in (ORIGINAL_SMOKEPING, ORIGINAL_CGI, '/usr/share/perl5/Smokeping.pm')
            if not os.path.exists(p)]


def process_env(**extra):
    """This process's environment for a daemon or slave: never in CGI mode (the original's
    probes skip their checks when SERVER_SOFTWARE is set), plus `extra`."""
    env = dict(os.environ)
    env.pop('SERVER_SOFTWARE', None)
    env.update({k: str(v) for k, v in extra.items()})
    return env


class Slave(Daemon):
    """`smokeping --master-url=... --nodaemon` (ours or the original's), stopped by pid."""

    def __init__(self, binary, master_url, cache_dir, secret_file, name, log_path, extra=(),
                 env=None):
        self._spawn([binary, '--nodaemon', '--master-url=' + master_url,
                     '--cache-dir=' + cache_dir, '--shared-secret=' + secret_file,
                     '--slave-name=' + name, *extra], log_path, env)


# The original's FPing probe runs this instead of fping: every host answers every ping, with
# RTTs (ms) of $SP_FAKE_RTT_MS + last octet / 100 + k / 10 for ping k, so a test knows which
# process measured a value that reached an RRD. Our probe does its own ICMP and ignores it.
FAKE_FPING = r'''#!/bin/sh
base=${SP_FAKE_RTT_MS:-1}
count=1 quiet=no hosts=
while [ $# -gt 0 ]; do
  case $1 in
    -C) count=$2; shift 2 ;;
    -C*) count=${1#-C}; shift ;;
    -q) quiet=yes; shift ;;
    -*) shift ;;
    *) hosts="$hosts $1"; shift ;;
  esac
done
for h in $hosts; do
  awk -v h="$h" -v n="$count" -v b="$base" -v q="$quiet" 'BEGIN {
    split(h, o, "."); first = b + ((o[4] ~ /^[0-9]+$/) ? o[4] / 100 : 0)
    line = h " :"
    for (k = 0; k < n; k++) line = line sprintf(" %.3f", first + k / 10)
    if (q == "yes") { print line > "/dev/stderr"; exit }
    printf "%s : [0], 84 bytes, %.3f ms (%.3f avg, 0%% loss)\n\n%s\n", h, first, first, line
  }'
done
'''


def write_fake_fping(site, name='fake-fping'):
    return site.write(name, FAKE_FPING, 0o755)


def fake_rtts(base_ms, host, pings):
    """The RTTs in seconds FAKE_FPING reports for `host` (sorted)."""
    octet = host.rsplit('.', 1)[-1]
    first = float(base_ms) + (int(octet) / 100 if octet.isdigit() else 0)
    return [round(first + k / 10, 3) / 1000 for k in range(pings)]


def read_storable(data):
    """The value stored in a Perl Storable image made by nstore (network order): the subset
    SmokePing's cache files use (arrays, hashes, refs, strings, small integers, undef)."""
    if data[:4] != b'pst0' or len(data) < 6 or not data[4] & 1:
        raise ValueError('not a network-order Storable image')
    pos = 6

    def take(n):
        nonlocal pos
        if pos + n > len(data):
            raise ValueError('truncated Storable image at byte %d' % pos)
        chunk = data[pos:pos + n]
        pos += n
        return chunk

    def u32():
        return struct.unpack('>I', take(4))[0]

    def item():
        op = take(1)[0]
        if op == 0x01 or op == 0x18:  # long string (bytes / utf-8)
            return take(u32())
        if op == 0x0a or op == 0x17:  # short string
            return take(take(1)[0])
        if op == 0x02:  # array
            return [item() for _ in range(u32())]
        if op == 0x03:  # hash: value, then key
            out = {}
            for _ in range(u32()):
                value = item()
                out[take(u32())] = value
            return out
        if op == 0x04:  # reference
            return item()
        if op in (0x05, 0x0e, 0x1c):  # undef
            return None
        if op == 0x08:  # byte-sized integer, offset by 128
            return take(1)[0] - 128
        if op == 0x09:  # 32-bit integer
            return struct.unpack('>i', take(4))[0]
        raise ValueError('Storable opcode 0x%02x at byte %d not supported' % (op, pos - 1))

    value = item()
    if pos != len(data):
        raise ValueError('%d bytes after the Storable value' % (len(data) - pos))
    return value


def form_fields(content_type, body):
    """name -> value (bytes) of a multipart/form-data or urlencoded request body."""
    match = re.search(r'boundary="?([^";]+)"?', content_type or '')
    if (content_type or '').startswith('multipart/form-data') and match:
        fields = {}
        delimiter = b'--' + match.group(1).encode()
        for part in body.split(delimiter)[1:]:
            if part.startswith(b'--'):
                break
            head, _, value = part[2:].partition(b'\r\n\r\n')
            name = re.search(rb'name="([^"]*)"', head)
            if name:
                fields[name.group(1).decode()] = value[:-2] if value.endswith(b'\r\n') else value
        return fields
    pairs = urllib.parse.parse_qsl(body.decode('latin-1'), keep_blank_values=True)
    return {k: v.encode('latin-1') for k, v in pairs}


def submission_lines(data):
    """(target path, time, update string) of each line of a slave's `data` field."""
    out = []
    for line in data.decode('latin-1').split('\n'):
        if line:
            path, stamp, update = line.split('\t')[:3]
            out.append((path, int(stamp), update))
    return out


def add_role_options(parser, slave, master_cgi, master_daemon):
    """Which implementation plays each role of a distributed-mode test."""
    roles = ('ours', 'original')
    parser.add_argument('--smokeping', type=os.path.abspath, help='our smokeping binary')
    parser.add_argument('--cgi', type=os.path.abspath, help='our smokeping.cgi binary')
    parser.add_argument('--slave', choices=roles, default=slave)
    parser.add_argument('--master-cgi', choices=roles, default=master_cgi)
    parser.add_argument('--master-daemon', choices=roles, default=master_daemon)
    parser.add_argument('--cgi-mode', choices=('cgi', 'fastcgi'), default='cgi',
                        help='cgi: nginx + fcgiwrap; fastcgi: nginx + spawn-fcgi')
    parser.add_argument('--keep', action='store_true', help='keep the temp dir')


def roles_missing(args):
    """What the chosen roles need that is not there; the test then exits 77."""
    missing = []
    if 'original' in (args.slave, args.master_cgi, args.master_daemon):
        missing += original_missing()
    for role, flag in (('slave', 'smokeping'), ('master_daemon', 'smokeping'),
                       ('master_cgi', 'cgi')):
        if getattr(args, role) == 'ours' and not (getattr(args, flag) and
                                                   os.access(getattr(args, flag), os.X_OK)):
            missing.append('--%s (our binary, for --%s ours)' % (flag, role.replace('_', '-')))
    return missing


def roles_text(args):
    return 'slave=%s master-cgi=%s(%s) master-daemon=%s' % (
        args.slave, args.master_cgi, args.cgi_mode, args.master_daemon)


class DistributedSite:
    """A master (daemon, and its CGI behind nginx) and slaves on 127.0.0.1; `args` (see
    add_role_options) says whether ours or the original plays each role. The original's
    probes measure through FAKE_FPING: the master's see MASTER_RTT_MS, slave i's
    SLAVE_RTT_MS + i."""
    MASTER_RTT_MS = 1
    SLAVE_RTT_MS = 2

    def __init__(self, args, targets, slaves, step, pings, record_bodies=False):
        from webserver import WebServer  # here, so that plain master tests need no nginx
        self.args = args
        self.site = Site('sp-dist-')
        self.slave_names = list(slaves)
        self.secrets = dict(slaves)
        self.pings = pings
        self.step = step
        lines = ''.join('%s:%s\n' % kv for kv in slaves.items())
        secrets = self.site.write('secrets', lines, 0o600)
        section = '*** Slaves ***\nsecrets = %s\n' % secrets + ''.join(
            '+ %s\ndisplay_name = %s\ncolor = %02x00ff\n' % (n, n, 16 * i)
            for i, n in enumerate(slaves))
        probes = '+ FPing\nbinary = %s\n' % write_fake_fping(self.site)
        self.config = self.site.config(targets, step=step, pings=pings, probes=probes,
                                       extra_sections=section + '\n')
        cgi = args.cgi if args.master_cgi == 'ours' else ORIGINAL_CGI
        self.web = WebServer(self.site.path('web'), [cgi, self.config], mode=args.cgi_mode,
                             env={'SMOKEPING_CONFIG': self.config},
                             record_bodies=record_bodies)
        self.daemon = None
        self.daemon_starts = 0
        self.slaves = {}

    def start_daemon(self):
        binary = self.args.smokeping if self.args.master_daemon == 'ours' else ORIGINAL_SMOKEPING
        self.daemon_starts += 1
        log = self.site.path('master-daemon-%d.log' % self.daemon_starts)
        self.daemon = Daemon(binary, self.config, log,
                             env=process_env(SP_FAKE_RTT_MS=self.MASTER_RTT_MS))
        return self.daemon

    def stop_daemon(self):
        if self.daemon:
            self.daemon.stop()

    def start_slave(self, name):
        binary = self.args.smokeping if self.args.slave == 'ours' else ORIGINAL_SMOKEPING
        cache = self.site.path('slave-' + name)
        os.makedirs(cache, exist_ok=True)
        secret = self.site.write('slave-%s.secret' % name, self.secrets[name] + '\n', 0o600)
        rtt = self.SLAVE_RTT_MS + self.slave_names.index(name)
        slave = Slave(binary, self.web.cgi_url, cache, secret, name,
                      self.site.path('slave-%s.log' % name), env=process_env(SP_FAKE_RTT_MS=rtt))
        self.slaves[name] = slave
        return slave

    def slave_rtts(self, name, host):
        return fake_rtts(self.SLAVE_RTT_MS + self.slave_names.index(name), host, self.pings)

    def rrd(self, target, slave=None):
        return self.site.path('data', target.strip('/') + ('~' + slave if slave else '') + '.rrd')

    def wait_for(self, predicate, timeout, what):
        """Polls `predicate` until `timeout`; fails early when a process of the site died."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            for who, proc in self._processes():
                if proc.proc.poll() is not None:
                    raise AssertionError('%s exited (%s) while waiting for %s\n%s'
                                         % (who, proc.proc.returncode, what, self.report()))
            time.sleep(0.2)  # polling a condition with a deadline, not timing a race
        raise AssertionError('timed out after %ss waiting for %s\n%s'
                             % (timeout, what, self.report()))

    def _processes(self):
        if self.daemon and self.daemon.log and not self.daemon.log.closed:
            yield 'master daemon', self.daemon
        for name, slave in self.slaves.items():
            if not slave.log.closed:
                yield 'slave ' + name, slave

    def report(self, tail=40):
        """The last lines of every log of the site, for a failure message."""
        parts = []
        logs = sorted(f for f in os.listdir(self.site.root) if f.endswith('.log'))
        for name in logs:
            with open(self.site.path(name), errors='replace') as f:
                parts.append('--- %s\n%s' % (name, ''.join(f.readlines()[-tail:])))
        for name, text in self.web.logs().items():
            if name != 'bodies.log':
                parts.append('--- web %s\n%s' % (name, '\n'.join(text.splitlines()[-tail:])))
        return '\n'.join(parts)

    def stop(self):
        for slave in self.slaves.values():
            slave.stop()
        self.web.stop()
        self.stop_daemon()

    def cleanup(self):
        if self.args.keep:
            print('kept', self.site.root)
        else:
            self.site.cleanup()
