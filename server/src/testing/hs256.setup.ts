// The `server-hs256` jest project (jest.config.cjs) runs the specs of tokens, sign-in and
// sessions again with every test server on ACCESS_TOKEN_ALG=HS256 (testServer.ts reads this):
// deployments that keep the shared secret must keep working exactly as before.
process.env.TEST_ACCESS_TOKEN_ALG = 'HS256';
