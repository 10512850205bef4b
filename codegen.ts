import type { CodegenConfig } from '@graphql-codegen/cli';

// Generated files are committed; `npm run codegen:check` (run by `npm test`)
// fails when they no longer match schema.graphql or the client's documents.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['client/src/**/*.{ts,tsx}', '!client/src/__generated__/**'],
  ignoreNoDocuments: true,
  generates: {
    'server/src/__generated__/resolvers.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useIndexSignature: true,
        contextType: '../context#GraphQLContext',
        scalars: { DateTime: 'Date' },
        mappers: {
          User: '../users/userModel#UserDocument',
          Session: '../sessions/sessionModel#SessionView',
        },
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
      },
    },
    'client/src/__generated__/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { scalars: { DateTime: 'string' }, enumsAsTypes: true, useTypeImports: true },
    },
  },
  hooks: { afterAllFileWrite: ['prettier --write'] },
};

export default config;
