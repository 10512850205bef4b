// The example supergraph's two processes (examples/supergraph/), as `npm run supergraph` and the
// gateway tests start them: the notes subgraph and the gateway in front of it and the auth API.
// Each is a command, its arguments and the environment it adds; the caller starts it with the
// supervisor or with start() from ./processes.

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
}

const TSX = 'node_modules/.bin/tsx';

/** The auth API's public keys, which the notes subgraph and the gateway verify tokens with. */
export const jwksUrlOf = (apiUrl: string) => `${apiUrl}/.well-known/jwks.json`;

export function notesSubgraph(port: number, apiUrl: string): ProcessSpec {
  return {
    name: 'notes',
    command: TSX,
    args: ['examples/supergraph/notes/index.ts'],
    env: { NOTES_PORT: String(port), JWKS_URL: jwksUrlOf(apiUrl) },
  };
}

export interface GatewayOptions {
  port: number;
  apiUrl: string;
  notesUrl: string;
  /** The auth subgraph's schema file; default: schema.graphql at the repository's root. */
  authSchemaFile?: string;
}

export function gateway({ port, apiUrl, notesUrl, authSchemaFile }: GatewayOptions): ProcessSpec {
  return {
    name: 'gateway',
    command: TSX,
    args: ['examples/supergraph/gateway/index.ts'],
    env: {
      GATEWAY_PORT: String(port),
      AUTH_URL: `${apiUrl}/graphql`,
      NOTES_URL: `${notesUrl}/graphql`,
      JWKS_URL: jwksUrlOf(apiUrl),
      ...(authSchemaFile ? { AUTH_SCHEMA_FILE: authSchemaFile } : {}),
    },
  };
}
