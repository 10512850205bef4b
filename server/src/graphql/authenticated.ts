// `@authenticated` (Apollo Federation 2.5), enforced here and nowhere else. Every field that carries
// it in schema.graphql refuses a call without a live viewer (auth/viewer.ts: signature, session,
// account) with UNAUTHENTICATED before its resolver runs, whether the call comes straight from a
// client or through a router, which may refuse it earlier from the same directive. The resolver
// then reads the viewer from `ctx.signedInViewer`: codegen types that property on exactly the
// fields with the directive (codegen.ts, directiveContextTypes), so a resolver can neither repeat
// the check nor read a viewer the schema does not promise (OWASP ASVS 5.0 V8.2.1 function-level
// access; V8.3.1 enforced by the service itself, not only by a router in front of it).
// `Query._entities` is written by @apollo/subgraph, not in schema.graphql: it is held to the same
// rule here, so an anonymous caller cannot look up any account by id (issue 22: entity privacy).
import { defaultFieldResolver, isObjectType } from 'graphql';
import type { ConstDirectiveNode, GraphQLField, GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import type { Viewer } from '../auth/viewer';
import type { GraphQLContext } from '../context';
import { Message, UnauthenticatedError } from '../errors';

/** The context of an `@authenticated` field: the viewer is known to be there. */
export type SignedIn<Context> = Context & { readonly signedInViewer: Viewer };

const ENTITIES = { type: 'Query', field: '_entities' };

const isAuthenticated = (node: { directives?: readonly ConstDirectiveNode[] } | null | undefined) =>
  node?.directives?.some((directive) => directive.name.value === 'authenticated') ?? false;

/** Every field this module guards: `@authenticated` in the schema, and `Query._entities`. */
function authenticatedFields(schema: GraphQLSchema): Array<GraphQLField<unknown, GraphQLContext>> {
  // Federation also allows it on a type (every field returning it); unguarded here, so refused at start.
  const onTypes = Object.values(schema.getTypeMap()).filter((type) =>
    [type.astNode, ...type.extensionASTNodes].some(isAuthenticated),
  );
  if (onTypes.length > 0) {
    const names = onTypes.map((type) => type.name).join(', ');
    throw new Error(`@authenticated on the type ${names}: mark the fields that need a signed-in caller instead`);
  }
  return Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .flatMap((type) =>
      Object.values(type.getFields()).filter(
        (field) => isAuthenticated(field.astNode) || (type.name === ENTITIES.type && field.name === ENTITIES.field),
      ),
    );
}

/**
 * Wraps the resolver of every guarded field in place. The schema is one this app has just built
 * (schema.ts) and nothing else holds it yet, so no copy is needed (graphql-tools' mapSchema would).
 */
export function enforceAuthenticated(schema: GraphQLSchema): GraphQLSchema {
  for (const field of authenticatedFields(schema)) field.resolve = signedInOnly(field.resolve ?? defaultFieldResolver);
  return schema;
}

function signedInOnly(
  resolve: GraphQLFieldResolver<unknown, SignedIn<GraphQLContext>>,
): GraphQLFieldResolver<unknown, GraphQLContext> {
  return async (source, args, ctx, info) => {
    const viewer = await ctx.viewer();
    if (!viewer) throw new UnauthenticatedError(Message.ACCESS_TOKEN_REFUSED);
    return resolve(source, args, { ...ctx, signedInViewer: viewer }, info);
  };
}

/**
 * The viewer, in code that runs under a guarded field but is typed with the plain context:
 * `User.__resolveReference`, which `_entities` calls. Throws only if that wiring is broken
 * (masked as INTERNAL_SERVER_ERROR), never for a caller.
 */
export function signedInViewer(ctx: GraphQLContext): Viewer {
  const viewer = (ctx as Partial<SignedIn<GraphQLContext>>).signedInViewer;
  if (!viewer) throw new Error('signedInViewer: reached outside an @authenticated field');
  return viewer;
}
