#!/usr/bin/env bash
# Proves the typed client installs light and works for another team. Packs client/ (its own package,
# @chat-gateway/client; the pack cleans and rebuilds client/dist), installs that tarball ALONE into a
# fresh project in a temporary folder (its dependencies come from the npm registry), and asserts:
#   1. the tarball holds the build, the operations, the manifest of trusted documents and nothing of
#      the sources or the server;
#   2. the installed tree is small: at most MAX_PACKAGES packages and MAX_KB kilobytes, none of the
#      server's dependencies (@apollo/server …), no engine warning;
#   3. with the consumer's own TypeScript (added afterwards, for the check only), a call through
#      `@chat-gateway/client` type-checks under nodenext, node10 and bundler module resolution;
#   4. Node loads it (require and import), and loading it loads no module outside the client's dist/;
#   5. `@chat-gateway/client/persisted-documents.json` resolves to the repository's manifest (same entries).
set -euo pipefail

# Today: the client, @graphql-typed-document-node/core and graphql (its peer, for types): 3 packages, 2.6 MB.
# Raise these only with a reason: the point of the package is that it installs light.
MAX_PACKAGES=5
MAX_KB=4096

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "consumer check: $*" >&2; exit 1; }

cd "$root"
tarball="$work/$(npm pack ./client --silent --pack-destination "$work" | tail -n 1)"

# 1. What the tarball holds.
tar -tzf "$tarball" > "$work/contents"
for wanted in package/package.json package/dist/index.js package/dist/index.d.ts package/dist/__generated__/persisted-documents.json package/operations/agents.graphql; do
  grep -qx "$wanted" "$work/contents" || fail "the tarball lacks $wanted"
done
if grep -Ev '^package/(package\.json|README\.md|dist/.+\.(js|d\.ts|js\.map)|dist/__generated__/persisted-documents\.json|operations/.+\.graphql)$' "$work/contents"; then
  fail "the tarball holds files beyond package.json, README.md, dist/, its manifest and operations/ (listed above)"
fi

mkdir "$work/consumer"
cd "$work/consumer"
cat > package.json <<'JSON'
{ "name": "consumer-check", "version": "1.0.0", "private": true, "type": "module" }
JSON

# 2. The client alone: what a team gets from `npm install chat-gateway-client-<version>.tgz`.
npm install --no-audit --no-fund --loglevel=warn "$tarball" >/dev/null 2> "$work/install.log" || { cat "$work/install.log" >&2; fail "npm install of the tarball failed"; }
if grep -q EBADENGINE "$work/install.log"; then cat "$work/install.log" >&2; fail "installing the client prints engine warnings"; fi
ROOT="$root" MAX_PACKAGES="$MAX_PACKAGES" MAX_KB="$MAX_KB" node -e "
const fs = require('node:fs');
const path = require('node:path');
const server = require(path.join(process.env.ROOT, 'package.json'));
const client = require(path.join(process.env.ROOT, 'client', 'package.json'));
// Every installed package, from npm's own record of the tree (a nested copy counts too).
const installed = Object.keys(require('./package-lock.json').packages).filter(Boolean).map((where) => where.slice(where.lastIndexOf('node_modules/') + 13));
const own = new Set([client.name, ...Object.keys(client.dependencies ?? {}), ...Object.keys(client.peerDependencies ?? {})]);
const fromServer = installed.filter((name) => !own.has(name) && (name in (server.dependencies ?? {}) || name in (server.devDependencies ?? {})));
if (fromServer.length > 0) throw new Error('the client brought the server\'s dependencies: ' + fromServer.join(', '));
function sizeOf(file) {
  const stat = fs.lstatSync(file);
  return stat.isDirectory() ? fs.readdirSync(file).reduce((sum, entry) => sum + sizeOf(path.join(file, entry)), 0) : stat.size;
}
const kb = Math.round(sizeOf('node_modules') / 1024);
console.log('consumer check: the client installs ' + installed.length + ' packages, ' + kb + ' kB: ' + installed.join(', '));
if (installed.length > Number(process.env.MAX_PACKAGES)) throw new Error('more than ' + process.env.MAX_PACKAGES + ' packages installed');
if (kb > Number(process.env.MAX_KB)) throw new Error('more than ' + process.env.MAX_KB + ' kB installed');
"

# 3. The consumer's own tools, for the check only (not part of what the client installs).
typescript_version="$(node -p "require('$root/package.json').devDependencies.typescript")"
npm install --silent --no-audit --no-fund --save-dev "typescript@$typescript_version" "@types/node@20" >/dev/null
cp "$root/scripts/consumer/call.ts" call.ts
for setting in 'nodenext nodenext' 'commonjs node10' 'esnext bundler'; do
  read -r module resolution <<< "$setting"
  cat > tsconfig.json <<JSON
{
  "compilerOptions": {
    "target": "ES2022", "module": "$module", "moduleResolution": "$resolution",
    "strict": true, "noEmit": true, "skipLibCheck": false, "types": ["node"]
  },
  "include": ["call.ts"]
}
JSON
  npx --no-install tsc -p tsconfig.json || fail "call.ts does not type-check with module $module, moduleResolution $resolution"
done

# 4. It loads, from CommonJS and from an ES module, without any module beyond its dist/ (not even graphql).
node -e "
const client = require('@chat-gateway/client');
if (typeof client.createChatGatewayClient !== 'function') throw new Error('createChatGatewayClient is missing');
const outside = Object.keys(require.cache).filter((file) => !file.includes('/node_modules/@chat-gateway/client/dist/'));
if (outside.length > 0) throw new Error('the client loaded modules beyond its dist/: ' + outside.join(', '));
"
node --input-type=module -e "
import { createChatGatewayClient, ChatGatewayError, AgentsDocument, possibleTypes } from '@chat-gateway/client';
if (typeof createChatGatewayClient !== 'function' || typeof ChatGatewayError !== 'function') throw new Error('named imports are missing');
if (AgentsDocument.kind !== 'Document' || !Array.isArray(possibleTypes.User)) throw new Error('the generated exports are missing');
"

# 5. The manifest a team registers with its gateway: the one the gateway loads (client/src/__generated__/).
ROOT="$root" node -e "
const fs = require('node:fs');
const path = require('node:path');
const file = require.resolve('@chat-gateway/client/persisted-documents.json');
const shipped = JSON.parse(fs.readFileSync(file, 'utf8'));
const source = JSON.parse(fs.readFileSync(path.join(process.env.ROOT, 'client/src/__generated__/persisted-documents.json'), 'utf8'));
if (JSON.stringify(shipped) !== JSON.stringify(source)) throw new Error('the packed persisted-documents.json differs from client/src/__generated__/persisted-documents.json');
console.log('consumer check: @chat-gateway/client/persisted-documents.json holds ' + Object.keys(shipped).length + ' documents');
"
echo "consumer check: the packed client installs alone, type-checks, loads and ships its manifest"
