// `_entities` (written by @apollo/subgraph) loads one account per representation it is given, and
// the depth and cost rules (queryLimits.ts) count the field once whatever the list holds: a 100 kB
// body could ask for thousands of lookups. A router sends the references of one operation in one
// call; a page of any list here is at most MAX_PAGE, and so is this list (OWASP GraphQL cheat
// sheet: limit the amount of work one query can cause).
import { defaultFieldResolver } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import { BadUserInputError, Message } from '../errors';
import { MAX_PAGE } from './pageSize';

/** Refuses `_entities` with more than `max` representations as BAD_USER_INPUT, before any lookup. */
export function limitEntities(schema: GraphQLSchema, max = MAX_PAGE): GraphQLSchema {
  const field = schema.getQueryType()?.getFields()._entities;
  if (!field) return schema;
  const resolve = field.resolve ?? defaultFieldResolver;
  field.resolve = (source, args: { representations?: unknown[] }, ctx, info) => {
    if ((args.representations?.length ?? 0) > max) {
      throw new BadUserInputError(Message.TOO_MANY_REPRESENTATIONS(max), 'representations');
    }
    return resolve(source, args, ctx, info);
  };
  return schema;
}
