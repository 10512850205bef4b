// One jest run, several projects. `npm test` runs server, client and e2e;
// `npm run test:hardening` runs hardening. Both start the database first
// (scripts/test.mjs) and pass it in MONGODB_URI.
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json', isolatedModules: true }];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'server',
      testTimeout: 30_000,
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/server/src/**/__tests__/**/*.test.ts'],
      transform: { '^.+\\.tsx?$': tsJest },
    },
    {
      displayName: 'client',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/client/src/**/__tests__/**/*.test.ts?(x)'],
      transform: { '^.+\\.tsx?$': tsJest },
    },
    {
      displayName: 'e2e',
      testTimeout: 60_000,
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/client/e2e/**/*.test.ts'],
      transform: { '^.+\\.tsx?$': tsJest },
    },
    {
      displayName: 'hardening',
      testTimeout: 120_000,
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/server/hardening/**/*.test.ts'],
      transform: { '^.+\\.tsx?$': tsJest },
    },
    {
      displayName: 'scripts',
      testTimeout: 120_000,
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/scripts/__tests__/**/*.test.ts'],
      transform: { '^.+\\.tsx?$': tsJest },
    },
  ],
};
