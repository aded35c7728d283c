"""A SmokePing site with three days of known data for the web tests and benches: the
reference config (shared/reference/web/smokeping-config.txt), the RRDs and sorter cache that
web_pages_vs_original_test.py builds, and the static files (cgi/www) next to the image cache,
so that one nginx location serves both at /smokeping/ (imgurl = ../smokeping/images)."""
import os
import shutil

import web_pages_vs_original_test as reference

SOURCE = reference.SOURCE
ORIGINAL_CGI = reference.ORIGINAL_CGI
run_cgi = reference.run_cgi
have_original = reference.have_original


class WebSite:
    """Everything below `work`: etc/, data/, www/ (css, js, images = our imgcache) and one
    config per CGI (each its own image cache, so that two CGIs never share drawn files)."""

    def __init__(self, work, now):
        self.work = work
        for d in ('etc', 'data', 'run'):
            os.makedirs(self.path(d), exist_ok=True)
        shutil.copy(os.path.join(SOURCE, 'etc', 'basepage.html.dist'),
                    self.path('etc', 'basepage.html'))
        for name, text, mode in (('etc/smokemail', 'Subject: x\n\nx\n', 0o644),
                                 ('etc/smokeping_secrets', 'boomer:x\nslave2:y\n', 0o600),
                                 ('fping', '#!/bin/sh\nexit 0\n', 0o755)):
            with open(self.path(name), 'w') as f:
                f.write(text)
            os.chmod(self.path(name), mode)
        reference.make_rrds(self.path('data'), now)
        reference.make_sorter_cache(self.path('data'))

    def path(self, *parts):
        return os.path.join(self.work, *parts)

    def static_dir(self, name):
        """www-<name>/ with css/, js/ and images/ from cgi/www; images/ is the image cache."""
        www = self.path('www-' + name)
        if not os.path.isdir(www):
            shutil.copytree(os.path.join(SOURCE, 'cgi', 'www'), www)
        return www

    def config(self, name):
        """A config whose imgcache is www-<name>/images; returns its path."""
        imgcache = os.path.join(self.static_dir(name), 'images')
        return reference.write_config(self.work, 'config-' + name, imgcache)


def browser_test_main(argv, doc, run, work_prefix):
    """The main() of a browser test: argv is [program, SMOKEPING_CGI, SCREENSHOT_DIR].
    Exits 77 (skip) without nginx, spawn-fcgi, chromium or rrdtool; `run(cgi, shots, work)`
    returns its failures. KEEP_WORK=1 keeps the work folder."""
    import cdp
    import tempfile
    import webserver
    if len(argv) != 3:
        print(doc)
        return 2
    ours, shots = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    missing = webserver.missing_tools('fastcgi')
    if cdp.chromium_binary() is None:
        missing.append('chromium')
    if shutil.which('rrdtool') is None:
        missing.append('rrdtool')
    if missing:
        print('SKIP: missing ' + ', '.join(missing))
        return 77
    os.makedirs(shots, exist_ok=True)
    work = tempfile.mkdtemp(prefix=work_prefix)
    try:
        failures = run(ours, shots, work)
    finally:
        if os.environ.get('KEEP_WORK'):
            print('work dir kept:', work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print('screenshots in', shots)
    if failures:
        print('FAILED:', '; '.join(failures))
        return 1
    print('all ok')
    return 0
