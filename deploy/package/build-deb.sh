#!/usr/bin/env bash
# Builds what a site installs: a Debian package with Kakou, its production dependencies as built
# here (better-sqlite3's native addon included) and the Node runtime they were built for, so the
# site needs neither Node nor npm nor a compiler. Run after `npm ci && npm run build`.
#
#   deploy/package/build-deb.sh [--out DIR] [--node PATH] [--fast]
#
# --node names the runtime to ship (default: the `node` on PATH, which must be 22 or later and
# the one node_modules was built with); --fast compresses lightly (for tests).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/release"
node_bin=$(command -v node || true)
compress=(-Zxz)
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --node) node_bin=$2; shift 2 ;;
    --fast) compress=(-Zgzip -z1); shift ;;
    *) echo "build-deb: unknown argument $1" >&2; exit 2 ;;
  esac
done
fail() { echo "build-deb: $*" >&2; exit 1; }
[ -x "$node_bin" ] || fail "no Node runtime to ship (--node PATH)"
major=$("$node_bin" -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 22 ] || fail "Node $major is older than 22"
[ -f "$root/dist/main.js" ] || fail "dist/ is missing: run npm run build first"
[ -d "$root/node_modules/better-sqlite3" ] || fail "node_modules is missing: run npm ci first"
# The addon must load in the runtime shipped, or the package would fail on site, not here.
(cd "$root" && "$node_bin" -e "require('better-sqlite3')(':memory:').close()") ||
  fail "node_modules was built for another Node than $node_bin"

version=$("$node_bin" -p "require('$root/package.json').version")
arch=$(dpkg --print-architecture)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
pkg="$stage/kakou_${version}_${arch}"
opt="$pkg/opt/kakou"
mkdir -p "$opt/node/bin" "$pkg/usr/bin" "$pkg/lib/systemd/system" "$pkg/usr/share/kakou" "$pkg/DEBIAN"

# What the runtime reads (package.json "files"), the documents, and the lockfile it was built from.
cd "$root"
cp -a dist device-profiles sync deploy kakou.example.yaml README.md package.json package-lock.json "$opt/"
mkdir -p "$opt/src/web" "$opt/src/scoring"
cp -a src/web/public "$opt/src/web/"
cp -a src/scoring/presets "$opt/src/scoring/"
find "$opt/dist" -name '*.map' -delete

# Production dependencies only, as npm resolved and built them.
npm ls --omit=dev --all --parseable 2>/dev/null | tail -n +2 | sort -u | while read -r dir; do
  rel=${dir#"$root"/}
  mkdir -p "$opt/$(dirname "$rel")"
  [ -e "$opt/$rel" ] || cp -a "$dir" "$opt/$rel"
done
# The addon's sources and build intermediates are not needed to run it.
rm -rf "$opt/node_modules/better-sqlite3/deps" "$opt/node_modules/better-sqlite3/src" \
  "$opt/node_modules/better-sqlite3/build/Release/obj.target" "$opt/node_modules/better-sqlite3/build/Release/.deps" \
  "$opt/node_modules/better-sqlite3/build/deps"

cp "$node_bin" "$opt/node/bin/node"
for f in LICENSE README.md; do
  [ -f "$(dirname "$node_bin")/../$f" ] && cp "$(dirname "$node_bin")/../$f" "$opt/node/$f"
done

install -m 0755 deploy/package/kakou-wrapper.sh "$pkg/usr/bin/kakou"
install -m 0644 deploy/kakou.service deploy/kakou-backup.service deploy/kakou-backup.timer "$pkg/lib/systemd/system/"
install -m 0644 kakou.example.yaml "$pkg/usr/share/kakou/kakou.example.yaml"
for s in postinst prerm postrm; do install -m 0755 "deploy/package/$s" "$pkg/DEBIAN/$s"; done

size=$(du -sk "$pkg" | cut -f1)
cat >"$pkg/DEBIAN/control" <<CONTROL
Package: kakou
Version: $version
Architecture: $arch
Maintainer: Kakou maintainers <kakou@localhost>
Installed-Size: $size
Depends: libc6 (>= 2.28), libstdc++6, passwd
Recommends: mosquitto
Section: net
Priority: optional
Homepage: file:///opt/kakou/README.md
Description: Kakou checkpoint inspection node
 An edge node for maritime smart checkpoints and hazmat vehicle monitoring:
 it ingests AIS, checkpoint devices, vehicle terminals and installations,
 scores live targets against a cached credit snapshot, serves the officers'
 terminal and sends every record upstream to the central system.
 Ships its own Node.js runtime in /opt/kakou/node.
CONTROL

mkdir -p "$out"
deb="$out/kakou_${version}_${arch}.deb"
dpkg-deb --root-owner-group "${compress[@]}" --build "$pkg" "$deb" >/dev/null
echo "$deb"
