#!/usr/bin/env python3
"""`smokeping --static-pages=DIR` on a config with loopback targets (a group, a node with a
slave, a node with an odd name, a hidden node, a multihost node, a group without hosts): every
node gets its page, every link of every page names a file that exists, every image is a PNG
(or SVG) of nonzero size, no temporary file is left, a second run replaces the pages, and bad
directories are refused with an error naming them. With Debian's smokeping installed, the
original writes the same config's pages too: the page names must be the same and the pages
equal, apart from the detail graphs' links (ours: the image; the original's: a navigator
query the files cannot answer).
Usage: static_pages_test.py SMOKEPING_BINARY
Exits 77 (skipped) when the binary is missing."""
import html.parser
import os
import re
import shutil
import subprocess
import sys
import urllib.parse

from smokeping_env import (ORIGINAL_SMOKEPING, Site, original_missing, process_env,
                           write_fake_fping)

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = os.path.normpath(os.path.join(HERE, '..', '..', 'etc', 'basepage.html.dist'))

# (dotted path, section text): the Targets below the top, in file order.
NODES = [
    ('Group', '+ Group\nmenu = Group\ntitle = A group\n'),
    ('Group.lo1', '++ lo1\nmenu = lo1\ntitle = Loopback one\nhost = 127.0.0.1\nslaves = s1\n'),
    ('Group.lo-2_b', '++ lo-2_b\nmenu = odd-name\ntitle = Odd name\nhost = 127.0.0.2\n'),
    ('Hidden', '+ Hidden\nmenu = Hidden\ntitle = Hidden node\nhost = 127.0.0.3\nhide = yes\n'),
    ('Multi', '+ Multi\nmenu = Multi\ntitle = Multihost\n'
              'host = /Group/lo1 /Group/lo-2_b /Group/lo1~s1\n'),
    ('Empty', '+ Empty\nmenu = Empty\ntitle = A group without hosts\n'),
]
SLAVES = '*** Slaves ***\nsecrets = {secrets}\n+ s1\ndisplay_name = slave-one\ncolor = 00aa00\n\n'


class Links(html.parser.HTMLParser):
    """The href of every <a> and the src of every <img>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs, self.srcs = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == 'a' and attrs.get('href') is not None:
            self.hrefs.append(attrs['href'])
        if tag == 'img' and attrs.get('src') is not None:
            self.srcs.append(attrs['src'])


def links_of(text):
    parser = Links()
    parser.feed(text)
    parser.close()
    return parser


def external(url):
    return url.startswith(('http://', 'https://', 'mailto:', '#'))


def local_file(directory, url):
    """The file a relative link of a page in `directory` names."""
    path = urllib.parse.urlsplit(url).path
    return os.path.normpath(os.path.join(directory, urllib.parse.unquote(path)))


def is_image(path):
    with open(path, 'rb') as f:
        head = f.read(256)
    return head.startswith(b'\x89PNG\r\n\x1a\n') or b'<svg' in head


def html_pages(directory):
    return sorted(n for n in os.listdir(directory) if n.endswith('.html'))


def check_site(directory, want_pages, problems):
    pages = html_pages(directory)
    if pages != want_pages:
        problems.append('pages %s, want %s' % (pages, want_pages))
    leftovers = [os.path.join(root, n) for root, _, names in os.walk(directory)
                 for n in names if n.startswith('.')]
    if leftovers:
        problems.append('temporary files left: %s' % leftovers)
    linked = set()
    for page in pages:
        with open(os.path.join(directory, page), encoding='utf-8') as f:
            links = links_of(f.read())
        for href in links.hrefs:
            if external(href):
                continue
            target = local_file(directory, href)
            linked.add(os.path.relpath(target, directory))
            if '?' in href or not os.path.isfile(target):
                problems.append('%s: link %r names no file' % (page, href))
        for src in links.srcs:
            if external(src):
                continue
            image = local_file(directory, src)
            if not os.path.isfile(image) or os.path.getsize(image) == 0 or not is_image(image):
                problems.append('%s: image %r is not a nonempty PNG/SVG' % (page, src))
    if 'Hidden.html' in linked:
        problems.append('a page links to the hidden node')
    return pages


def run(argv, **kw):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300,
                          env=process_env(), **kw)


def check_bad_dirs(binary, site, config, problems):
    afile = site.write('afile', 'x\n')
    r = run([binary, '--config=' + config, '--static-pages=' + afile + '/pages'])
    want = 'ERROR: cannot create %s/pages: Not a directory\n' % afile
    if r.returncode != 1 or r.stderr.decode() != want:
        problems.append('DIR below a file: exit %d, %r' % (r.returncode, r.stderr.decode()))
    r = run([binary, '--config=' + config, '--static-pages'])
    if r.returncode != 1 or b'No pagedir defined for static pages' not in r.stderr:
        problems.append('no DIR, no pagedir: exit %d, %r' % (r.returncode, r.stderr.decode()))


def normalized(text):
    """A page with the detail graphs' links (the one place ours differs on purpose) blanked."""
    text = re.sub(r'<a href="\?displaymode=n;[^"]*">', '<a href="DETAIL">', text)
    return re.sub(r'<a href="[^"]*_last_[0-9]+\.png">', '<a href="DETAIL">', text)


