#!/usr/bin/env python3
"""The modern UI in a real browser: headless Chromium through nginx + our persistent FastCGI
smokeping.cgi on 127.0.0.1, the reference site (web_site.py: RRDs with a master and two
slaves for Europe.Zurich) with etc/basepage-modern.html.dist installed next to the classic
template, pages asked for with ui=modern. For a phone (390x844, 3x pixels, mobile) and a
desktop (1366x900), each in light and dark (prefers-color-scheme emulated), it checks:
  * layout: the Menu button shows on the phone and opens the menu there, and is hidden on the
    desktop, where the menu is a column; nothing is wider than the window;
  * colours: the page's computed background is light or dark as asked;
  * graphs: every graph is SVG (200/304, image/svg+xml, naturalWidth > 0), shown no wider
    than the window and not scaled up;
  * links keep ui=modern.
Then, on the desktop: the graphs reload by themselves after the step (3 s in this config),
observed as the page's "smokeping:refreshed" event with new image requests; the pause button
stops it; the combined slave view has one legend entry for the master and one per slave. On the
phone in dark: the slave status page (view=slavestatus) and the navigator fit the width.
Screenshots: SCREENSHOT_DIR/modern-{phone,desktop}-{light,dark}.png, modern-slaves-desktop-dark.png
and modern-slavestatus-phone-dark.png.

Usage: web_modern_ui_test.py SMOKEPING_CGI SCREENSHOT_DIR
Exits 77 (skipped) without chromium, nginx, spawn-fcgi or rrdtool."""
import base64
import json
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402
import webserver  # noqa: E402
from web_site import SOURCE, WebSite, browser_test_main  # noqa: E402

STEP = 3  # seconds: the config's step, which is the modern page's refresh interval
DEVICES = {
    'phone': {'width': 390, 'height': 844, 'deviceScaleFactor': 3, 'mobile': True},
    'desktop': {'width': 1366, 'height': 900, 'deviceScaleFactor': 1, 'mobile': False},
}
SLAVES = ('Boomer', 'Another')  # the display_names of Europe.Zurich's slaves


class Failures(list):
    def check(self, ok, what):
        print('%-72s %s' % (what[:72], 'ok' if ok else 'FAILED'))
        if not ok:
            self.append(what)
        return ok


def await_js(browser, expression, timeout):
    """Evaluates a promise-valued expression and returns its value (the page's own timers
    bound the wait; `timeout` only guards against a browser that never answers)."""
    result = browser.call('Runtime.evaluate', session=True, expression=expression,
                          awaitPromise=True, returnByValue=True, timeout=timeout * 1000)
    if 'exceptionDetails' in result:
        raise RuntimeError('javascript failed: %s' % result['exceptionDetails'])
    return result['result'].get('value')


def emulate(browser, device, scheme):
    browser.call('Emulation.setDeviceMetricsOverride', session=True, **DEVICES[device])
    browser.call('Emulation.setEmulatedMedia', session=True,
                 features=[{'name': 'prefers-color-scheme', 'value': scheme}])


