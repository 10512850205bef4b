// guards: `@authenticated` is enforced by the API itself (graphql/authenticated.ts), for every field
// that carries it, whether or not a router in front reads it (issue 22). The list is read from the
// schema, so a new field with the directive is checked without editing this file.
import {
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import type { GraphQLField, GraphQLInputType, GraphQLObjectType } from 'graphql';
import { useTestServer } from '../../testing/testServer';
import { buildSchema } from '../schema';

const schema = buildSchema();
const roots = [schema.getQueryType()!, schema.getMutationType()!];

const hasAuthenticated = (field: GraphQLField<unknown, unknown>) =>
  field.astNode?.directives?.some((directive) => directive.name.value === 'authenticated') ?? false;

/** Every `@authenticated` field of every object type, as `Type.field`. */
const everyAuthenticated = Object.values(schema.getTypeMap())
  .filter(isObjectType)
  .filter((type) => !type.name.startsWith('__'))
  .flatMap((type) =>
    Object.values(type.getFields())
      .filter(hasAuthenticated)
      .map((field) => `${type.name}.${field.name}`),
  );

const authenticatedRoots = roots.flatMap((root) =>
  Object.values(root.getFields())
    .filter(hasAuthenticated)
    .map((field) => ({ root, field })),
);

const SCALARS: Record<string, unknown> = {
  ID: '0123456789abcdef01234567',
  String: 'x',
  Int: 1,
  Float: 1,
  Boolean: true,
  DateTime: '2026-01-01T00:00:00.000Z',
  JSON: {},
};

/** A value the type accepts: required input fields filled in, optional ones left out. */
function dummy(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return dummy(type.ofType);
  if (isListType(type)) return [dummy(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter(
      (f) => isNonNullType(f.type) && f.defaultValue === undefined,
    );
    return Object.fromEntries(required.map((f) => [f.name, dummy(f.type)]));
  }
  if (isScalarType(type) && type.name in SCALARS) return SCALARS[type.name];
  throw new Error(`no dummy value for ${type.toString()}: add one above`);
}

/** One operation selecting only `field`, each argument a variable with a dummy value. */
function operationOf(root: GraphQLObjectType, field: GraphQLField<unknown, unknown>) {
  const args = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
  const declared = args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const passed = args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  const document =
    `${root === schema.getMutationType() ? 'mutation' : 'query'}${declared ? `(${declared})` : ''} ` +
    `{ ${field.name}${passed ? `(${passed})` : ''}${selection} }`;
  return { document, variables: Object.fromEntries(args.map((arg) => [arg.name, dummy(arg.type)])) };
}

describe('@authenticated', () => {
  const server = useTestServer();

  it('marks fields of the schema, `me` among them, and only root fields (which this spec can call alone)', () => {
    expect(everyAuthenticated).toContain('Query.me');
    expect(everyAuthenticated).toEqual(authenticatedRoots.map(({ root, field }) => `${root.name}.${field.name}`));
  });

  it.each(authenticatedRoots.map(({ root, field }) => [`${root.name}.${field.name}`, root, field] as const))(
    'refuses %s to an anonymous caller with UNAUTHENTICATED, before its resolver runs',
    async (_name, root, field) => {
      const { document, variables } = operationOf(root, field);

      const res = await server().client().gql(document, variables);

      // A resolver that ran would fail without a viewer as INTERNAL_SERVER_ERROR, or with its own code.
      expect(res.status).toBe(200);
      expect(res.errors).toEqual([
        expect.objectContaining({
          message: 'Access token is missing, invalid, expired or revoked',
          path: [field.name],
          extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
        }),
      ]);
    },
  );

  it('refuses an @authenticated field to a caller whose token is not a valid access token', async () => {
    const res = await server().client().gql('{ me { id } }', undefined, { token: 'not-a-jwt' });

    expect(res.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('lets a signed-in caller through to the resolver, which reads the viewer', async () => {
    const client = server().client();
    const { user } = await client.register();

    const res = await client.gql('{ me { id } }');

    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ me: { id: user.id } });
  });
});
