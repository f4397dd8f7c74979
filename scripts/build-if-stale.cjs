#!/usr/bin/env node
// `npm start` and `npm run key:create` start from the last build when nothing it is built from has
// changed since: tsc's own incremental check still takes about 9 s (it loads the whole program), which a
// person pays on every start. The stamp is written only after a build this script ran succeeded, and is
// dated from the build's start, so a file saved during the build makes the next start build again.
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
/** What the server's build reads: its sources, the SDL it copies nothing of but reads beside dist/, its settings. */
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];
/** What a start needs from the build: without them the stamp proves nothing. */
const OUTPUTS = ['dist/main.js', 'dist/cli/create-key.js'];
const STAMP = 'dist/.build-stamp';

/** The latest modification time under a path (a file, or a folder walked whole); 0 when it does not exist. */
function newestMtimeMs(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  return newest;
}

/** Whether the build in `root` is missing or older than anything it is built from. */
function isStale(root, inputs = INPUTS, outputs = OUTPUTS, stamp = STAMP) {
  const stampPath = join(root, stamp);
  if (!existsSync(stampPath) || outputs.some((output) => !existsSync(join(root, output)))) return true;
  const built = statSync(stampPath).mtimeMs;
  return inputs.some((input) => newestMtimeMs(join(root, input)) > built);
}

module.exports = { isStale };

if (require.main === module) {
  if (!isStale(ROOT)) process.exit(0);
  const started = new Date();
  const build = spawnSync('npm', ['run', 'build:server', '--silent'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const stampPath = join(ROOT, STAMP);
  writeFileSync(stampPath, `${started.toISOString()}\n`);
  utimesSync(stampPath, started, started);
}
