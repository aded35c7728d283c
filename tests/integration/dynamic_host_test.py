#!/usr/bin/env python3
"""A DYNAMIC host end to end: smokeping.cgi behind nginx (fcgiwrap) takes the host's address
update, and the daemon then probes that address and stores its median and uptime.

1. Refusals (wrong secret, unknown target, path tricks) answer 404 with the original's text
   and write nothing below datadir; when Debian's smokeping is installed, its CGI must give
   the same status and body for them (the only cases that work there on Perl >= 5.28).
2. The daemon's rounds before the update store "all pings lost" for the host (no address).
3. A POST with the right secret from 127.0.0.1 writes <datadir>/Dyn/home.adr = "127.0.0.1\n".
4. The next rounds probe 127.0.0.1: the RRD's last median is known and its uptime is the
   .adr file's age.
5. An update from 127.0.0.3, where a small SNMP agent of this test answers on UDP 161, writes
   .adr and the agent's identity to .snmp; the daemon asks the agent before each round and
   stops probing when it no longer answers; the next update without an agent removes .snmp.

The secret's digest is computed here with hashlib, independently of the C++ code.
Usage: dynamic_host_test.py SMOKEPING_BINARY SMOKEPING_CGI
Exit status: 0 passed, 1 failed, 77 skipped (no nginx/fcgiwrap, or no ICMP permission)."""
import base64
import hashlib
import http.client
import os
import socket
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import webserver  # noqa: E402
from smokeping_env import (ORIGINAL_CGI, Daemon, Site, original_missing, process_env,  # noqa: E402
                           rrd_fetch, rrd_info)

SECRET = 'let me in, 42'
PINGS = 5


def md5_base64(text):
    return base64.b64encode(hashlib.md5(text.encode()).digest()).decode().rstrip('=')


TARGETS = '''+ Dyn
menu = Dyn
title = Dyn
++ home
menu = home
title = home
host = DYNAMIC/{digest}
'''.format(digest=md5_base64(SECRET))

REFUSALS = [
    ({'target': 'Dyn.home', 'secret': 'wrong'}, 'Error: Invalid target or secret'),
    ({'target': 'Dyn.home', 'secret': md5_base64(SECRET)}, 'Error: Invalid target or secret'),
    ({'target': 'Dyn', 'secret': SECRET}, 'Error: Invalid target or secret'),
    ({'target': 'Dyn.nosuch', 'secret': SECRET}, 'Error: Unknown target nosuch'),
    ({'target': 'Dyn.<b>', 'secret': SECRET}, 'Error: Unknown target _b_'),
    ({'target': '../../etc', 'secret': SECRET}, 'Error: Unknown target '),
    ({'target': 'Dyn.home~x', 'secret': SECRET}, 'Error: Unknown target home~x'),
]


def icmp_allowed():
    if os.geteuid() == 0:
        return True
    try:
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP).close()
        return True
    except OSError:
        return False


def request(url, fields, post, source='127.0.0.1'):
    """(status, content type, body) of a GET or urlencoded POST sent from `source`."""
    data = urllib.parse.urlencode(fields)
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60,
                                      source_address=(source, 0))
    try:
        if post:
            conn.request('POST', parts.path, body=data,
                         headers={'Content-Type': 'application/x-www-form-urlencoded'})
        else:
            conn.request('GET', parts.path + '?' + data)
        r = conn.getresponse()
        return r.status, r.getheader('Content-Type'), r.read().decode()
    finally:
        conn.close()


def ber(tag, content):
    """One BER TLV (short or one-byte long length): the test's own encoder."""
    length = bytes([len(content)]) if len(content) < 0x80 else bytes([0x81, len(content)])
    return bytes([tag]) + length + content


class SnmpAgent:
    """Answers SNMPv1 GETs on `address`:161 with sysContact/sysName/sysLocation strings, on a
    thread, until stop(). Raises PermissionError when the port cannot be had."""

    def __init__(self, address, contact, name, location):
        self.values = [contact, name, location]
        self.requests = 0
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((address, 161))
        self.sock.settimeout(0.2)
        self.running = True
        self.thread = threading.Thread(target=self._serve)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                packet, peer = self.sock.recvfrom(2048)
            except socket.timeout:
                continue
            self.requests += 1
            # 30 LL | 02 01 00 | 04 06 public | a0 LL | 02 <n> <request id> ...
            assert packet[5:13] == b'\x04\x06public' and packet[13] == 0xa0, packet.hex()
            request_id = packet[17:17 + packet[16]]
            bindings = b''.join(
                ber(0x30, ber(0x06, bytes([0x2b, 6, 1, 2, 1, 1, arc, 0])) +
                    ber(0x04, value.encode()))
                for arc, value in zip((4, 5, 6), self.values))
            pdu = (ber(0x02, request_id) + ber(0x02, b'\0') + ber(0x02, b'\0') +
                   ber(0x30, bindings))
            self.sock.sendto(ber(0x30, ber(0x02, b'\0') + ber(0x04, b'public') +
                                 ber(0xa2, pdu)), peer)

    def stop(self):
        self.running = False
        self.thread.join()
        self.sock.close()


def tree(root):
    """Every path below root with its bytes (files) or '/' (directories)."""
    out = {}
    for d, dirs, files in os.walk(root):
        for name in dirs:
            out[os.path.relpath(os.path.join(d, name), root)] = '/'
        for name in files:
            with open(os.path.join(d, name), 'rb') as f:
                out[os.path.relpath(os.path.join(d, name), root)] = f.read()
    return out


