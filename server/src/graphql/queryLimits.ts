// Query abuse limits (OWASP GraphQL cheat sheet): each runs during validation,
// before any resolver does work. Parser token limits bound the parse itself.
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError } from 'graphql';
import type { ASTVisitor, SelectionSetNode, ValidationContext, ValidationRule } from 'graphql';
import type { Config } from '../config';
import { Message } from '../errors';

/** Fields that cost a bcrypt hash, a rate-limit slot or a rotation: one per operation. */
const EXPENSIVE_FIELDS = new Set([
  'register',
  'login',
  'refreshToken',
  'changePassword',
  'reauthenticate',
  'finishPasskeyLogin',
]);

/** Aliases must not multiply password guesses or rotations inside one request. */
export const singleAuthFieldRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  OperationDefinition(node) {
    if (node.operation !== 'mutation') return;
    if (countExpensive(context, node.selectionSet, new Set()) > 1) {
      context.reportError(new GraphQLError(Message.ONE_AUTH_FIELD, { nodes: [node] }));
    }
  },
});

/** Root fields of a selection set, fragments and inline fragments flattened (cycles counted once). */
function countExpensive(context: ValidationContext, set: SelectionSetNode, seen: Set<string>): number {
  let count = 0;
  for (const selection of set.selections) {
    if (selection.kind === 'Field') count += EXPENSIVE_FIELDS.has(selection.name.value) ? 1 : 0;
    else if (selection.kind === 'InlineFragment') count += countExpensive(context, selection.selectionSet, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = context.getFragment(selection.name.value);
      if (fragment) count += countExpensive(context, fragment.selectionSet, seen);
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
    singleAuthFieldRule,
  ] as ValidationRule[];
}

/** armor prefixes its messages with "Syntax Error: " although the document parsed fine. */
function reportRejection(context: ValidationContext | null, error: GraphQLError): void {
  context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, '')));
}
