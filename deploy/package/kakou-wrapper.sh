#!/bin/sh
# The kakou command: Kakou's CLI on the Node runtime shipped with it in /opt/kakou. Paths are found
# from this script's own place, so an installation unpacked under another root runs as well. The
# site's configuration is used unless KAKOU_CONFIG or --config names another.
here=$(dirname "$(readlink -f "$0")")
root=$(cd "$here/../.." && pwd) || exit 1
if [ -z "${KAKOU_CONFIG:-}" ] && [ -r "$root/etc/kakou/kakou.yaml" ]; then
  KAKOU_CONFIG="$root/etc/kakou/kakou.yaml"
  export KAKOU_CONFIG
fi
exec "$root/opt/kakou/node/bin/node" "$root/opt/kakou/dist/main.js" "$@"
