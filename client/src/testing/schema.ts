import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema } from 'graphql';
import type { GraphQLSchema } from 'graphql';

/** The schema the API serves, as the repository holds it: for tests that hold a list of the app to it. */
export function repositorySchema(): GraphQLSchema {
  // The federation directives (`@link`, `@key`, `@authenticated`) are defined by the server's
  // subgraph library, not in the file: the client reads types only, so SDL validation is skipped.
  return buildSchema(readFileSync(path.resolve(__dirname, '../../../schema.graphql'), 'utf8'), {
    assumeValidSDL: true,
  });
}

/** Each root Mutation field's name and the type it answers, as written in the schema (`AuthPayload!`). */
export function mutationTypes(schema = repositorySchema()): Map<string, string> {
  const fields = Object.values(schema.getMutationType()?.getFields() ?? {});
  return new Map(fields.map((field) => [field.name, String(field.type)]));
}
