#!/usr/bin/env bash
# Refresh the Swagger UI build that /docs serves (src/peacekg/api/static/vendor/swagger-ui/) from
# the npm registry: ./scripts/update-swagger-ui.sh [version]   (default: the latest).
# Only a maintainer runs this; the build is committed, so a fresh clone needs no node, and the
# page loads nothing from a CDN.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
version="${1:-latest}"
dest=src/peacekg/api/static/vendor/swagger-ui
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "swagger-ui-dist@$version" >/dev/null && tar xzf ./*.tgz)
build="$work/package"
mkdir -p "$dest"
# Without the source map comments: the maps are not shipped, and no browser should ask for them.
sed -e '/^\/\/# sourceMappingURL=/d' "$build/swagger-ui-bundle.js" >"$dest/swagger-ui-bundle.js"
sed 's#/\*\# sourceMappingURL=[^*]*\*/##' "$build/swagger-ui.css" >"$dest/swagger-ui.css"
# The licence (Apache-2.0), its NOTICE, and the licences of what the bundle includes.
cp "$build/LICENSE" "$build/NOTICE" "$dest/"
cp "$build/swagger-ui-bundle.js.LICENSE.txt" "$dest/THIRD-PARTY-LICENSES.txt"
node -p "require('$build/package.json').version" >"$dest/VERSION"
echo "Swagger UI $(cat "$dest/VERSION") in $dest (see $dest/LICENSE)"
