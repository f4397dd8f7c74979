/**
 * The trusted-documents lane's side of issue 20: a manifest of the scenarios' operations, in the format
 * of graphql-codegen's client preset (`persistedDocuments`): one JSON object mapping the SHA-256 hex of
 * each document's text to that exact text, in a folder the gateway reads through
 * `GATEWAY_TRUSTED_DOCUMENTS_DIR`, and request bodies that name the document instead of sending it:
 * `{ "documentId": "sha256:<hex>", "operationName": …, "variables": … }`.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryFolder } from './cleanup.js';
import type { Scenario } from './scenarios.js';

/** The manifest's file name in the folder. */
export const MANIFEST_FILE = 'bench-operations.json';

/** SHA-256 hex of exactly the text stored in the manifest. */
export function documentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A scenario's request as the trusted-documents lane sends it: the same operation and variables, `documentId` instead of `query`. */
export function trustedBody(scenario: Scenario): { documentId: string; operationName: string; variables: Record<string, unknown> } {
  return { documentId: `sha256:${documentHash(scenario.body.query)}`, operationName: scenario.body.operationName, variables: scenario.body.variables };
}

export interface ManifestFolder {
  dir: string;
  /** Number of documents written. */
  documents: number;
  remove(): void;
}

/** A new temporary folder holding the manifest of these scenarios' documents (deleted at the runner's exit at the latest). */
export function writeManifest(scenarios: Scenario[]): ManifestFolder {
  const { dir, remove } = temporaryFolder('bench-trusted-documents-');
  const manifest = Object.fromEntries(scenarios.map((scenario) => [documentHash(scenario.body.query), scenario.body.query]));
  writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, documents: Object.keys(manifest).length, remove };
}
