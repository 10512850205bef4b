// guards: the API is a Federation 2 subgraph a router can compose (`_service { sdl }`) and other
// subgraphs can refer to a User through (`_entities`), showing them an account's id and name and
// nothing else of anyone but the caller (issue 22). Federation's own fields are not in
// schema.graphql, so these documents are strings, not generated typed documents.
import { Kind, isObjectType, parse } from 'graphql';
import type { ConstDirectiveNode, DocumentNode, ObjectTypeDefinitionNode } from 'graphql';
import { errorCode, uniqueEmail, useTestServer, withTestServer } from '../../testing/testServer';
import { buildSchema } from '../schema';

const SDL = '{ _service { sdl } }';
const ENTITIES =
  'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { %s } } }';
const entities = (fields: string) => ENTITIES.replace('%s', fields);
const user = (id: string) => ({ __typename: 'User', id });

/** The root fields anyone may call: they sign in, refresh, log out or recover an account. */
const OPEN_TO_ANONYMOUS = [
  'Mutation.register',
  'Mutation.login',
  'Mutation.refreshToken',
  'Mutation.logout',
  'Mutation.requestPasswordReset',
  'Mutation.resetPassword',
  'Mutation.verifyEmail',
  'Mutation.verifyMfa',
  'Mutation.startPasskeyLogin',
  'Mutation.finishPasskeyLogin',
];

/** Every User field but `id` and `name`: the owner's alone. */
const userType = buildSchema().getType('User');
if (!isObjectType(userType)) throw new Error('the schema has no object type User');
const OWNER_ONLY_FIELDS = Object.keys(userType.getFields()).filter((name) => name !== 'id' && name !== 'name');

const argument = (directive: ConstDirectiveNode, name: string) =>
  directive.arguments?.find((arg) => arg.name.value === name)?.value;

function objectType(sdl: DocumentNode, name: string): ObjectTypeDefinitionNode {
  const found = sdl.definitions.find(
    (definition): definition is ObjectTypeDefinitionNode =>
      definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === name,
  );
  if (!found) throw new Error(`the SDL has no type ${name}`);
  return found;
}

describe('the subgraph SDL (`_service { sdl }`)', () => {
  const server = useTestServer();
  let sdl: DocumentNode;

  beforeAll(async () => {
    // A router or a composition tool reads it before anyone signs in: no token.
    const res = await server().client().gql(SDL);
    expect(res.errors).toBeUndefined();
    sdl = parse((res.data as { _service: { sdl: string } })._service.sdl);
  });

  it('links Federation 2.5 and imports @key and @authenticated', () => {
    const link = sdl.definitions
      .flatMap((definition) => (definition.kind === Kind.SCHEMA_EXTENSION ? (definition.directives ?? []) : []))
      .find((directive) => directive.name.value === 'link');

    expect(link && argument(link, 'url')).toEqual({
      kind: Kind.STRING,
      value: 'https://specs.apollo.dev/federation/v2.5',
      block: false,
      loc: expect.anything(),
    });
    const imports = link && argument(link, 'import');
    const imported =
      imports?.kind === Kind.LIST ? imports.values.map((v) => (v.kind === Kind.STRING ? v.value : '')) : [];
    expect(imported).toEqual(expect.arrayContaining(['@key', '@authenticated']));
  });

  it('declares User an entity keyed by id', () => {
    const keys = (objectType(sdl, 'User').directives ?? []).filter((directive) => directive.name.value === 'key');

    expect(keys.map((key) => argument(key, 'fields'))).toEqual([expect.objectContaining({ value: 'id' })]);
  });

  it('marks every root field @authenticated except those that sign in, refresh, log out or recover an account', () => {
    const open = ['Query', 'Mutation'].flatMap((root) =>
      (objectType(sdl, root).fields ?? [])
        // Federation's own `_service` (open, for composition) and `_entities` (guarded: below).
        .filter((field) => !field.name.value.startsWith('_'))
        .filter((field) => !field.directives?.some((directive) => directive.name.value === 'authenticated'))
        .map((field) => `${root}.${field.name.value}`),
    );

    expect(open.sort()).toEqual([...OPEN_TO_ANONYMOUS].sort());
  });
});

describe("`_service` where introspection is off (GRAPHQL_INTROSPECTION=false, production's default)", () => {
  it('is refused like introspection, GRAPHQL_VALIDATION_FAILED', async () => {
    await withTestServer({ GRAPHQL_INTROSPECTION: 'false' }, async (server) => {
      const res = await server.client().gql(SDL);
      expect(res.data ?? undefined).toBeUndefined();
      expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });
});

describe('`_entities` for User', () => {
  const server = useTestServer();

  async function twoAccounts() {
    const mine = server().client();
    const me = await mine.register(uniqueEmail(), 'correct horse battery', 'Ada');
    const theirs = await server().client().register(uniqueEmail(), 'correct horse battery', 'Grace');
    return { mine, me, theirs };
  }

  it('gives a signed-in caller every field of their own account', async () => {
    const { mine, me } = await twoAccounts();

    const res = await mine.gql(entities('id name email createdAt emailVerified mfaEnabled'), {
      representations: [user(me.user.id)],
    });

    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      _entities: [
        {
          id: me.user.id,
          name: 'Ada',
          email: me.email,
          createdAt: me.user.createdAt,
          emailVerified: false,
          mfaEnabled: false,
        },
      ],
    });
  });

  it("gives a signed-in caller another account's id and name", async () => {
    const { mine, theirs } = await twoAccounts();

    const res = await mine.gql(entities('id name'), { representations: [user(theirs.user.id)] });

    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ _entities: [{ id: theirs.user.id, name: 'Grace' }] });
  });

  it.each(OWNER_ONLY_FIELDS)("refuses another account's %s with FORBIDDEN", async (field) => {
    const { mine, theirs } = await twoAccounts();

    const res = await mine.gql(entities(`id ${field}`), { representations: [user(theirs.user.id)] });

    expect(res.errors?.map((error) => [error.extensions?.code, error.path])).toEqual([
      ['FORBIDDEN', ['_entities', 0, field]],
    ]);
    expect(res.data).toEqual({ _entities: [null] });
  });

  it('refuses an anonymous caller with UNAUTHENTICATED, for any account', async () => {
    const { theirs } = await twoAccounts();

    const res = await server()
      .client()
      .gql(entities('id name'), { representations: [user(theirs.user.id)] });

    expect(errorCode(res)).toBe('UNAUTHENTICATED');
    expect(res.data).toBeNull();
  });

  it('answers null for an unknown id and for a malformed one', async () => {
    const { mine } = await twoAccounts();

    const res = await mine.gql(entities('id name'), {
      // 12 characters would pass mongoose's ObjectId.isValid: malformed all the same.
      representations: [user('0123456789abcdef01234567'), user('not-an-id!!!'), user('x')],
    });

    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ _entities: [null, null, null] });
  });

  it('refuses more than 100 representations in one call with BAD_USER_INPUT, before any lookup', async () => {
    const { mine, me } = await twoAccounts();

    const res = await mine.gql(entities('id'), {
      representations: Array.from({ length: 101 }, () => user(me.user.id)),
    });

    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.field).toBe('representations');
  });
});
