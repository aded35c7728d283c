"""A headless Chromium (Debian package chromium) driven over its DevTools protocol: start it
on 127.0.0.1, open pages, watch network responses, evaluate JavaScript, take screenshots.
Stopped by pid. The protocol's WebSocket is spoken by the small client below (standard
library only), enough for one local connection."""
import base64
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time
from urllib.parse import urlparse


class WebSocket:
    """RFC 6455 client: text frames, masked as a client must, fragments reassembled."""

    def __init__(self, url, timeout):
        u = urlparse(url)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(('GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\n'
                           'Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n'
                           'Sec-WebSocket-Version: 13\r\n\r\n'
                           % (u.path, u.hostname, u.port, key)).encode())
        head = b''
        while b'\r\n\r\n' not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise ConnectionError('websocket handshake: connection closed')
            head += chunk
        if b' 101 ' not in head.split(b'\r\n')[0]:
            raise ConnectionError('websocket handshake refused: %r' % head[:200])

    def _exact(self, n):
        data = b''
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError('websocket closed')
            data += chunk
        return data

    def send(self, text):
        payload = text.encode()
        header = bytes([0x81])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack('>H', n)
        else:
            header += bytes([0x80 | 127]) + struct.pack('>Q', n)
        mask = os.urandom(4)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def recv(self):
        message = b''
        while True:
            b0, b1 = self._exact(2)
            n = b1 & 0x7f
            if n == 126:
                n = struct.unpack('>H', self._exact(2))[0]
            elif n == 127:
                n = struct.unpack('>Q', self._exact(8))[0]
            payload = self._exact(n)
            opcode = b0 & 0x0f
            if opcode == 0x8:
                raise ConnectionError('websocket closed by the browser')
            if opcode in (0x9, 0xa):  # ping/pong: not used by DevTools
                continue
            message += payload
            if b0 & 0x80:
                return message.decode()

    def close(self):
        self.sock.close()


def chromium_binary():
    for name in ('chromium', 'chromium-browser', 'google-chrome'):
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix='sp-chromium-')
        self.log = open(os.path.join(self.profile, 'chromium.log'), 'w')
        self.proc = subprocess.Popen(
            [binary, '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
             '--no-default-browser-check', '--disable-extensions', '--disable-sync',
             '--disable-background-networking', '--remote-debugging-address=127.0.0.1',
             '--remote-debugging-port=0', '--user-data-dir=' + self.profile,
             '--window-size=1280,2000', 'about:blank'],
            stdout=self.log, stderr=subprocess.STDOUT)
        port_file = os.path.join(self.profile, 'DevToolsActivePort')
        deadline = time.monotonic() + 60
        while not os.path.exists(port_file) or os.path.getsize(port_file) == 0:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError('chromium did not start: see ' + self.log.name)
            time.sleep(0.1)  # waiting for the browser to write its port, with a deadline
        with open(port_file) as f:
            port, path = f.read().split('\n')[:2]
        self.ws = WebSocket('ws://127.0.0.1:%s%s' % (port, path), timeout=60)
        self.next_id = 0
        self.events = []
        target = self.call('Target.createTarget', url='about:blank')['targetId']
        self.session = self.call('Target.attachToTarget', targetId=target,
                                 flatten=True)['sessionId']
        self.call('Page.enable', session=True)
        self.call('Network.enable', session=True)
        self.call('Runtime.enable', session=True)

    def _send(self, method, params, session):
        self.next_id += 1
        message = {'id': self.next_id, 'method': method, 'params': params}
        if session:
            message['sessionId'] = self.session
        self.ws.send(json.dumps(message))
        return self.next_id

    def _receive(self):
        message = json.loads(self.ws.recv())
        if 'method' in message:
            self.events.append(message)
        return message

    def call(self, method, session=False, **params):
        wanted = self._send(method, params, session)
        while True:
            message = self._receive()
            if message.get('id') == wanted:
                if 'error' in message:
                    raise RuntimeError('%s: %s' % (method, message['error']))
                return message.get('result', {})

    def wait_event(self, method, timeout=60):
        deadline = time.monotonic() + timeout
        for event in self.events:
            if event['method'] == method:
                self.events.remove(event)
                return event
        while time.monotonic() < deadline:
            message = self._receive()
            if message.get('method') == method:
                self.events.remove(message)
                return message
        raise TimeoutError('no %s within %ss' % (method, timeout))

    def navigate(self, url):
        """Loads `url` and returns the network responses seen until its load event:
        {url: {'status', 'mimeType', 'requestId'}}."""
        self.events.clear()
        self.call('Page.navigate', session=True, url=url)
        self.wait_event('Page.loadEventFired')
        # Let finished requests' events arrive: the load event follows every image's load.
        self.call('Runtime.evaluate', session=True, expression='1')
        responses = {}
        for event in self.events:
            if event['method'] == 'Network.responseReceived':
                r = event['params']['response']
                responses[r['url']] = {'status': r['status'], 'mimeType': r['mimeType'],
                                       'requestId': event['params']['requestId']}
        return responses

    def body_size(self, request_id):
        body = self.call('Network.getResponseBody', session=True, requestId=request_id)
        data = body['body']
        return len(base64.b64decode(data)) if body.get('base64Encoded') else len(data.encode())

    def evaluate(self, expression):
        result = self.call('Runtime.evaluate', session=True, expression=expression,
                           returnByValue=True)
        if 'exceptionDetails' in result:
            raise RuntimeError('javascript failed: %s' % result['exceptionDetails'])
        return result['result'].get('value')

    def screenshot(self, path):
        data = self.call('Page.captureScreenshot', session=True, format='png',
                         captureBeyondViewport=True)['data']
        with open(path, 'wb') as f:
            f.write(base64.b64decode(data))

    def close(self):
        try:
            if getattr(self, 'ws', None):
                self.ws.close()
        finally:
            if self.proc.poll() is None:
                os.kill(self.proc.pid, signal.SIGTERM)
                try:
                    self.proc.wait(20)
                except subprocess.TimeoutExpired:
                    os.kill(self.proc.pid, signal.SIGKILL)
                    self.proc.wait()
            self.log.close()
            shutil.rmtree(self.profile, ignore_errors=True)
