#!/usr/bin/env python3
"""The master unreachable for 10 rounds, then back (issue 9): slave_outage_test.py with a
10-round outage of the whole master (nginx, CGI and daemon) and 4-second steps. It checks
that every round of the slave reached the master once (unique line times, one step apart,
the outage's rounds included), that every row of `<target>~<slave>.rrd` between the first
and the last line holds a median, and that the master refused no update as a duplicate.

Usage: fault_master_unreachable_test.py --smokeping BIN --cgi BIN [slave_outage options]
(options given here win over the defaults above). Exits 77 as slave_outage_test.py does."""
import sys

import slave_outage_test

if __name__ == '__main__':
    sys.argv[1:1] = ['--outage-rounds', '10', '--step', '4', '--outage', 'all']
    sys.exit(slave_outage_test.main())
