#!/usr/bin/env python3
"""Tiny servers on 127.0.0.1 for the probe tests, one protocol each:

    probe_servers.py MODE [--address A] [--port P] [--name NAME=ADDRESS]...

MODE is dns (UDP and TCP on one port: the --name records as authoritative A answers, NXDOMAIN
for every other name), smtp (greeting, then 221 to QUIT), silent (accepts, never answers),
echo, discard, chargen or whois. Prints the port on the first line of stdout once it listens,
then serves until killed. --address is a loopback address, 127.0.0.1 by default."""
import argparse
import socket
import struct
import sys
import threading

NOERROR, NXDOMAIN = 0, 3


def dns_answer(query, names):
    """The answer to one DNS query message, or None for junk."""
    if len(query) < 12:
        return None
    ident, flags, qdcount = struct.unpack('!HHH', query[:6])
    pos, labels = 12, []
    while pos < len(query) and query[pos] != 0:
        n = query[pos]
        labels.append(query[pos + 1:pos + 1 + n].decode('ascii', 'replace'))
        pos += 1 + n
    pos += 1
    if qdcount != 1 or pos + 4 > len(query):
        return None
    qtype, qclass = struct.unpack('!HH', query[pos:pos + 4])
    question = query[12:pos + 4]
    name = '.'.join(labels).lower()
    address = names.get(name)
    rd = flags & 0x0100
    answers = b''
    rcode = NXDOMAIN if address is None else NOERROR
    if address is not None and qtype in (1, 255):
        answers = b'\xc0\x0c' + struct.pack('!HHIH', 1, 1, 60, 4) + socket.inet_aton(address)
    # QR, AA, the query's RD, RA.
    out_flags = 0x8000 | 0x0400 | rd | 0x0080 | rcode
    header = struct.pack('!HHHHHH', ident, out_flags, 1, 1 if answers else 0, 0, 0)
    return header + question + answers


def serve_dns_udp(sock, names):
    while True:
        data, peer = sock.recvfrom(4096)
        answer = dns_answer(data, names)
        if answer:
            sock.sendto(answer, peer)


def serve_dns_tcp(conn, names):
    with conn:
        buf = b''
        while True:
            data = conn.recv(4096)
            if not data:
                return
            buf += data
            while len(buf) >= 2 and len(buf) >= 2 + struct.unpack('!H', buf[:2])[0]:
                n = struct.unpack('!H', buf[:2])[0]
                answer = dns_answer(buf[2:2 + n], names)
                buf = buf[2 + n:]
                if answer:
                    conn.sendall(struct.pack('!H', len(answer)) + answer)


def serve_smtp(conn):
    with conn:
        conn.sendall(b'220-localhost test SMTP\r\n220 ready\r\n')
        buf = b''
        while True:
            data = conn.recv(4096)
            if not data:
                return
            buf += data
            while b'\n' in buf:
                line, buf = buf.split(b'\n', 1)
                if line.strip().upper() == b'QUIT':
                    conn.sendall(b'221 bye\r\n')
                    return
                conn.sendall(b'250 ok\r\n')


def serve_silent(conn):
    # Holds the connection open and reads, but never writes.
    with conn:
        while conn.recv(4096):
            pass


def serve_echo(conn):
    with conn:
        while True:
            data = conn.recv(4096)
            if not data:
                return
            conn.sendall(data)


def serve_discard(conn):
    serve_silent(conn)


def serve_chargen(conn):
    line = bytes(range(33, 105)) + b'\r\n'
    with conn:
        try:
            while True:
                conn.sendall(line * 16)
        except OSError:
            return


def serve_whois(conn):
    with conn:
        buf = b''
        while b'\n' not in buf:
            data = conn.recv(4096)
            if not data:
                return
            buf += data
        conn.sendall(b'Domain: ' + buf.strip() + b'\r\nStatus: test\r\n')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('mode', choices=['dns', 'smtp', 'silent', 'echo', 'discard', 'chargen',
                                         'whois'])
    parser.add_argument('--address', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=0)
    parser.add_argument('--name', action='append', default=[])
    args = parser.parse_args()
    names = {}
    for item in args.name:
        name, address = item.split('=', 1)
        names[name.lower().rstrip('.')] = address

    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind((args.address, args.port))
    tcp.listen(64)
    port = tcp.getsockname()[1]
    if args.mode == 'dns':
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.bind((args.address, port))
        threading.Thread(target=serve_dns_udp, args=(udp, names), daemon=True).start()
        handler = lambda conn: serve_dns_tcp(conn, names)
    else:
        handler = globals()['serve_' + args.mode]
    print(port, flush=True)
    while True:
        conn, _ = tcp.accept()
        threading.Thread(target=handler, args=(conn,), daemon=True).start()


if __name__ == '__main__':
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
