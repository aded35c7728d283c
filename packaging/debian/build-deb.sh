#!/bin/bash
# Builds the Debian package from an existing build dir (no compile of its own): installs the
# build into a staging root with prefix /usr, moves things to Debian's places, adds the
# maintainer scripts and conffiles, and packs it with dpkg-deb.
# Usage: packaging/debian/build-deb.sh BUILD_DIR [OUT_DIR]      (prints the .deb's path)
# Needs: cmake, dpkg-dev (dpkg-shlibdeps), binutils (strip), gzip. Root is not needed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:?usage: build-deb.sh BUILD_DIR [OUT_DIR]}
out=${2:-$build}
build=$(cd "$build" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)

for program in src/smokeping cgi/smokeping.cgi; do
  if [ ! -x "$build/$program" ]; then
    echo "build-deb: $build/$program is missing; build the targets smokeping and smokeping_cgi" >&2
    exit 1
  fi
done

project_version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[ -n "$project_version" ] || { echo "build-deb: no project version in $build" >&2; exit 1; }
# Above Debian's 2.7.3-x, so that installing it upgrades the original in place.
version="2.7.3+cpp$project_version"
arch=$(dpkg --print-architecture)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
umask 022

DESTDIR=$root cmake --install "$build" --prefix /usr >/dev/null

# /etc: Debian's layout (config + config.d/), not the .dist examples of a plain install.
rm -rf "$root/usr/etc"
install -d "$root/etc/smokeping/config.d" "$root/etc/logrotate.d"
install -m 644 "$here/etc/config" "$root/etc/smokeping/config"
install -m 644 "$here"/etc/config.d/* "$root/etc/smokeping/config.d/"
install -m 644 "$top/etc/basepage.html.dist" "$root/etc/smokeping/basepage.html"
install -m 644 "$top/etc/basepage-modern.html.dist" "$root/etc/smokeping/basepage-modern.html"
install -m 644 "$top/etc/smokemail.dist" "$root/etc/smokeping/smokemail"
install -m 644 "$here/tmail" "$root/etc/smokeping/"
install -m 644 "$top/packaging/logrotate/smokeping" "$root/etc/logrotate.d/smokeping"

# Graphs are published from imgcache through the www folder, as in Debian's package (the CGI
# writes the logos there too).
rm -rf "$root/usr/share/smokeping/www/images"
ln -s /var/cache/smokeping/images "$root/usr/share/smokeping/www/images"

install -d "$root/lib/systemd/system" "$root/usr/lib/tmpfiles.d"
install -m 644 "$top"/packaging/systemd/*.service "$top"/packaging/systemd/*.socket \
  "$root/lib/systemd/system/"
install -m 644 "$here/tmpfiles.conf" "$root/usr/lib/tmpfiles.d/smokeping.conf"

strip --strip-unneeded --remove-section=.comment --remove-section=.note \
  "$root/usr/sbin/smokeping" "$root/usr/lib/cgi-bin/smokeping.cgi"

doc=$root/usr/share/doc/smokeping
install -m 644 "$here/copyright" "$doc/copyright"
cat >"$work/changelog" <<CHANGELOG
smokeping ($version) unstable; urgency=medium

  * C++ reimplementation of SmokePing 2.7.3, version $project_version.

 -- SmokePing C++ maintainers <maintainers@users.noreply.r-seed-b44e138b.example>  $(date -R -d @"${SOURCE_DATE_EPOCH:-$(stat -c %Y "$build/src/smokeping")}")
CHANGELOG
gzip -9n <"$work/changelog" >"$doc/changelog.gz"
find "$root/usr/share/man" -type f -name '*.[0-9]' -exec gzip -9n {} +
find "$doc/examples" -type f -size +4k ! -name '*.gz' -exec gzip -9n {} +

# Control files.
install -d "$root/DEBIAN"
for script in preinst postinst prerm postrm; do
  install -m 755 "$here/$script" "$root/DEBIAN/$script"
done
(cd "$root" && find etc -type f | sort | sed 's|^|/|') >"$root/DEBIAN/conffiles"
# dpkg-shlibdeps wants to run in a source tree: give it a minimal one.
mkdir -p "$work/src/debian"
printf 'Source: smokeping\n\nPackage: smokeping\nArchitecture: any\n' >"$work/src/debian/control"
shlibs=$(cd "$work/src" && dpkg-shlibdeps -O -e"$root/usr/sbin/smokeping" \
  -e"$root/usr/lib/cgi-bin/smokeping.cgi" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s|@VERSION@|$version|" -e "s|@ARCH@|$arch|" -e "s|@SIZE@|$size|" \
  -e "s|@SHLIBS@|$shlibs|" "$here/control.in" >"$root/DEBIAN/control"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -print0 | sort -z |
  xargs -0 md5sum | sed 's|  \./|  |') >"$root/DEBIAN/md5sums"

deb=$out/smokeping_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