def compare_with_original(site, config, ours_dir, problems):
    missing = original_missing()
    if missing or shutil.which('perl') is None:
        print('original part skipped: Debian smokeping not installed (%s)' % ', '.join(missing))
        return
    theirs_dir = site.path('pages-original')
    r = run([ORIGINAL_SMOKEPING, '--config=' + config, '--static-pages=' + theirs_dir],
            cwd=site.root)
    if r.returncode != 0:
        problems.append('the original failed (%d): %s' % (r.returncode, r.stderr.decode()[-800:]))
        return
    ours, theirs = html_pages(ours_dir), html_pages(theirs_dir)
    if ours != theirs:
        problems.append('page names differ: ours %s, original %s' % (ours, theirs))
    for page in sorted(set(ours) & set(theirs)):
        with open(os.path.join(ours_dir, page), encoding='utf-8') as f:
            mine = normalized(f.read()).splitlines()
        with open(os.path.join(theirs_dir, page), encoding='utf-8') as f:
            other = normalized(f.read()).splitlines()
        if mine != other:
            diff = [(a, b) for a, b in zip(mine + [''] * len(other), other + [''] * len(mine))
                    if a != b][:4]
            problems.append('%s differs from the original:\n%s' % (page, '\n'.join(
                '  ours:     %s\n  original: %s' % d for d in diff)))
    print('compared %d pages with the original' % len(theirs))


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    binary = os.path.abspath(sys.argv[1])
    if not os.access(binary, os.X_OK):
        print('SKIP: no smokeping binary at %s' % binary)
        return SKIP
    site = Site('sp-static-')
    problems = []
    try:
        shutil.copy(TEMPLATE, site.path('basepage.html'))
        secrets = site.write('secrets', 's1:secret\n', 0o600)
        probes = '+ FPing\nbinary = %s\n' % write_fake_fping(site)
        config = site.config(''.join(text for _, text in NODES), step=300, pings=5,
                             probes=probes, extra_sections=SLAVES.format(secrets=secrets))
        # The original has no default overview range (its graphs fail without one).
        with open(config) as f:
            text = f.read().replace('+ overview\n', '+ overview\nrange = 10h\n', 1)
        config = site.write('config', text)
        want = sorted(['index.html'] + [dotted + '.html' for dotted, _ in NODES])

        ours = site.path('pages')
        for attempt in (1, 2):  # the second run replaces every page of the first
            r = run([binary, '--config=' + config, '--static-pages=' + ours])
            if r.returncode != 0:
                problems.append('run %d: exit %d: %s' % (attempt, r.returncode,
                                                         r.stderr.decode()[-800:]))
                break
        else:
            pages = check_site(ours, want, problems)
            for rrd in ('Group/lo1.rrd', 'Group/lo1~s1.rrd', 'Group/lo-2_b.rrd', 'Hidden.rrd'):
                if not os.path.isfile(site.path('data', rrd)):
                    problems.append('RRD %s was not made' % rrd)
            print('ours wrote %d pages' % len(pages))
            compare_with_original(site, config, ours, problems)
        check_bad_dirs(binary, site, config, problems)
    finally:
        if os.environ.get('KEEP_WORK'):
            print('work dir kept:', site.root)
        else:
            site.cleanup()
    for p in problems:
        print('FAILED: ' + p)
    if problems:
        return 1
    print('static pages ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
