#!/bin/sh
# The kakou command: Kakou's CLI on the Node runtime shipped with it in /opt/kakou. Paths are found
# from this script's own place, so an installation unpacked under another root runs as well.
here=$(dirname "$(readlink -f "$0")")
prefix=$(cd "$here/../../opt/kakou" && pwd) || exit 1
exec "$prefix/node/bin/node" "$prefix/dist/main.js" "$@"
