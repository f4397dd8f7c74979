#!/usr/bin/env bash
# Proves the typed client works for another team: packs this package, installs the tarball into a
# fresh project in a temporary folder (production dependencies only, from the npm registry), and
# type-checks a call through `chat-gateway/client` with the consumer's own TypeScript.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$root"
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"

mkdir "$work/consumer"
cd "$work/consumer"
cat > package.json <<'JSON'
{ "name": "consumer-check", "version": "1.0.0", "private": true, "type": "module" }
JSON
typescript_version="$(node -p "require('$root/package.json').devDependencies.typescript")"
npm install --silent --no-audit --no-fund --omit=dev "$work/$tarball" "typescript@$typescript_version" "@types/node@20" >/dev/null

cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022", "module": "nodenext", "moduleResolution": "nodenext",
    "strict": true, "noEmit": true, "skipLibCheck": false, "types": ["node"]
  },
  "include": ["call.ts"]
}
JSON
cp "$root/scripts/consumer/call.ts" call.ts
npx --no-install tsc -p tsconfig.json
# The client must load without any of the server's modules (installed alongside, but never loaded).
node -e "
const client = require('chat-gateway/client');
if (typeof client.createChatGatewayClient !== 'function') throw new Error('createChatGatewayClient is missing');
const outside = Object.keys(require.cache).filter((file) => !file.includes('/node_modules/chat-gateway/dist/client/'));
if (outside.length > 0) throw new Error('the client loaded modules beyond dist/client: ' + outside.join(', '));
"
echo "consumer check: the packed client installs, type-checks and loads"
