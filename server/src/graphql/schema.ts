// The executable schema: schema.graphql at the repository root (the single
// source of truth) plus the resolvers of each domain folder, built as a Federation 2
// subgraph (`_service { sdl }` for composition, `_entities` for references to a User),
// with `@authenticated` enforced once (authenticated.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { Resolvers } from '../__generated__/resolvers';
import { securityEventQueries, securityEventType } from '../securityEvents/securityEventResolvers';
import { mfaMutations } from '../mfa/mfaResolvers';
import { passkeyMutations, passkeyQueries, passkeyType } from '../passkeys/passkeyResolvers';
import { passkeyRegistrationMutations } from '../passkeys/registrationResolvers';
import { recoveryMutations } from '../recovery/recoveryResolvers';
import { sessionMutations, sessionQueries, sessionType } from '../sessions/sessionResolvers';
import { passkeySignInMutations } from '../signIn/passkeySignInResolvers';
import { signInMutations } from '../signIn/signInResolvers';
import { userQueries, userType } from '../users/userResolvers';
import { enforceAuthenticated } from './authenticated';
import { limitEntities } from './entities';

// server/src/graphql and server/dist/graphql are both three levels below the root.
export const typeDefs = readFileSync(path.resolve(__dirname, '..', '..', '..', 'schema.graphql'), 'utf8');

export const resolvers: Resolvers = {
  DateTime: DateTimeResolver,
  JSON: JSONResolver,
  Query: { ...userQueries, ...sessionQueries, ...securityEventQueries, ...passkeyQueries },
  Mutation: {
    ...signInMutations,
    ...passkeySignInMutations,
    ...sessionMutations,
    ...recoveryMutations,
    ...mfaMutations,
    ...passkeyRegistrationMutations,
    ...passkeyMutations,
  },
  User: userType,
  Session: sessionType,
  SecurityEvent: securityEventType,
  Passkey: passkeyType,
};

/** A new executable schema (each Apollo Server gets its own: enforceAuthenticated wraps resolvers in place). */
export function buildSchema(): GraphQLSchema {
  // Codegen's `Resolvers` is exact per field; @apollo/subgraph takes any resolver map.
  const schema = buildSubgraphSchema({
    typeDefs: parse(typeDefs),
    resolvers: resolvers as GraphQLResolverMap<unknown>,
  });
  return enforceAuthenticated(limitEntities(schema));
}
