// Query abuse limits (OWASP GraphQL cheat sheet): each runs during validation,
// before any resolver does work. Parser token limits bound the parse itself.
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError } from 'graphql';
import type { ASTVisitor, GraphQLSchema, SelectionSetNode, ValidationContext, ValidationRule } from 'graphql';
import type { Config } from '../config';
import { Message } from '../errors';

/** The `@expensive` mutations of a schema and the message that names them, read once per schema. */
const bySchema = new WeakMap<GraphQLSchema, { fields: ReadonlySet<string>; message: string }>();

/**
 * The mutations schema.graphql marks `@expensive` (a bcrypt hash or check, a sign-in, a
 * rotation: the directive's description says which), in schema order. The schema is the only list.
 */
export function expensiveFields(schema: GraphQLSchema): string[] {
  return Object.values(schema.getMutationType()?.getFields() ?? {})
    .filter((field) => field.astNode?.directives?.some((directive) => directive.name.value === 'expensive'))
    .map((field) => field.name);
}

function expensiveOf(schema: GraphQLSchema) {
  let known = bySchema.get(schema);
  if (!known) {
    const fields = expensiveFields(schema);
    const names = new Intl.ListFormat('en', { type: 'disjunction' }).format(fields);
    known = { fields: new Set(fields), message: Message.ONE_AUTH_FIELD(names) };
    bySchema.set(schema, known);
  }
  return known;
}

/** Aliases and fragments must not multiply password guesses, bcrypt work or rotations inside one request. */
export const oneExpensiveFieldRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  OperationDefinition(node) {
    if (node.operation !== 'mutation') return;
    const { fields, message } = expensiveOf(context.getSchema());
    if (countExpensive(context, fields, node.selectionSet, new Set()) > 1) {
      context.reportError(new GraphQLError(message, { nodes: [node] }));
    }
  },
});

/** Root fields of a selection set, fragments and inline fragments flattened (cycles counted once). */
function countExpensive(
  context: ValidationContext,
  expensive: ReadonlySet<string>,
  set: SelectionSetNode,
  seen: Set<string>,
): number {
  let count = 0;
  for (const selection of set.selections) {
    if (selection.kind === 'Field') count += expensive.has(selection.name.value) ? 1 : 0;
    else if (selection.kind === 'InlineFragment')
      count += countExpensive(context, expensive, selection.selectionSet, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = context.getFragment(selection.name.value);
      if (fragment) count += countExpensive(context, expensive, fragment.selectionSet, seen);
    }
  }
  return count;
}

export function validationRules(config: Config): ValidationRule[] {
  const { maxDepth, maxAliases, maxCost } = config.graphql;
  // graphql-armor throws by default, which escapes graphql-js validation and reaches the
  // client as a 500 INTERNAL_SERVER_ERROR; reporting instead makes it a 400 GRAPHQL_VALIDATION_FAILED.
  const armor = { exposeLimits: !config.isProduction, propagateOnRejection: false, onReject: [reportRejection] };
  return [
    maxDepthRule({ n: maxDepth, flattenFragments: true, ...armor }),
    maxAliasesRule({ n: maxAliases, ...armor }),
    costLimitRule({ maxCost, ...armor }),
    maxDirectivesRule({ n: 20, ...armor }),
    oneExpensiveFieldRule,
    ...(config.graphql.introspection ? [] : [noServiceSdlRule]),
  ] as ValidationRule[];
}

/**
 * `_service { sdl }` is federation's introspection: where introspection is off (production's
 * default, OWASP GraphQL cheat sheet) it is refused too. Gateways here compose from schema files.
 */
const noServiceSdlRule: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '_service' && context.getParentType()?.name === 'Query')
      context.reportError(new GraphQLError(Message.SUBGRAPH_SDL_OFF));
  },
});

/** armor prefixes its messages with "Syntax Error: " although the document parsed fine. */
function reportRejection(context: ValidationContext | null, error: GraphQLError): void {
  context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, '')));
}
