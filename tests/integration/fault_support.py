"""What the fault_*_test.py files check on a distributed site (tests/integration/
smokeping_env.py's DistributedSite): the lines the master accepted, what reached the RRDs, and
what the master daemon logged."""
import collections
import math
import os

from smokeping_env import form_fields, rrd_fetch, rrd_info, submission_lines
from interop_rounds_test import SLAVE


def delivered(ds, slave=SLAVE):
    """target path -> times of `slave`'s lines in requests answered 200, in arrival order."""
    out = collections.defaultdict(list)
    for req in ds.web.requests():
        if req['method'] != 'POST' or req['status'] != 200:
            continue
        fields = form_fields(req['content_type'], req['body'])
        if fields.get('slave') != slave.encode():
            continue
        for path, stamp, _ in submission_lines(fields.get('data', b'')):
            out[path].append(stamp)
    return out


def rrd_settled(ds, rrds, got):
    """The master daemon has merged every delivered line: each RRD's last update is at least
    the newest line delivered for it."""
    return all(got[p] and int(rrd_info(rrds[p])['last_update']) >= max(got[p]) for p in rrds)


def check_once_each(ds, rrds, got, step):
    """Per target: no line delivered twice, no round missing (one step between lines, with
    the slack of a round's length), and every RRD row the lines cover holds a median.
    Returns the number of rows checked."""
    checked = 0
    for path, rrd in rrds.items():
        times = list(got[path])
        dups = [t for t, n in collections.Counter(times).items() if n > 1]
        assert not dups, '%s: lines delivered more than once: %s' % (path, dups)
        times.sort()
        gaps = [b - a for a, b in zip(times, times[1:])]
        assert all(step / 2 <= g <= step * 1.5 for g in gaps), (
            '%s: a round is missing or doubled; times %s, gaps %s' % (path, times, gaps))
        first_row = math.ceil(times[0] / step) * step + step
        last_row = times[-1] // step * step
        rows = [(t, v) for t, v in rrd_fetch(rrd, start=str(first_row - step), end=str(last_row))
                if first_row <= t <= last_row]
        empty = [t for t, v in rows if v['median'] is None]
        assert rows and not empty, '%s: rows without a median at %s' % (rrd, empty)
        assert len(rows) == (last_row - first_row) // step + 1, (
            '%s: %d rows, expected %d' % (rrd, len(rows), (last_row - first_row) // step + 1))
        checked += len(rows)
    return checked


def daemon_log_lines(ds, needle):
    """Lines of every master daemon log of the site that contain `needle`."""
    out = []
    for name in sorted(os.listdir(ds.site.root)):
        if name.startswith('master-daemon-'):
            with open(ds.site.path(name), errors='replace') as f:
                out += [line for line in f if needle in line]
    return out


def small_rras(config):
    """The site's RRAs cut down, so that an RRD takes about 60 kB instead of 800 kB."""
    with open(config) as f:
        text = f.read()
    text = text.replace(' 12 4320\n', ' 12 10\n').replace(' 144 720\n', ' 144 10\n')
    with open(config, 'w') as f:
        f.write(text)


def rrd_readable(path):
    """None when `rrdtool info` reads the file and it has the layout's data sources; else
    what is wrong."""
    try:
        info = rrd_info(path)
    except Exception as e:  # CalledProcessError: rrdtool said why on stderr
        return 'rrdtool info %s failed: %s' % (path, e)
    if 'ds[median].type' not in info or 'last_update' not in info:
        return '%s lacks median or last_update' % path
    return None
