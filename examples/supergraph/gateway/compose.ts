// Composition: the subgraphs' schemas (files in the repository, as rover's supergraph.yaml names
// them) into one supergraph, with The Guild's maintained Federation 2 composition library. It runs
// when the gateway starts, offline: no registry, no introspection of running services.
import { readFileSync } from 'node:fs';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';

export interface Subgraph {
  name: string;
  /** Where the gateway sends this subgraph's share of an operation. */
  url: string;
  /** The subgraph's schema file (SDL with its `@link` to Federation 2). */
  schemaFile: string;
}

export class CompositionError extends Error {}

/** The supergraph SDL, or a CompositionError listing every composition error. */
export function composeSupergraph(subgraphs: Subgraph[]): string {
  const result = composeServices(
    subgraphs.map(({ name, url, schemaFile }) => ({ name, url, typeDefs: parse(readFileSync(schemaFile, 'utf8')) })),
  );
  if (result.errors) {
    throw new CompositionError(
      `The supergraph does not compose:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`,
    );
  }
  return result.supergraphSdl;
}
