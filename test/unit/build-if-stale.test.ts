import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS script (it runs before any build)
const { isStale } = require('../../scripts/build-if-stale.cjs') as { isStale(root: string, inputs?: string[], outputs?: string[], stamp?: string): boolean };

/** `npm start` starts from the last build when nothing it is built from changed since (scripts/build-if-stale.cjs). */
describe('build-if-stale', () => {
  let root: string;
  const at = (path: string, seconds: number) => utimesSync(join(root, path), seconds, seconds);
  const write = (path: string, seconds: number) => {
    writeFileSync(join(root, path), 'x');
    at(path, seconds);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'cgw-build-'));
    mkdirSync(join(root, 'src', 'deep'), { recursive: true });
    mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
    write('src/deep/a.ts', 1_000);
    write('package.json', 1_000);
    write('dist/main.js', 2_000);
    write('dist/cli/create-key.js', 2_000);
    at('src/deep', 1_000);
    at('src', 1_000);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds when there is no stamp, or an output is missing', () => {
    expect(isStale(root)).toBe(true);
    write('dist/.build-stamp', 2_000);
    expect(isStale(root)).toBe(false);
    rmSync(join(root, 'dist', 'main.js'));
    expect(isStale(root)).toBe(true);
  });

  it('starts from the build until a source, however deep, or a setting is newer than it', () => {
    write('dist/.build-stamp', 2_000);
    expect(isStale(root)).toBe(false);
    write('src/deep/a.ts', 3_000);
    expect(isStale(root)).toBe(true);
    write('src/deep/a.ts', 1_000);
    write('package.json', 3_000);
    expect(isStale(root)).toBe(true);
  });
});
