#!/usr/bin/env python3
"""Records what the original SmokePing says about each case of config_cases.txt.

Needs Debian's smokeping package (2.7.3). For each case it runs `smokeping --check`, and
when that passes, loads the config the way the CGI does (the load-time checks). The first
line of the output, normalised, goes into the case's `--- original` block.
Usage: tests/golden/regen_config_cases.py [--smokeping /usr/sbin/smokeping]
"""
import argparse
import os
import shutil
import subprocess
import tempfile

import config_cases

HERE = os.path.dirname(os.path.abspath(__file__))
LOAD = r'''
use strict; use lib '/usr/share/perl5';
use Smokeping;
$Smokeping::cgimode = 1;
eval { Smokeping::load_cfg($ARGV[0]) };
if ($@) { print $@; exit 1 }
print "load OK\n";
'''


def first_line(text, root):
    for line in text.decode('utf-8', 'replace').splitlines():
        if line.startswith('WARNING: Hostname') or not line.strip():
            continue
        return line.replace(root, '@ROOT@').rstrip()
    return ''


def original_verdict(smokeping, config, root):
    p = subprocess.run([smokeping, '--check', '--config=' + config], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=60)
    if p.returncode != 0:
        return first_line(p.stdout, root)
    env = dict(os.environ, SERVER_SOFTWARE='golden')
    p = subprocess.run(['perl', '-e', LOAD, config], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=60, env=env)
    if p.returncode != 0:
        return first_line(p.stdout, root)
    return 'OK'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--smokeping', default='/usr/sbin/smokeping')
    args = ap.parse_args()
    path = os.path.join(HERE, 'config_cases.txt')
    cases = config_cases.parse_cases(open(path, encoding='utf-8').read())
    for c in cases:
        root = tempfile.mkdtemp(prefix='sp-golden-')
        try:
            config = config_cases.materialize(c, root)
            c['original'] = original_verdict(args.smokeping, config, root)
        finally:
            shutil.rmtree(root)
        print('%-45s %s' % (c['name'], c['original']))
    open(path, 'w', encoding='utf-8').write(config_cases.format_cases(cases))


if __name__ == '__main__':
    main()