def luminance(css_color):
    """0..1 for 'rgb(r, g, b)' / 'rgba(...)'."""
    parts = css_color[css_color.index('(') + 1:css_color.index(')')].split(',')
    r, g, b = (float(p) for p in parts[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


LAYOUT_JS = '''(() => {
  const shown = e => e && getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0;
  return {
    toggle: shown(document.getElementById('menu-toggle')),
    sidebar: shown(document.getElementById('sidebar')),
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    background: getComputedStyle(document.body).backgroundColor,
    modernCss: Array.from(document.styleSheets).some(s => (s.href || '').endsWith('/modern.css')),
    links: Array.from(document.querySelectorAll('a.menulink')).map(a => a.href),
    graphs: Array.from(document.querySelectorAll('.main img')).map(i => ({
      src: i.src, complete: i.complete, natural: i.naturalWidth, shown: i.clientWidth,
      right: i.getBoundingClientRect().right})),
  };
})()'''


def screenshot(browser, path):
    """What the window shows (the page's first screen), not the whole page."""
    data = browser.call('Page.captureScreenshot', session=True, format='png',
                        captureBeyondViewport=False)['data']
    with open(path, 'wb') as f:
        f.write(base64.b64decode(data))


def check_page(browser, responses, name, device, scheme, failures):
    page = browser.evaluate(LAYOUT_JS)
    failures.check(page['modernCss'], '%s: modern.css applies' % name)
    phone = device == 'phone'
    failures.check(page['toggle'] == phone,
                   '%s: menu toggle %s' % (name, 'shown' if phone else 'hidden'))
    failures.check(page['sidebar'] != phone,
                   '%s: menu column %s' % (name, 'closed' if phone else 'shown'))
    failures.check(page['scrollWidth'] <= page['innerWidth'],
                   '%s: no horizontal overflow (%d <= %d)' % (name, page['scrollWidth'],
                                                              page['innerWidth']))
    light = luminance(page['background'])
    failures.check(light < 0.2 if scheme == 'dark' else light > 0.8,
                   '%s: %s background %s' % (name, scheme, page['background']))
    failures.check(page['links'] and all('ui=modern' in u for u in page['links']),
                   '%s: menu links keep ui=modern (%d)' % (name, len(page['links'])))
    graphs = page['graphs']
    failures.check(len(graphs) > 0, '%s: has graphs (%d)' % (name, len(graphs)))
    for g in graphs:
        short = '%s: %s' % (name, g['src'].rsplit('/', 1)[-1].split('?')[0])
        r = responses.get(g['src'])
        failures.check(r is not None and r['status'] in (200, 304) and
                       r['mimeType'] == 'image/svg+xml' and g['src'].split('?')[0].endswith('.svg')
                       and g['complete'] and g['natural'] > 0,
                       '%s is SVG %s %s %dpx' % (short, r and r['status'], r and r['mimeType'],
                                                 g['natural']))
        failures.check(0 < g['shown'] <= g['natural'] and g['right'] <= page['innerWidth'],
                       '%s fits: %d of %d px' % (short, g['shown'], g['natural']))
    return page


def check_menu_toggle(browser, failures):
    opened = browser.evaluate('''(() => {
      document.getElementById('menu-toggle').click();
      const open = getComputedStyle(document.getElementById('sidebar')).display !== 'none';
      document.getElementById('menu-toggle').click();
      const closed = getComputedStyle(document.getElementById('sidebar')).display === 'none';
      return open && closed; })()''')
    failures.check(opened, 'phone: the Menu button opens and closes the menu')


REFRESH_JS = '''new Promise(resolve => {
  const timer = setTimeout(() => resolve(null), %d);
  window.addEventListener('smokeping:refreshed', e => {
    clearTimeout(timer);
    resolve({graphs: e.detail.graphs,
             srcs: Array.from(document.querySelectorAll('.main img')).map(i => i.src)});
  }, {once: true});
})''' % ((STEP * 4 + 30) * 1000)


def check_refresh(browser, failures):
    before = browser.evaluate("Array.from(document.querySelectorAll('.main img')).map(i => i.src)")
    browser.events.clear()
    got = await_js(browser, REFRESH_JS, STEP * 4 + 60)
    if not failures.check(got is not None, 'refresh: smokeping:refreshed within the step'):
        return
    failures.check(got['graphs'] == len(before),
                   'refresh: every graph reloaded (%d of %d)' % (got['graphs'], len(before)))
    changed = [a for a, b in zip(got['srcs'], before) if a != b]
    failures.check(len(changed) == len(before), 'refresh: new addresses (%d)' % len(changed))
    fetched = {e['params']['response']['url'] for e in browser.events
               if e['method'] == 'Network.responseReceived'}
    failures.check(all(src in fetched for src in changed),
                   'refresh: the new images were requested')
    paused = browser.evaluate('''(() => {
      document.getElementById('refresh-toggle').click();
      const p = window.smokepingModern.paused();
      const label = document.getElementById('refresh-toggle').textContent;
      document.getElementById('refresh-toggle').click();
      return p && label === 'Auto-refresh off' && !window.smokepingModern.paused(); })()''')
    failures.check(paused, 'refresh: the button pauses and resumes')

# rrdtool's SVG draws text as glyph outlines, so the legend's names are checked in the page's
# HTML legend, and each of its colours among the lines the SVG strokes.
LEGEND_JS = '''fetch(document.getElementById('slaves-graph').src).then(r => r.text()).then(t => ({
  entries: Array.from(document.querySelectorAll('.legend li')).map(
      li => ({name: li.textContent.trim(), color: li.dataset.color.slice(0, 6).toLowerCase()})),
  strokes: Array.from(new Set(t.match(/stroke:rgb\\([^)]*\\)/g) || [])),
}))'''


def hex_of(stroke):
    """'stroke:rgb(100%,25.88%,5.49%)' -> 'ff420e' (cairo writes percentages)."""
    parts = stroke[stroke.index('(') + 1:-1].split(',')
    return ''.join('%02x' % round(float(p.rstrip('%')) * 255 / 100) for p in parts)


def check_slaves_view(browser, web, failures, shots):
    link = browser.evaluate("(document.querySelector('a.slaves-link') || {}).href || ''")
    if not failures.check('view=slaves' in link and 'ui=modern' in link,
                          'detail: links to the combined slave view'):
        return
    responses = browser.navigate(link)
    image = browser.evaluate('''(() => { const i = document.getElementById('slaves-graph');
      return i ? {src: i.src, natural: i.naturalWidth} : null; })()''')
    if not failures.check(image is not None, 'slaves view: has #slaves-graph'):
        return
    r = responses.get(image['src'], {})
    failures.check(r.get('mimeType') == 'image/svg+xml' and image['natural'] > 0,
                   'slaves view: graph is SVG (%s, %dpx)' % (r.get('mimeType'), image['natural']))
    legend = await_js(browser, LEGEND_JS, 60)
    names = [e['name'] for e in legend['entries']]
    print('legend:', json.dumps(legend['entries']))
    failures.check(names == ['master'] + list(SLAVES),
                   'slaves view: one legend entry for the master and per slave (%s)' % names)
    strokes = {hex_of(s) for s in legend['strokes']}
    colors = [e['color'] for e in legend['entries']]
    failures.check(len(set(colors)) == len(colors) and all(c in strokes for c in colors),
                   'slaves view: each entry has its own line in the graph (%s)' % colors)
    screenshot(browser, os.path.join(shots, 'modern-slaves-desktop-dark.png'))


def check_slave_status(browser, link, failures, shots):
    responses = browser.navigate(link)
    page = browser.evaluate(LAYOUT_JS)
    table = browser.evaluate("!!document.querySelector('.main table')")
    failures.check(responses.get(link, {}).get('status') == 200 and page['modernCss'] and table,
                   'slave status: a modern page with the table')
    failures.check(page['scrollWidth'] <= page['innerWidth'],
                   'slave status: no horizontal overflow on the phone (%d <= %d)'
                   % (page['scrollWidth'], page['innerWidth']))
    screenshot(browser, os.path.join(shots, 'modern-slavestatus-phone-dark.png'))


def check_navigator(browser, zurich, failures):
    browser.navigate(zurich)
    nav = browser.evaluate("Array.from(document.querySelectorAll('.main a'))"
                           ".map(a => a.href).filter(h => h.includes('displaymode=n'))")
    if not failures.check(nav and 'ui=modern' in nav[0], 'detail: links to a modern navigator'):
        return
    responses = browser.navigate(nav[0])
    page = browser.evaluate(LAYOUT_JS)
    zoom = responses.get(browser.evaluate("document.getElementById('zoom').src"), {})
    failures.check(zoom.get('mimeType') == 'image/svg+xml' and
                   page['scrollWidth'] <= page['innerWidth'],
                   'navigator: SVG graph, no horizontal overflow on the phone (%d <= %d)'
                   % (page['scrollWidth'], page['innerWidth']))


def run(ours, shots, work):
    failures = Failures()
    site = WebSite(work, int(time.time()))
    shutil.copy(os.path.join(SOURCE, 'etc', 'basepage-modern.html.dist'),
                site.path('etc', 'basepage-modern.html'))
    config = site.config('modern')
    with open(config) as f:
        text = f.read()
    with open(config, 'w') as f:
        f.write(text.replace('step     = 300', 'step     = %d' % STEP, 1))
    os.makedirs(site.path('nginx'), exist_ok=True)
    web = webserver.WebServer(site.path('nginx'), [ours, config], mode='fastcgi',
                              static_dir=site.static_dir('modern'),
                              env={'SMOKEPING_CONFIG': config, 'TZ': 'UTC'})
    browser = None
    try:
        web.start()
        browser = cdp.Browser(cdp.chromium_binary())
        zurich = web.cgi_url + '?target=Europe.Zurich;ui=modern'
        for device in ('phone', 'desktop'):
            for scheme in ('light', 'dark'):
                emulate(browser, device, scheme)
                responses = browser.navigate(zurich)
                name = '%s-%s' % (device, scheme)
                check_page(browser, responses, name, device, scheme, failures)
                if device == 'phone' and scheme == 'light':
                    check_menu_toggle(browser, failures)
                screenshot(browser, os.path.join(shots, 'modern-%s.png' % name))
        # desktop, dark
        status = browser.evaluate(
            "(document.getElementById('slave-status-link') || {}).href || ''")
        failures.check('slavestatus' in status and 'ui=modern' in status,
                       'the top bar links the slave status page')
        check_refresh(browser, failures)
        check_slaves_view(browser, web, failures, shots)

        emulate(browser, 'phone', 'dark')
        check_slave_status(browser, status, failures, shots)
        check_navigator(browser, zurich, failures)

        # The classic page is still the classic page.
        responses = browser.navigate(web.cgi_url + '?target=Europe.Zurich')
        classic = browser.evaluate(LAYOUT_JS)
        pngs = [g for g in classic['graphs'] if g['src'].endswith('.png')]
        failures.check(not classic['modernCss'] and len(pngs) == len(classic['graphs']) > 0,
                       'without ui=modern: smokeping.css and PNG graphs')
    finally:
        if browser:
            browser.close()
        if failures:
            print('\n'.join('%s:\n%s' % kv for kv in web.logs().items()))
        web.stop()
    return failures


def main():
    return browser_test_main(sys.argv, __doc__, run, 'sp-modern-')


if __name__ == '__main__':
    sys.exit(main())
