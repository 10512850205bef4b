// The one rule for `first` arguments: an integer from 1 to 100, or the default the
// schema declares for the field (written once, in schema.graphql). Resolvers turn
// `first` into a limit here and services take the limit; their cost in the query
// limits is pageSizeCost.ts.
import type { GraphQLResolveInfo } from 'graphql';
import { BadUserInputError, Message } from '../errors';

export const MAX_PAGE = 100;

/** The page size of the field being resolved: `first`, or its schema default when `first` is null. */
export function pageSize(first: number | null | undefined, info: GraphQLResolveInfo): number {
  const size = first ?? declaredDefault(info);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) {
    throw new BadUserInputError(Message.PAGE_SIZE(MAX_PAGE), 'first');
  }
  return size;
}

function declaredDefault(info: GraphQLResolveInfo): number {
  const fallback = info.parentType.getFields()[info.fieldName]?.args.find((arg) => arg.name === 'first')?.defaultValue;
  if (typeof fallback !== 'number') throw new Error(`${info.parentType.name}.${info.fieldName}: first has no default`);
  return fallback;
}
