#!/usr/bin/perl
# Runs one target through an original SmokePing probe module (Debian's 2.7.3, with its
# external tools), the way its round would, and prints the times it measured, in
# milliseconds, one per line:
#   original_pingone.pl MODULE HOST PINGS [VAR=VALUE]...
# VAR=VALUE sets probe and target variables alike; unset ones take the module's defaults.
# The modules' start-up self-checks (dig localhost, ssh-keyscan 127.0.0.1) are skipped: they
# would ask the system's resolver or port 22.
use strict;
use warnings;
use lib '/usr/share/perl5';

my ($module, $host, $pings, @sets) = @ARGV;
die "usage: $0 MODULE HOST PINGS [VAR=VALUE]...\n" unless defined $pings;
my %given = map { my ($k, $v) = split /=/, $_, 2; ($k => $v) } @sets;

$ENV{SERVER_SOFTWARE} = 'probe-comparison';  # the modules skip their self-checks for the CGI
my $class = "Smokeping::probes::$module";
eval "require $class" or die $@;

sub defaults {
    my ($spec) = @_;
    my %out;
    for my $k (keys %$spec) {
        next if $k =~ /^_/ or ref $spec->{$k} ne 'HASH';
        $out{$k} = $spec->{$k}{_default} if defined $spec->{$k}{_default};
    }
    return %out;
}

my %properties = (defaults($class->probevars), %given, pings => $pings);
my %vars = (defaults($class->targetvars), %given, pings => $pings);
my $probe = $class->new(\%properties, { Database => { pings => $pings } }, $module);
$probe->{pingfactor} = 1000;  # what the skipped self-checks would have found for dig
$probe->{vars}{T} = \%vars;
my @times = $probe->pingone({ addr => $host, vars => \%vars, tree => 'T' });
printf "%.6f\n", 1000 * $_ for @times;
