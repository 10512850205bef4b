// The notes subgraph: Apollo Server with a Federation 2 schema (@apollo/subgraph) that extends the
// auth API's `User` with `notes`. Notes live in memory: this is an example of a subgraph, not a
// store. Every field that needs a viewer says `@authenticated` in schema.graphql, which a gateway
// enforces too; this service still checks the forwarded token itself (accessToken.ts), so it is
// safe to call directly.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { GraphQLError, parse } from 'graphql';
import type { Viewer } from './accessToken.js';

export interface NotesContext {
  viewer: Viewer | null;
}

interface Note {
  id: string;
  text: string;
}

const typeDefs = parse(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

/** The same codes as the auth API's catalogue, so a client reads one meaning for each. */
function requireViewer(ctx: NotesContext): Viewer {
  if (ctx.viewer) return ctx.viewer;
  throw new GraphQLError('Access token is missing, invalid or expired', { extensions: { code: 'UNAUTHENTICATED' } });
}

export function createNotesServer(): ApolloServer<NotesContext> {
  const notesByUser = new Map<string, Note[]>();
  const resolvers: GraphQLResolverMap<NotesContext> = {
    User: {
      // The gateway sends `{ __typename: "User", id }` from the auth API; nothing to look up here.
      __resolveReference: (user: { id: string }) => ({ id: user.id }),
      // Entity privacy: one user's notes are theirs alone, whoever else references the user.
      notes(user: { id: string }, _args: unknown, ctx: NotesContext): Note[] {
        if (requireViewer(ctx).id !== user.id) {
          throw new GraphQLError('Not allowed', { extensions: { code: 'FORBIDDEN' } });
        }
        return notesByUser.get(user.id) ?? [];
      },
    },
    Mutation: {
      addNote(_parent: unknown, args: { text: string }, ctx: NotesContext): Note {
        const viewer = requireViewer(ctx);
        const note = { id: randomUUID(), text: args.text };
        notesByUser.set(viewer.id, [...(notesByUser.get(viewer.id) ?? []), note]);
        return note;
      },
    },
  };
  return new ApolloServer<NotesContext>({
    schema: buildSubgraphSchema({ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> }),
    // Apollo's subgraph traces (ftv1) serve GraphOS usage reporting, which nothing here uses.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
}
