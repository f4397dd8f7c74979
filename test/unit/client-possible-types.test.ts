import { buildSchema, isInterfaceType } from 'graphql';
import { possibleTypes } from '../../client/src/index';
import { readTypeDefs } from '../../src/schema';

/** The typed client exports, for Apollo Client's cache, every implementation of every interface. */
describe('possibleTypes (typed client)', () => {
  it('lists exactly the schema’s implementations of each interface, User included', () => {
    const schema = buildSchema(`${readTypeDefs()}\n${FEDERATION_STUBS}`, { assumeValidSDL: true });
    const expected = Object.fromEntries(
      Object.values(schema.getTypeMap())
        .filter(isInterfaceType)
        .filter((type) => !type.name.startsWith('__'))
        .map((type) => [type.name, schema.getPossibleTypes(type).map((object) => object.name).sort()]),
    );
    expect(Object.fromEntries(Object.entries(possibleTypes).map(([name, types]) => [name, [...types].sort()]))).toEqual(expected);
    expect(possibleTypes.User).toEqual(expect.arrayContaining(['Agent', 'CustomerCareUser', 'WidgetUser']));
  });
});

/** The federation directives the SDL uses, declared so that graphql-js can build it on its own. */
const FEDERATION_STUBS = `
  scalar link__Import
  directive @link(url: String!, import: [link__Import]) repeatable on SCHEMA
  directive @key(fields: String!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
  directive @shareable on OBJECT | FIELD_DEFINITION
`;