def check_refusals(web, site):
    """Each refusal: 404, the original's body, nothing written. Returns the answers."""
    answers = []
    for fields, error in REFUSALS:
        before = tree(site.path('data'))
        status, ctype, body = request(web.cgi_url, fields, post=False)
        answers.append((status, body))
        assert status == 404, (fields, status, body)
        assert ctype.startswith('text/html'), (fields, ctype)
        assert body == '<p>Updating DYNAMIC address failed: %s</p>\n' % error, (fields, body)
        assert tree(site.path('data')) == before, ('nothing written', fields)
    return answers


def last_ds(rrd, name):
    return rrd_info(rrd).get('ds[%s].last_ds' % name, '').strip('"')


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    binary, cgi = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    missing = webserver.missing_tools('cgi')
    if missing:
        print('SKIP: missing %s' % ', '.join(missing))
        return 77
    if not icmp_allowed():
        print('SKIP: no permission to send ICMP echo requests')
        return 77
    site = Site('sp-dyn-')
    web = daemon = original = None
    try:
        config = site.config(TARGETS, step=10, pings=PINGS)
        web = webserver.WebServer(site.path('web'), [cgi, config], mode='cgi',
                                  env={'SMOKEPING_CONFIG': config})
        web.start()
        ours = check_refusals(web, site)
        print('refusals: %d answered 404 with nothing written' % len(ours))

        if not original_missing():
            original = webserver.WebServer(site.path('web-orig'), [ORIGINAL_CGI, config],
                                           mode='cgi')
            original.start()
            theirs = [(status, body) for status, _, body in
                      (request(original.cgi_url, f, post=False) for f, _ in REFUSALS)]
            assert ours == theirs, 'the original answers the refusals alike:\n%s\n%s' % (
                ours, theirs)
            original.stop()
            original = None
            print('refusals match the original CGI')

        rrd = site.path('data', 'Dyn', 'home.rrd')
        adr = site.path('data', 'Dyn', 'home.adr')
        daemon = Daemon(binary, config, site.path('daemon.log'), env=process_env())
        daemon.wait_for(lambda: os.path.exists(rrd) and last_ds(rrd, 'loss') == str(PINGS), 60,
                        'a round without address storing all pings lost')
        assert last_ds(rrd, 'median') == 'U', rrd_info(rrd)
        assert not os.path.exists(adr)

        status, ctype, body = request(web.cgi_url, {'target': 'Dyn.home', 'secret': SECRET},
                                      post=True)
        assert (status, body) == (200, ''), (status, ctype, body, web.logs())
        with open(adr) as f:
            assert f.read() == '127.0.0.1\n', 'the address of the client'
        assert 'DYNAMIC address updated target=Dyn/home address=127.0.0.1' in \
            web.logs().get('backend.log', '') + web.error_log(), web.logs()
        assert SECRET not in ''.join(web.logs().values()), 'the secret is never logged'

        daemon.wait_for(lambda: last_ds(rrd, 'median') not in ('U', ''), 60,
                        'a round at the reported address')
        uptime = float(last_ds(rrd, 'uptime'))
        assert 0 <= uptime < 60, 'uptime is the age of the .adr file: %s' % uptime
        assert float(last_ds(rrd, 'loss')) == 0, rrd_info(rrd)
        daemon.wait_for(lambda: any(v['median'] is not None
                                    for _, v in rrd_fetch(rrd, start='-60')), 60,
                        'a stored median row')
        print('the daemon probed the reported address: median %s s, uptime %s s'
              % (last_ds(rrd, 'median'), uptime))

        # The host moves to 127.0.0.3, where an SNMP agent answers: .adr follows, .snmp holds
        # its identity with the whitespace removed.
        try:
            agent = SnmpAgent('127.0.0.3', 'ops@example', 'home gw', 'the cellar')
        except OSError as e:
            agent = None
            print('note: SNMP part skipped, no UDP port 161 on 127.0.0.3: %s' % e)
        if agent:
            try:
                status, _, body = request(web.cgi_url, {'target': 'Dyn.home', 'secret': SECRET},
                                          post=False, source='127.0.0.3')
                assert (status, body) == (200, ''), (status, body, web.logs())
                asked_by_cgi = agent.requests
                assert asked_by_cgi >= 1, 'the CGI asked the agent'
                with open(adr) as f:
                    assert f.read() == '127.0.0.3\n'
                with open(site.path('data', 'Dyn', 'home.snmp')) as f:
                    assert f.read() == 'ops@example/homegw/thecellar\n'
                # The daemon asks too before it probes the address.
                daemon.wait_for(lambda: agent.requests > asked_by_cgi, 60,
                                'the daemon asking the SNMP agent')
                daemon.wait_for(lambda: last_ds(rrd, 'median') not in ('U', '') and
                                float(last_ds(rrd, 'uptime')) < 20, 60,
                                'a round at the new address')
            finally:
                agent.stop()
            # Without the agent the identity no longer matches: the address is not probed.
            daemon.wait_for(lambda: last_ds(rrd, 'loss') == str(PINGS), 60,
                            'a round that skips an address whose SNMP identity is gone')
            assert last_ds(rrd, 'median') == 'U', rrd_info(rrd)
            # Back at 127.0.0.1, where no agent answers: the identity is forgotten.
            status, _, body = request(web.cgi_url, {'target': 'Dyn.home', 'secret': SECRET},
                                      post=True)
            assert (status, body) == (200, ''), (status, body)
            assert not os.path.exists(site.path('data', 'Dyn', 'home.snmp'))
            print('SNMP identity kept and forgotten as the original does')
        print('1 passed, 0 failed')
        return 0
    finally:
        for server in (original, web):
            if server:
                server.stop()
        if daemon:
            daemon.stop()
        site.cleanup()


if __name__ == '__main__':
    sys.exit(main())
