import { GraphQLScalarType } from 'graphql';
import { buildGatewaySchema, mergeResolvers } from '../../src/schema';

describe('mergeResolvers', () => {
  it('joins the domains’ maps type by type, keeping scalars as they are', () => {
    const scalar = new GraphQLScalarType({ name: 'When' });
    const merged = mergeResolvers([
      { Query: { a: () => 1 } } as never,
      { Query: { b: () => 2 }, When: scalar } as never,
    ]);
    expect(Object.keys(merged.Query ?? {})).toEqual(['a', 'b']);
    expect(merged.When).toBe(scalar);
  });

  it('refuses two domains resolving the same field', () => {
    expect(() => mergeResolvers([{ Query: { a: () => 1 } } as never, { Query: { a: () => 2 } } as never])).toThrow(
      'Query.a is resolved by two domains',
    );
  });
});

describe('buildGatewaySchema', () => {
  it('gives every type implementing User a resolver for platform and displayName', () => {
    const schema = buildGatewaySchema();
    for (const name of ['Agent', 'WidgetUser', 'CustomerCareUser']) {
      const type = schema.getType(name) as { getFields(): Record<string, { resolve?: unknown }> };
      expect(type.getFields().platform?.resolve).toEqual(expect.any(Function));
      expect(type.getFields().displayName?.resolve).toEqual(expect.any(Function));
    }
  });
});
