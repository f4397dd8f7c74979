import { Kind, visit, type ASTNode, type DocumentNode } from 'graphql';
import { ITEM_COUNTS } from './query-cost.js';

/**
 * Per-document memory for the query limits, so that a document Apollo Server already parsed and
 * validated (its document cache hands back the same `DocumentNode` object) is not walked again on every
 * request: the shape limits depend on the document alone, the cost on the document, the operation and
 * only those variables that can change it. Entries live as long as Apollo keeps the document (WeakMap).
 */
export class LimitVerdicts {
  readonly #shape = new WeakMap<DocumentNode, string | null>();
  readonly #costs = new WeakMap<DocumentNode, DocumentCosts>();

  /** The shape-limit refusal of a document (null: within the limits), computed at most once per document. */
  shapeRefusal(document: DocumentNode, compute: () => string | null): string | null {
    let refusal = this.#shape.get(document);
    if (refusal === undefined) {
      refusal = compute();
      this.#shape.set(document, refusal);
    }
    return refusal;
  }

  /**
   * The remembered cost of an operation with these variables, or undefined. The key holds only the
   * variables that can change the cost, so requests that differ in other variables (an id, an input)
   * share one entry.
   */
  cost(document: DocumentNode, operationName: string | undefined, variables: Readonly<Record<string, unknown>> | undefined): number | undefined {
    const costs = this.#costs.get(document);
    if (!costs) return undefined;
    const key = costs.key(operationName, variables);
    return key === undefined ? undefined : costs.entries.get(key);
  }

  /** Remembers a computed cost (only for variables that coerced: the caller computes nothing otherwise). */
  rememberCost(document: DocumentNode, operationName: string | undefined, variables: Readonly<Record<string, unknown>> | undefined, cost: number): void {
    let costs = this.#costs.get(document);
    if (!costs) {
      costs = new DocumentCosts(costVariables(document));
      this.#costs.set(document, costs);
    }
    const key = costs.key(operationName, variables);
    if (key === undefined) return;
    // A client iterating `first` over many values must not grow one document's memory without bound.
    if (costs.entries.size >= MAX_COSTS_PER_DOCUMENT) costs.entries.clear();
    costs.entries.set(key, cost);
  }
}

/** Distinct (operation, cost-relevant variables) entries kept per document before starting over. */
export const MAX_COSTS_PER_DOCUMENT = 64;
/** Keys longer than this (e.g. many `_entities` representations) are not remembered: costing is cheaper than holding them. */
const MAX_KEY_LENGTH = 512;

class DocumentCosts {
  readonly entries = new Map<string, number>();
  constructor(private readonly variables: readonly string[]) {}

  key(operationName: string | undefined, variables: Readonly<Record<string, unknown>> | undefined): string | undefined {
    // Absent and null differ (an absent variable takes its default): an absent one is its name alone.
    // A list of pairs, not an object: a variable named `__proto__` must count like any other.
    const pairs = this.variables.map((name) => (variables && Object.hasOwn(variables, name) ? [name, variables[name]] : [name]));
    const key = `${operationName ?? ''}\u0000${JSON.stringify(pairs)}`;
    return key.length > MAX_KEY_LENGTH ? undefined : key;
  }
}

/** Field names whose arguments size a list (ITEM_COUNTS keys are `Type.field`; matching the name alone over-includes, never misses). */
const SIZING_FIELDS = new Set(Object.keys(ITEM_COUNTS).map((key) => key.slice(key.indexOf('.') + 1)));

/**
 * The variables that can change a document's cost: those in the arguments of a list-sizing field and
 * those of directives (`@include(if: $x)`, `@skip(if: $x)` decide whether a selection counts).
 */
export function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Variable(node, _key, _parent, _path, ancestors) {
      // Variable definitions name variables; only uses inside arguments matter.
      const owner = nearestOwner(ancestors);
      if (!owner) return;
      if (owner.kind === Kind.DIRECTIVE || (owner.kind === Kind.FIELD && SIZING_FIELDS.has(owner.name.value))) names.add(node.name.value);
    },
  });
  return [...names].sort();
}

function nearestOwner(ancestors: ReadonlyArray<ASTNode | ReadonlyArray<ASTNode>>): ASTNode | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const ancestor = ancestors[i];
    if (ancestor === undefined || Array.isArray(ancestor)) continue;
    const node = ancestor as ASTNode;
    if (node.kind === Kind.FIELD || node.kind === Kind.DIRECTIVE) return node;
    if (node.kind === Kind.VARIABLE_DEFINITION) return undefined;
  }
  return undefined;
}
