import { parse } from 'graphql';
import { costVariables, LimitVerdicts, MAX_COSTS_PER_DOCUMENT } from '../../src/plugins/limit-verdicts';

describe('costVariables', () => {
  it('lists the variables of list-sizing fields and of directives, not ids, inputs or definitions', () => {
    const document = parse(`
      query Q($first: Int, $id: ID!, $show: Boolean!, $reps: [_Any!]!, $search: String, $n: Int) {
        agents(type: AGENT, first: $first, search: $search) { nodes { id } }
        agent(type: AGENT, id: $id) @include(if: $show) { id }
        _entities(representations: $reps) { __typename }
        ...F
      }
      fragment F on Query { more: agents(type: MANAGER, first: $n) { totalCount } }`);
    // `search` sits on a sizing field: over-included, never missed.
    expect(costVariables(document)).toEqual(['first', 'n', 'reps', 'search', 'show']);
  });

  it('finds none in a document without variables', () => {
    expect(costVariables(parse('{ agents(type: AGENT, first: 5) { totalCount } }'))).toEqual([]);
  });
});

describe('LimitVerdicts', () => {
  const document = parse('query Q($first: Int, $id: ID) { agents(type: AGENT, first: $first) { totalCount } agent(type: AGENT, id: $id) { id } }');

  it('computes a shape verdict once per document object', () => {
    const verdicts = new LimitVerdicts();
    const compute = jest.fn(() => 'too deep');
    expect(verdicts.shapeRefusal(document, compute)).toBe('too deep');
    expect(verdicts.shapeRefusal(document, compute)).toBe('too deep');
    expect(compute).toHaveBeenCalledTimes(1);
    const passing = jest.fn(() => null);
    const other = parse('{ __typename }');
    expect(verdicts.shapeRefusal(other, passing)).toBeNull();
    expect(verdicts.shapeRefusal(other, passing)).toBeNull();
    expect(passing).toHaveBeenCalledTimes(1);
  });

  it('keys costs by operation and the cost variables only', () => {
    const verdicts = new LimitVerdicts();
    expect(verdicts.cost(document, 'Q', { first: 5 })).toBeUndefined();
    verdicts.rememberCost(document, 'Q', { first: 5, id: 'a' }, 12);
    expect(verdicts.cost(document, 'Q', { first: 5, id: 'b' })).toBe(12);
    expect(verdicts.cost(document, 'Q', { first: 6, id: 'a' })).toBeUndefined();
    expect(verdicts.cost(document, 'Other', { first: 5 })).toBeUndefined();
    expect(verdicts.cost(document, 'Q', {})).toBeUndefined();
    expect(verdicts.cost(document, 'Q', { first: null })).toBeUndefined();
    expect(verdicts.cost(parse('query Q($first: Int) { agents(type: AGENT, first: $first) { totalCount } }'), 'Q', { first: 5 })).toBeUndefined();
  });

  it('keys a variable named __proto__ like any other (an object key would drop it)', () => {
    const verdicts = new LimitVerdicts();
    const proto = parse('query P($__proto__: Int) { agents(type: AGENT, first: $__proto__) { totalCount } }');
    verdicts.rememberCost(proto, 'P', JSON.parse('{"__proto__": 0}') as Record<string, unknown>, 3);
    expect(verdicts.cost(proto, 'P', JSON.parse('{"__proto__": 100}') as Record<string, unknown>)).toBeUndefined();
    expect(verdicts.cost(proto, 'P', JSON.parse('{"__proto__": 0}') as Record<string, unknown>)).toBe(3);
  });

  it('does not remember keys too long to be worth holding', () => {
    const verdicts = new LimitVerdicts();
    const reps = parse('query E($reps: [_Any!]!) { _entities(representations: $reps) { __typename } }');
    const many = Array.from({ length: 100 }, (_, index) => ({ __typename: 'Agent', id: `agent-${index}` }));
    verdicts.rememberCost(reps, 'E', { reps: many }, 300);
    expect(verdicts.cost(reps, 'E', { reps: many })).toBeUndefined();
    verdicts.rememberCost(reps, 'E', { reps: many.slice(0, 2) }, 7);
    expect(verdicts.cost(reps, 'E', { reps: many.slice(0, 2) })).toBe(7);
  });

  it('keeps at most a bounded number of costs per document', () => {
    const verdicts = new LimitVerdicts();
    for (let first = 0; first <= MAX_COSTS_PER_DOCUMENT; first++) verdicts.rememberCost(document, 'Q', { first }, first);
    // The table started over when full: the newest entry is there, the oldest is gone.
    expect(verdicts.cost(document, 'Q', { first: MAX_COSTS_PER_DOCUMENT })).toBe(MAX_COSTS_PER_DOCUMENT);
    expect(verdicts.cost(document, 'Q', { first: 0 })).toBeUndefined();
  });
});
