import { buildSchema, graphqlSync } from 'graphql';
import { withoutInputValues } from '../../src/plugins/input-values';

const schema = buildSchema(`
  input I { password: String!, n: Int, list: [String!], role: R }
  enum R { A B }
  type Query { f(input: I!, id: ID): Boolean }
`);

/** The messages graphql-js itself writes, so the test follows its wording. */
function messagesFor(source: string, variableValues?: Record<string, unknown>): string[] {
  return (graphqlSync({ schema, source, variableValues }).errors ?? []).map((error) => error.message);
}

const VARIABLE_QUERY = 'query ($input: I!) { f(input: $input) }';

describe('withoutInputValues', () => {
  it.each([
    [{ password: 987654321123 }, 'Variable "$input" got an invalid value at "input.password"; String cannot represent this value.'],
    [{ password: { deep: 'SECRET-1' } }, 'Variable "$input" got an invalid value at "input.password"; String cannot represent this value.'],
    [{ password: 'SECRET-2', n: 'x; y' }, 'Variable "$input" got an invalid value at "input.n"; Int cannot represent this value.'],
    [{ password: 'SECRET-3', list: ['a', 7] }, 'Variable "$input" got an invalid value at "input.list[1]"; String cannot represent this value.'],
    [{ password: 'SECRET-4', role: 'C' }, 'Variable "$input" got an invalid value at "input.role"; The value does not exist in "R" enum. Did you mean the enum value "A" or "B"?'],
    [{ password: 'SECRET-5', extra: 1 }, 'Variable "$input" got an invalid value; Field "extra" is not defined by type "I".'],
    [{}, 'Variable "$input" got an invalid value; Field "password" of required type "String!" was not provided.'],
  ])('cuts the value out of the coercion error for %j', (input, expected) => {
    const [message] = messagesFor(VARIABLE_QUERY, { input });
    expect(withoutInputValues(message ?? '')).toBe(expected);
  });

  it('cuts values out of validation errors about inline literals', () => {
    const messages = messagesFor('{ f(input: { password: 55554444333 }) }').map(withoutInputValues);
    expect(messages.join('\n')).not.toContain('55554444333');
    expect(messages).toContain('String cannot represent this value.');
  });

  it('drops a reason it does not know rather than risk quoting a value', () => {
    expect(withoutInputValues('Variable "$input" got invalid value "SECRET"; Something new: "SECRET"')).toBe(
      'Variable "$input" got an invalid value.',
    );
  });

  it('leaves messages that quote no input alone', () => {
    expect(withoutInputValues('Cannot query field "nope" on type "Query".')).toBe('Cannot query field "nope" on type "Query".');
  });
});
