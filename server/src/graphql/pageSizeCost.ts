// The cost limit (queryLimits.ts) counts a list field as `first` items only when
// `first` is written in the document: `sessions(first: $n)` and a bare `sessions`
// (default 50) would count as one. Once the variables are known, this plugin
// writes each `first` in as the literal it resolves to and runs the same cost
// rule again, so a page size costs what it asks for whichever way it is given
// (OWASP GraphQL cheat sheet: query cost analysis).
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { GraphQLError, Kind, TypeInfo, validate, visit, visitWithTypeInfo } from 'graphql';
import type { ArgumentNode, DocumentNode, FieldNode, GraphQLSchema, ValidationRule } from 'graphql';
import type { Config } from '../config';

export function pageSizeCostPlugin<Context extends object>(config: Config): ApolloServerPlugin<Context> {
  const rule = costLimitRule({
    maxCost: config.graphql.maxCost,
    exposeLimits: !config.isProduction,
    propagateOnRejection: false,
    onReject: [(context, error) => context?.reportError(error)],
  }) as ValidationRule;
  // Most operations (`me`, `refreshToken`, …) have no page size: known once, skipped after
  // (Apollo hands the same parsed document to every request with the same query text).
  const withoutPages = new WeakSet<DocumentNode>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, schema }) {
          if (withoutPages.has(document)) return;
          const { inlined, paged } = withPageSizes(schema, document, request.variables ?? {});
          if (!paged) withoutPages.add(document);
          const [error] = inlined === document ? [] : validate(schema, inlined, [rule]);
          if (error) {
            throw new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
              extensions: { code: ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

/**
 * The document with every `first` argument that a variable or a default gives written in as a
 * literal, and whether the document has any field that takes a page size at all.
 */
function withPageSizes(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>) {
  const typeInfo = new TypeInfo(schema);
  let changed = false;
  let paged = false;
  const result = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node: FieldNode) {
        const declared = typeInfo.getFieldDef()?.args.find((arg) => arg.name === 'first');
        const given = node.arguments?.find((arg) => arg.name.value === 'first');
        if (!declared) return undefined;
        paged = true;
        if (given?.value.kind === Kind.INT) return undefined;
        const value = given?.value.kind === Kind.VARIABLE ? variables[given.value.name.value] : declared.defaultValue;
        // Anything but an integer is refused by the field itself (BAD_USER_INPUT), before any work.
        if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
        changed = true;
        const first: ArgumentNode = {
          kind: Kind.ARGUMENT,
          name: { kind: Kind.NAME, value: 'first' },
          value: { kind: Kind.INT, value: String(value) },
        };
        return { ...node, arguments: [...(node.arguments ?? []).filter((arg) => arg !== given), first] };
      },
    }),
  );
  return { inlined: changed ? result : document, paged };
}
