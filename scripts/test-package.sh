#!/usr/bin/env bash
# The Debian package on this machine (root, as CI): built around an already built binary (default: the debug one),
# installed with dpkg -i, its default configuration checked, its unit verified, its man page rendered, then removed
# and purged. The package is purged on every exit, so a failure leaves the machine as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-.build/debug/passerelle}
fail() { echo "package test: FAILED: $*"; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "dpkg -i needs root"
if dpkg-query -W passerelle >/dev/null 2>&1 || [ -e /usr/bin/passerelle ] || getent passwd passerelle >/dev/null; then
  fail "a passerelle package, /usr/bin/passerelle or a passerelle user is already on this machine; not touching it"
fi
work=$(mktemp -d)
cleanup() { dpkg --purge passerelle >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

deb=$(scripts/package.sh "$binary" "$work")
version=$(tr -d ' \n' < VERSION)
[ "$(basename "$deb")" = "passerelle_${version}_$(dpkg --print-architecture).deb" ] || fail "unexpected package name $deb"
dpkg -i "$deb" > "$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i $deb"; }

commit=$(git -c safe.directory='*' rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
[ "$(/usr/bin/passerelle --version)" = "passerelle $version (commit $commit)" ] \
  || fail "passerelle --version says \"$(/usr/bin/passerelle --version)\", expected version $version and commit $commit"
/usr/bin/passerelle config check /etc/passerelle/passerelle.yaml > "$work/check.txt" \
  || { cat "$work/check.txt"; fail "the installed configuration does not pass config check"; }
grep -q ": ok" "$work/check.txt" || fail "config check did not say ok: $(cat "$work/check.txt")"

[ "$(stat -c '%U:%G %a' /etc/passerelle/passerelle.env)" = "root:passerelle 640" ] \
  || fail "passerelle.env is $(stat -c '%U:%G %a' /etc/passerelle/passerelle.env), expected root:passerelle 640"
[ "$(stat -c '%U:%G %a' /var/lib/passerelle)" = "passerelle:passerelle 750" ] \
  || fail "/var/lib/passerelle is $(stat -c '%U:%G %a' /var/lib/passerelle), expected passerelle:passerelle 750"
for conffile in /etc/passerelle/passerelle.yaml /etc/passerelle/passerelle.env; do
  dpkg-query -W -f='${Conffiles}\n' passerelle | grep -q " $conffile " || fail "$conffile is not a conffile"
done

unit=/usr/lib/systemd/system/passerelle.service
systemd-analyze verify "$unit" > "$work/verify.txt" 2>&1 || { cat "$work/verify.txt"; fail "systemd-analyze verify $unit"; }
if grep -i "passerelle" "$work/verify.txt"; then fail "systemd-analyze verify has remarks on $unit"; fi
for setting in ProtectSystem=strict NoNewPrivileges=yes PrivateTmp=yes ReadWritePaths=/var/lib/passerelle \
                EnvironmentFile=/etc/passerelle/passerelle.env User=passerelle; do
  grep -qx "$setting" "$unit" || fail "$unit lacks $setting"
done

MANWIDTH=100 man --warnings -l /usr/share/man/man1/passerelle.1.gz > "$work/man.txt" 2> "$work/man-warnings.txt" \
  || fail "man cannot render passerelle(1)"
[ ! -s "$work/man-warnings.txt" ] || { cat "$work/man-warnings.txt"; fail "passerelle(1) renders with warnings"; }
for command in "passerelle serve" "passerelle deliveries replay" "passerelle config check" "passerelle audit verify"; do
  grep -q "$command" "$work/man.txt" || fail "passerelle(1) does not document $command"
done

# The service user can create and migrate the default store: its data folder is its own.
runuser -u passerelle -- /usr/bin/passerelle migrate --config /etc/passerelle/passerelle.yaml > "$work/migrate.txt" 2>&1 \
  || { cat "$work/migrate.txt"; fail "passerelle migrate as the passerelle user"; }
[ "$(stat -c '%U' /var/lib/passerelle/passerelle.sqlite)" = "passerelle" ] || fail "the store is not the service user's"

dpkg -r passerelle > "$work/remove.log" 2>&1 || { cat "$work/remove.log"; fail "dpkg -r"; }
[ ! -e /usr/bin/passerelle ] || fail "dpkg -r left /usr/bin/passerelle"
[ -f /var/lib/passerelle/passerelle.sqlite ] || fail "dpkg -r deleted the data, which only purge may do"
[ -f /etc/passerelle/passerelle.yaml ] || fail "dpkg -r deleted the configuration, which only purge may do"

dpkg --purge passerelle > "$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "dpkg --purge"; }
for path in /etc/passerelle /var/lib/passerelle "$unit" /usr/share/man/man1/passerelle.1.gz; do
  [ ! -e "$path" ] || fail "dpkg --purge left $path"
done
! getent passwd passerelle >/dev/null || fail "dpkg --purge left the passerelle user"
! dpkg-query -W -f='${Status}' passerelle 2>/dev/null | grep -q "ok installed" || fail "dpkg still lists passerelle"
echo "package test: $(basename "$deb") installed, configuration checked, unit verified, man page rendered, removed and purged"
