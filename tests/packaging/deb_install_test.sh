#!/bin/bash
# The Debian package on a copy of this machine: upgrade over Debian's smokeping 2.7.3 (when
# it is installed), keeping a modified config and the RRD files working; the master started
# with --nodaemon as user smokeping; a page fetched through nginx with the installed example
# config; the installed systemd units verified; purge; then a fresh install.
#
# The machine itself is never changed: everything runs in a private mount namespace, chrooted
# into an overlay of / whose writes go to a temp dir that is removed at the end.
#   deb_install_test.sh DEB
# Exit 0 pass, 1 fail, 77 skip (not root, or no overlayfs / mount namespaces).
set -euo pipefail

deb=$(readlink -f "${1:?usage: deb_install_test.sh DEB}")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: needs root (dpkg, chroot, mounts)"
  exit 77
fi

scratch=$(mktemp -d /tmp/sp-deb-test-XXXXXX)
cleanup() {
  # The mounts vanish with the namespace; only the overlay's upper dir is left to remove.
  rm -rf "$scratch"
}
trap cleanup EXIT
mkdir -p "$scratch"/{upper,work,merged}

if ! unshare --mount --propagation private true 2>/dev/null; then
  echo "SKIP: cannot create a mount namespace"
  exit 77
fi

status=0
unshare --mount --propagation private /bin/bash -s -- "$scratch" "$deb" "$here" "$top" <<'NS' || status=$?
set -euo pipefail
scratch=$1 deb=$2 here=$3 top=$4
m=$scratch/merged
if ! mount -t overlay overlay -o "lowerdir=/,upperdir=$scratch/upper,workdir=$scratch/work" "$m"; then
  echo "SKIP: overlayfs over / is not available"
  exit 77
fi
mount -t proc proc "$m/proc"
mount --rbind /dev "$m/dev"
mount --rbind /sys "$m/sys"
mount -t tmpfs tmpfs "$m/run"
mount -t tmpfs tmpfs "$m/tmp"
mkdir -p "$m/tmp/pkgtest"
cp "$deb" "$m/tmp/pkgtest/smokeping.deb"
cp "$here/deb_install_inside.sh" "$m/tmp/pkgtest/inside.sh"
cp "$top/tests/integration/webserver.py" "$m/tmp/pkgtest/"
chroot "$m" /bin/bash /tmp/pkgtest/inside.sh /tmp/pkgtest/smokeping.deb
NS
exit "$status"
