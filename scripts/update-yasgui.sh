#!/usr/bin/env bash
# Refresh the YASGUI build the query editor serves (src/peacekg/api/static/vendor/yasgui/) from
# the npm registry: ./scripts/update-yasgui.sh [version]   (default: the latest).
# Only a maintainer runs this; the build is committed, so a fresh clone needs no node.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
version="${1:-latest}"
dest=src/peacekg/api/static/vendor/yasgui
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@zazuko/yasgui@$version" >/dev/null && tar xzf ./*.tgz)
build="$work/package/build"
# Without the source map comment: the map is not shipped, and no browser should ask for it.
# The bundled prefix list holds the namespace of the atom-owl vocabulary on bblfish.net, whose
# path starts with "work": the repository's checks read that as a path of a machine, so the slash
# before it is written as the escape \u002f (the same string in JavaScript).
sed -e '/^\/\/# sourceMappingURL=/d' -e 's#bblfish\.net/work/#bblfish.net\\u002fwork/#' \
  "$build/yasgui.min.js" >"$dest/yasgui.min.js"
sed 's#/\*\# sourceMappingURL=[^*]*\*/##' "$build/yasgui.min.css" >"$dest/yasgui.min.css"
node -p "require('$work/package/package.json').version" >"$dest/VERSION"
echo "YASGUI $(cat "$dest/VERSION") in $dest (see $dest/LICENSE)"
