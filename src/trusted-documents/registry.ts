import { getOperationAST, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type OperationTypeNode } from 'graphql';
import { checkScopes, liveReadScopes } from '../access/authorization.js';
import type { Caller, Scope } from '../access/caller.js';
import { armorValidationRules, exceedsTokenLimit, withoutSuggestions, type QueryLimitOptions } from '../plugins/query-limits.js';
import { documentId, type ManifestEntry } from './manifest.js';
import { worstCaseCost } from './worst-case-cost.js';

/**
 * One trusted document, judged once when its manifest loads: it parses, validates against the schema,
 * stays within every query limit whatever its variables (its worst-case cost), holds one operation,
 * and its scopes are known. Requests naming it skip all of that.
 */
export interface TrustedDocument {
  id: string;
  body: string;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  operationType: OperationTypeNode;
  operationName: string | undefined;
  /** Every scope the operation needs (root fields, and `read` for live-read fields of a subscription). */
  scopes: readonly Scope[];
  /** Its manifest file, for messages. */
  origin: string;
}

export interface TrustedDocumentsLoad {
  registry: TrustedDocuments;
  /** Every refused document with its reason; start-up fails when there is any. */
  problems: string[];
}

/** A caller holding no scope: what `checkScopes` reports missing for it is everything the operation needs. */
const NO_SCOPES: Caller = { name: 'trusted-documents', kind: 'anonymous', scopes: new Set(), tenant: 'default' };

/** The trusted documents, by id; built once at start-up from every manifest. */
export class TrustedDocuments {
  readonly #byId: ReadonlyMap<string, TrustedDocument>;

  private constructor(documents: Map<string, TrustedDocument>) {
    this.#byId = documents;
  }

  static readonly EMPTY = new TrustedDocuments(new Map());

  /**
   * Judges every entry; refused ones are left out and each named in `problems`. Without `introspection`
   * (production) a document selecting `__schema` or `__type` is refused, as Apollo Server refuses it.
   */
  static load(entries: readonly ManifestEntry[], schema: GraphQLSchema, limits: QueryLimitOptions, { introspection = true }: { introspection?: boolean } = {}): TrustedDocumentsLoad {
    const documents = new Map<string, TrustedDocument>();
    const problems: string[] = [];
    const rules = [...specifiedRules, ...armorValidationRules(limits), ...(introspection ? [] : [NoSchemaIntrospectionCustomRule])];
    for (const entry of entries) {
      if (documents.has(entry.id)) continue;
      const judged = judge(entry, schema, limits, rules);
      if (typeof judged === 'string') problems.push(`${entry.origin}: document ${entry.id}${nameOf(entry.body)}: ${judged}`);
      else documents.set(entry.id, judged);
    }
    return { registry: new TrustedDocuments(documents), problems };
  }

  get size(): number {
    return this.#byId.size;
  }

  byId(id: string): TrustedDocument | undefined {
    return this.#byId.get(id);
  }

  /** The trusted document with exactly this text, if any (a client that sends a trusted document's text). */
  byText(body: string): TrustedDocument | undefined {
    return this.#byId.size === 0 ? undefined : this.#byId.get(documentId(body));
  }

  all(): IterableIterator<TrustedDocument> {
    return this.#byId.values();
  }
}

function judge(entry: ManifestEntry, schema: GraphQLSchema, limits: QueryLimitOptions, rules: typeof specifiedRules): TrustedDocument | string {
  let document: DocumentNode;
  try {
    document = parse(entry.body, { maxLexicalTokens: limits.maxTokens });
  } catch (error) {
    return exceedsTokenLimit(entry.body, limits.maxTokens) ? `exceeds the token limit of ${limits.maxTokens}` : `does not parse: ${(error as Error).message}`;
  }
  const operations = document.definitions.filter((definition) => definition.kind === 'OperationDefinition');
  if (operations.length !== 1) return `must hold exactly one operation (found ${operations.length})`;
  const errors = validate(schema, document, rules);
  if (errors.length > 0) return `fails validation: ${errors.map((error) => withoutSuggestions(error.message).replace(/^Syntax Error: /, '')).join(' ')}`;
  const operation = getOperationAST(document) as OperationDefinitionNode;
  const { missing, unassigned } = checkScopes(NO_SCOPES, operation, document);
  if (unassigned.length > 0) return `no scope allows ${unassigned.map((field) => `"${field}"`).join(', ')}`;
  const scopes = new Set(missing);
  if (operation.operation === 'subscription') for (const scope of liveReadScopes(schema, document)) scopes.add(scope);
  const cost = worstCaseCost(schema, document, operation);
  if (typeof cost === 'string') return cost;
  if (cost > limits.maxCost) return `its worst-case cost ${cost} exceeds the cost limit of ${limits.maxCost}`;
  return {
    id: entry.id,
    body: entry.body,
    document,
    operation,
    operationType: operation.operation,
    operationName: operation.name?.value,
    scopes: [...scopes].sort(),
    origin: entry.origin,
  };
}

/** ` (OperationName)` for messages, read from the text without parsing it. */
function nameOf(body: string): string {
  const match = /\b(query|mutation|subscription)\s+(\w+)/.exec(body);
  return match ? ` (${match[2]})` : '';
}
