import type { CodegenConfig } from '@graphql-codegen/cli';

// Generated files are committed and never edited by hand (nor formatted: .prettierignore
// skips every __generated__ folder); `npm run codegen:check` (run by `npm test`) fails when
// they no longer match schema.graphql or the documents below.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: true,
  generates: {
    'server/src/__generated__/resolvers.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        // Apollo Federation: `__resolveReference` on entity types (`User @key`), typed by the key.
        federation: true,
        // A field marked `@authenticated` gets the signed-in viewer in its context (graphql/authenticated.ts).
        directiveContextTypes: ['authenticated#../graphql/authenticated#SignedIn'],
        useIndexSignature: true,
        contextType: '../context#GraphQLContext',
        scalars: { DateTime: 'Date', JSON: 'unknown' },
        mappers: {
          User: '../users/userView#UserView',
          Session: '../sessions/sessionModel#SessionView',
          SecurityEvent: '../securityEvents/securityEventModel#SecurityEventDocument',
          Passkey: '../passkeys/passkeyModels#PasskeyDocument',
        },
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
      },
    },
    'client/src/__generated__/': {
      documents: ['client/src/**/*.{ts,tsx}', '!client/src/__generated__/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { scalars: { DateTime: 'string', JSON: 'unknown' }, enumsAsTypes: true, useTypeImports: true },
    },
    // The operations the server's tests send, typed like the client's: results need no hand-written shapes.
    'server/src/testing/__generated__/': {
      documents: ['server/src/testing/*.ts', 'server/src/**/__tests__/*.ts', 'server/hardening/*.ts'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { scalars: { DateTime: 'string', JSON: 'unknown' }, enumsAsTypes: true, useTypeImports: true },
    },
  },
};

export default config;
