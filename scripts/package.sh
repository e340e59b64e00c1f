#!/usr/bin/env bash
# package.sh BINARY OUTPUT_FOLDER: builds passerelle_<version>_<arch>.deb around BINARY (`make package` gives the
# release binary, the package test the debug one) and prints the package's path.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:?usage: scripts/package.sh BINARY OUTPUT_FOLDER}
output=${2:?usage: scripts/package.sh BINARY OUTPUT_FOLDER}
[ -x "$binary" ] || { echo "package: $binary is not an executable; build it first" >&2; exit 1; }
version=$(tr -d ' \n' < VERSION)
arch=$(dpkg --print-architecture)
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT

install -D -m 0755 "$binary" "$staging/usr/bin/passerelle"
strip --strip-debug "$staging/usr/bin/passerelle"
install -D -m 0644 packaging/passerelle.yaml "$staging/etc/passerelle/passerelle.yaml"
install -D -m 0640 packaging/passerelle.env "$staging/etc/passerelle/passerelle.env"
install -D -m 0644 packaging/passerelle.service "$staging/usr/lib/systemd/system/passerelle.service"
install -d -m 0755 "$staging/usr/share/man/man1"
python3 scripts/manpage.py "$binary" | gzip -9n > "$staging/usr/share/man/man1/passerelle.1.gz"
install -d -m 0755 "$staging/usr/share/doc/passerelle" "$staging/usr/share/passerelle"
cp README.md openapi.yaml "$staging/usr/share/doc/passerelle/"
cp -r docs "$staging/usr/share/doc/passerelle/docs"
cp -r contracts "$staging/usr/share/passerelle/contracts"
cp -r config "$staging/usr/share/doc/passerelle/examples"
chmod -R u=rwX,go=rX "$staging/usr/share"

# The shared libraries the binary loads, as the Debian packages that provide them; libraries no package owns
# (a toolchain's, for a debug binary) are left out.
depends=$( { echo adduser
  ldd "$binary" | awk '$3 ~ /^\// { print $3 }' | while read -r library; do
    dpkg -S "$(readlink -f "$library")" 2>/dev/null || dpkg -S "$library" 2>/dev/null || true
  done | cut -d: -f1 | sed 's/,.*//'
} | sort -u | paste -sd, | sed 's/,/, /g')

install -d -m 0755 "$staging/DEBIAN"
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@DEPENDS@/$depends/" \
    -e "s/@SIZE@/$(du -sk --exclude=DEBIAN "$staging" | cut -f1)/" packaging/debian/control.in > "$staging/DEBIAN/control"
install -m 0644 packaging/debian/conffiles "$staging/DEBIAN/conffiles"
install -m 0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$staging/DEBIAN/"

mkdir -p "$output"
deb="$output/passerelle_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$staging" "$deb" >/dev/null
echo "$deb"
