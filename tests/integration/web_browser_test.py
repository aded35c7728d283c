#!/usr/bin/env python3
"""A real browser on our web UI: headless Chromium loads the overview through nginx + our
persistent FastCGI smokeping.cgi on 127.0.0.1 (static files from cgi/www at /smokeping/, the
template etc/basepage.html.dist), follows tree links (a.menulink) to a detail page, checks
that every graph loads (HTTP 200, image/png, a real size, naturalWidth > 0), then drags across
the navigator graph (displaymode=n) with DevTools mouse events and checks that the image was
replaced by a displaymode=a PNG. Screenshots of each step go to SCREENSHOT_DIR.

Usage: web_browser_test.py SMOKEPING_CGI SCREENSHOT_DIR
Exits 77 (skipped) without chromium, nginx, spawn-fcgi or rrdtool."""
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402
import webserver  # noqa: E402
from web_site import WebSite, browser_test_main  # noqa: E402

MIN_PNG_BYTES = 2000  # an rrdtool graph with axes and legend is far larger; an error is not


class Failures(list):
    def check(self, ok, what):
        print('%-60s %s' % (what[:60], 'ok' if ok else 'FAILED'))
        if not ok:
            self.append(what)
        return ok


def menu_links(browser):
    return browser.evaluate(
        'Array.from(document.querySelectorAll("a.menulink")).map(a => a.href)')


def check_graphs(browser, responses, page, failures):
    """Every <img> of the graphs (those under the image cache) loaded as a real PNG."""
    images = browser.evaluate(
        'Array.from(document.images).map(i => ({src: i.src, complete: i.complete, '
        'width: i.naturalWidth, height: i.naturalHeight}))')
    graphs = [i for i in images if '/smokeping/images/' in i['src'] and
              not i['src'].endswith(('smokeping.png', 'rrdtool.png'))]
    failures.check(len(graphs) > 0, '%s: has graphs (%d)' % (page, len(graphs)))
    for image in graphs:
        name = '%s: %s' % (page, image['src'].rsplit('/', 1)[-1])
        response = responses.get(image['src'])
        if not failures.check(response is not None, name + ' was requested'):
            continue
        size = browser.body_size(response['requestId'])
        failures.check(response['status'] == 200 and response['mimeType'] == 'image/png' and
                       size >= MIN_PNG_BYTES and image['complete'] and image['width'] > 0,
                       '%s %d %s %dB %dpx' % (name, response['status'], response['mimeType'],
                                              size, image['width']))
    return graphs


