import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readTypeDefs } from '../src/schema.js';
import { GENERATED_SDL_PATH, flagCommittedBreaks, planSchemaPrint, subgraphSdl } from './schema-diff.js';

/**
 * `npm run schema:print`: writes the subgraph SDL we publish to schema/__generated__/subgraph.graphql,
 * refusing breaking changes unless `--allow-breaking`. `--check` says whether that file is stale
 * (exit 1) or up to date (exit 0), and flags breaking changes the last commit made to it. Compiled to
 * dist-scripts/ first (scripts/tsconfig.json).
 */
const USAGE = 'usage: schema-print [--check | --allow-breaking]';

/** The repository root: the nearest folder above this file holding package.json (works from dist-scripts/ too). */
function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** The published SDL as of a commit, when git and that commit are there. */
function committedVersion(root: string, revision: string): string | undefined {
  try {
    return execFileSync('git', ['show', `${revision}:${GENERATED_SDL_PATH}`], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

async function main(args: string[]): Promise<number> {
  const unknown = args.filter((arg) => arg !== '--check' && arg !== '--allow-breaking');
  const check = args.includes('--check');
  const allowBreaking = args.includes('--allow-breaking');
  if (unknown.length > 0 || (check && allowBreaking)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const root = repositoryRoot(__dirname);
  const file = join(root, GENERATED_SDL_PATH);
  const plan = await planSchemaPrint({
    current: existsSync(file) ? readFileSync(file, 'utf8') : undefined,
    // The repository's schema/ (src/schema.ts's default folder is relative to the compiled file).
    sdl: subgraphSdl(readTypeDefs(join(root, 'schema'))),
    check,
    allowBreaking,
  });
  if (plan.write !== undefined) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, plan.write);
  }
  (plan.exitCode === 0 ? process.stdout : process.stderr).write(`${plan.report}\n`);
  if (check) {
    const flagged = await flagCommittedBreaks(committedVersion(root, 'HEAD~1'), committedVersion(root, 'HEAD'));
    if (flagged !== '') process.stdout.write(`\n⚠ ${flagged}\n`);
  }
  return plan.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`schema-print failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
