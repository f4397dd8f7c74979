import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Manifests of trusted documents, in the two formats tools emit:
 * - graphql-codegen's client preset (`persistedDocuments`): `{ "<sha256 hex>": "<document>" }` (keys
 *   may carry a `sha256:` prefix, as its `hashAlgorithm: 'sha256'` writes them);
 * - Apollo's persisted query manifest (`@apollo/generate-persisted-query-manifest`):
 *   `{ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [{ "id", "name", "type", "body" }] }`.
 * Either way an id is the SHA-256 (hex) of its document's exact text, which is what Apollo Client's
 * persisted-query link and codegen's hashes send; an id that is not is refused, so that an id always
 * names one text and a manifest cannot smuggle a document under another document's id.
 */
export interface ManifestEntry {
  /** SHA-256 of `body`, lowercase hex. */
  id: string;
  body: string;
  /** Where it came from, for start-up messages: `<file>`. */
  origin: string;
}

export interface ManifestRead {
  entries: ManifestEntry[];
  /** Everything wrong, each naming its file (and entry); an empty list means every entry is usable. */
  problems: string[];
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The SHA-256 of a document's text, lowercase hex: the id a manifest and a request name it by. */
export function documentId(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** Parses one manifest's JSON text. */
export function parseManifest(text: string, origin: string): ManifestRead {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { entries: [], problems: [`${origin}: not JSON`] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { entries: [], problems: [`${origin}: must be a JSON object (id → document, or an Apollo persisted query manifest)`] };
  }
  const record = json as Record<string, unknown>;
  const pairs: Array<[string, unknown]> = [];
  const problems: string[] = [];
  if (record.format === 'apollo-persisted-query-manifest') {
    if (record.version !== 1) return { entries: [], problems: [`${origin}: only version 1 of the Apollo manifest format is known`] };
    if (!Array.isArray(record.operations)) return { entries: [], problems: [`${origin}: "operations" must be a list`] };
    record.operations.forEach((operation: unknown, index) => {
      const entry = typeof operation === 'object' && operation !== null ? (operation as Record<string, unknown>) : {};
      if (typeof entry.id !== 'string') problems.push(`${origin}: operations[${index}] has no string "id"`);
      else pairs.push([entry.id, entry.body]);
    });
  } else {
    pairs.push(...Object.entries(record));
  }
  const entries: ManifestEntry[] = [];
  for (const [key, body] of pairs) {
    // codegen's client preset with `hashAlgorithm: 'sha256'` writes `sha256:<hex>`; Apollo's tools the bare hex.
    const id = key.startsWith('sha256:') ? key.slice('sha256:'.length) : key;
    const label = `${origin}: document ${id.slice(0, 80)}`;
    if (typeof body !== 'string' || body.trim() === '') problems.push(`${label}: the document must be a non-empty string`);
    else if (!SHA256_HEX.test(id)) problems.push(`${label}: the id must be the SHA-256 of the document, 64 lowercase hex digits`);
    else if (documentId(body) !== id) problems.push(`${label}: the id is not the SHA-256 of the document's text`);
    else entries.push({ id, body, origin });
  }
  return { entries, problems };
}

/** Reads each manifest file (a `.json` file, or every `.json` file of a folder, in name order). */
export function readManifests(paths: readonly string[]): ManifestRead {
  const entries: ManifestEntry[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    let files: string[];
    try {
      files = statSync(path).isDirectory()
        ? readdirSync(path)
            .filter((name) => name.endsWith('.json'))
            .sort()
            .map((name) => join(path, name))
        : [path];
    } catch (error) {
      problems.push(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      continue;
    }
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        problems.push(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
        continue;
      }
      const read = parseManifest(text, basename(file));
      entries.push(...read.entries);
      problems.push(...read.problems);
    }
  }
  return { entries, problems };
}
