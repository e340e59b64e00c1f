#!/usr/bin/env bash
# The Debian package on this machine (root, as CI): built around an already built binary (default: the debug one),
# installed with dpkg -i, its default configuration checked, its unit verified, its man page rendered, the installed
# gateway served as the service user, then removed and purged. The package is purged on every exit, so a failure leaves the machine as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-.build/debug/passerelle}
fail() { echo "package test: FAILED: $*"; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "dpkg -i needs root"
if dpkg-query -W passerelle >/dev/null 2>&1 || [ -e /usr/bin/passerelle ] || getent passwd passerelle >/dev/null; then
  fail "a passerelle package, /usr/bin/passerelle or a passerelle user is already on this machine; not touching it"
fi
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; fi
  dpkg --purge passerelle >/dev/null 2>&1 || true
  rm -rf "$work"
}
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

# The installed binary serves as the service user from the installed configuration, on a free port instead of 8080.
chmod 0755 "$work"
sed 's/^  port: 8080$/  port: 0/' /etc/passerelle/passerelle.yaml > "$work/serve.yaml"
grep -q '^  port: 0$' "$work/serve.yaml" || fail "the installed configuration does not listen on port 8080 as documented"
ops_token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
: > "$work/serve.log"
PASSERELLE_TOKEN_HOME=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n') PASSERELLE_TOKEN_OPS=$ops_token \
PASSERELLE_TOKEN_AUDITOR=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n') \
PASSERELLE_HOME_WEBHOOK_TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n') \
  setpriv --reuid=passerelle --regid=passerelle --init-groups -- \
  /usr/bin/passerelle serve --config "$work/serve.yaml" > "$work/serve.log" 2>&1 &
server=$!
port=""
for _ in $(seq 1 100); do
  port=$(grep -Eo 'listening on (http://)?127\.0\.0\.1:[0-9]+' "$work/serve.log" | head -1 | grep -Eo '[0-9]+$' || true)
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log"; fail "passerelle serve exited as the passerelle user"; }
  sleep 0.2
done
[ -n "$port" ] || { cat "$work/serve.log"; fail "passerelle serve did not say where it listens"; }
curl -fsS "http://127.0.0.1:$port/health/ready" > "$work/ready.txt" || fail "/health/ready did not answer 200"
grep -q "^store: ok$" "$work/ready.txt" && grep -q "^adapter home: enabled" "$work/ready.txt" \
  || fail "/health/ready says: $(cat "$work/ready.txt")"
curl -fsS -H "Authorization: Bearer $ops_token" "http://127.0.0.1:$port/metrics" > "$work/metrics.txt" \
  || fail "/metrics did not answer the ops token"
grep -q '^passerelle_adapter_enabled{adapter="home"} 1' "$work/metrics.txt" \
  || fail "/metrics does not show the home adapter enabled: $(grep passerelle_adapter_enabled "$work/metrics.txt")"
kill "$server"; wait "$server" 2>/dev/null || true
server=""

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
echo "package test: $(basename "$deb") installed, configuration checked, unit verified, man page rendered, served as passerelle, removed and purged"