def wait_js(browser, expression, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if browser.evaluate(expression):
            return True
        time.sleep(0.1)  # polling the page's state with a deadline
    print('timed out waiting for ' + what)
    return False


def drag(browser, x0, x1, y):
    common = {'button': 'left', 'pointerType': 'mouse'}
    browser.call('Input.dispatchMouseEvent', session=True, type='mouseMoved', x=x0, y=y)
    browser.call('Input.dispatchMouseEvent', session=True, type='mousePressed', x=x0, y=y,
                 clickCount=1, buttons=1, **common)
    for x in range(int(x0), int(x1) + 1, 20):
        browser.call('Input.dispatchMouseEvent', session=True, type='mouseMoved', x=x, y=y,
                     buttons=1, **common)
    browser.call('Input.dispatchMouseEvent', session=True, type='mouseReleased', x=x1, y=y,
                 clickCount=1, buttons=0, **common)


def zoom(browser, failures, shots):
    """Drags across the middle of #zoom and checks the new image."""
    before = browser.evaluate('document.getElementById("zoom").src')
    box = browser.evaluate(
        '(() => { const z = document.getElementById("zoom"); z.scrollIntoView(); '
        'const r = z.getBoundingClientRect(); '
        'return {left: r.left, top: r.top, width: r.width, height: r.height}; })()')
    y = box['top'] + box['height'] / 2
    browser.events.clear()
    drag(browser, box['left'] + box['width'] * 0.3, box['left'] + box['width'] * 0.6, y)
    loaded = wait_js(browser, '(() => { const z = document.getElementById("zoom"); '
                     'return z.src.includes("displaymode=a") && z.complete; })()', 30, 'zoom')
    failures.check(loaded, 'navigator: the drag replaced the image')
    after = browser.evaluate(
        '(() => { const z = document.getElementById("zoom"); '
        'return {src: z.src, width: z.naturalWidth}; })()')
    failures.check(after['src'] != before and after['width'] > 0,
                   'navigator: zoomed image shown (%dpx)' % after['width'])
    query = urllib.parse.parse_qs(urllib.parse.urlparse(after['src']).query.replace(';', '&'))
    start, end = int(query.get('start', ['0'])[0]), int(query.get('end', ['0'])[0])
    failures.check(0 < start < end, 'navigator: zoom range %d..%d' % (start, end))
    responses = [e['params']['response'] for e in browser.events
                 if e['method'] == 'Network.responseReceived'
                 and e['params']['response']['url'] == after['src']]
    ok = bool(responses) and responses[-1]['status'] == 200 and \
        responses[-1]['mimeType'] == 'image/png'
    failures.check(ok, 'navigator: displaymode=a answered 200 image/png')
    fields = browser.evaluate('document.querySelector("input[name=epoch_start]") ? '
                              'document.querySelector("input[name=epoch_start]").value : ""')
    failures.check(fields == str(start), 'navigator: the form shows the zoomed start')
    browser.screenshot(os.path.join(shots, '4-zoomed.png'))


def run(ours, shots, work):
    failures = Failures()
    site = WebSite(work, int(time.time()))
    config = site.config('ours')
    web = webserver.WebServer(site.path('nginx'), [ours, config], mode='fastcgi',
                          static_dir=site.static_dir('ours'),
                          env={'SMOKEPING_CONFIG': config, 'TZ': 'UTC'})
    browser = None
    try:
        os.makedirs(site.path('nginx'), exist_ok=True)
        web.start()
        browser = cdp.Browser(cdp.chromium_binary())
        responses = browser.navigate(web.cgi_url)
        page = responses.get(web.cgi_url, {})
        failures.check(page.get('status') == 200 and page.get('mimeType') == 'text/html',
                       'overview: 200 text/html')
        for suffix, mime in (('/smokeping/css/smokeping.css', 'text/css'),
                             ('/smokeping/js/smokeping.js', 'javascript')):
            got = [r for u, r in responses.items() if u.endswith(suffix)]
            failures.check(got and got[0]['status'] == 200 and mime in got[0]['mimeType'],
                           'overview: %s loads as %s (%s)' % (
                               suffix.rsplit('/', 1)[1], mime, got and got[0]['mimeType']))
        # The stylesheet applies: the template's sidebar is laid out by smokeping.css.
        failures.check(browser.evaluate(
            'getComputedStyle(document.querySelector("ul.menu")).listStyleType') == 'none',
            'overview: smokeping.css styles the menu')
        browser.screenshot(os.path.join(shots, '1-overview.png'))

        # Down the tree: the group Europe, then its first host with a detail page.
        links = menu_links(browser)
        europe = [u for u in links if u.endswith('target=Europe')]
        if not failures.check(europe, 'overview: a.menulink to Europe'):
            return failures
        responses = browser.navigate(europe[0])
        check_graphs(browser, responses, 'Europe', failures)
        browser.screenshot(os.path.join(shots, '2-group.png'))
        zurich = [u for u in menu_links(browser) if u.endswith('target=Europe.Zurich')]
        if not failures.check(zurich, 'Europe: a.menulink to Europe.Zurich'):
            return failures
        responses = browser.navigate(zurich[0])
        graphs = check_graphs(browser, responses, 'Zurich', failures)
        # One graph per detail period (four), for the master and for each of its two slaves.
        own = [g for g in graphs if '/Europe/Zurich_last_' in g['src']]
        failures.check(len(own) == 4 and len(graphs) == 12,
                       'Zurich: 4 periods x 3 sources (%d, %d)' % (len(own), len(graphs)))
        browser.screenshot(os.path.join(shots, '3-detail.png'))

        # The detail graphs link to the navigator.
        nav = browser.evaluate('Array.from(document.querySelectorAll("a")).map(a => a.href)'
                               '.filter(h => h.includes("displaymode=n"))')
        if not failures.check(nav, 'Zurich: links to the navigator'):
            return failures
        responses = browser.navigate(nav[0])
        check_graphs(browser, responses, 'navigator', failures)
        if failures.check(browser.evaluate('!!document.getElementById("zoom")'),
                          'navigator: has img#zoom'):
            zoom(browser, failures, shots)
    finally:
        if browser:
            browser.close()
        if failures:
            print('\n'.join('%s:\n%s' % kv for kv in web.logs().items()))
        web.stop()
    return failures


def main():
    return browser_test_main(sys.argv, __doc__, run, 'sp-browser-')


if __name__ == '__main__':
    sys.exit(main())
