import { startTestServer } from '../../testing/testServer';
import type { TestServer } from '../../testing/testServer';

describe('explore', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());
  it('x', async () => {
    const c = server.client();
    const nest = (n: number) => {
      let q = 'name';
      for (let i = 0; i < n; i++) q = `${i % 3 === 0 ? 'fields' : i % 3 === 1 ? 'type' : 'ofType'} { ${q} }`;
      return q;
    };
    for (const q of [
      `{ a: me { id } b: me { id } }`,
      `{ __type(name: "User") { ${nest(48)} } }`,
      `{ __schema { types { ${nest(12)} } } }`,
      `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(' ')} }`,
      `{ me { ...A } } fragment A on User { ...B } fragment B on User { ...A }`,
      `{ ${Array.from({ length: 5 }, (_, i) => `s${i}: sessions(first: 100) { id createdAt lastUsedAt expiresAt userAgent ipAddress current }`).join(' ')} }`,
    ]) {
      const t = Date.now();
      const r = await c.gql(q);
      console.log(
        q.slice(0, 60),
        r.status,
        JSON.stringify(r.errors)?.slice(0, 400),
        JSON.stringify(r.data)?.length,
        Date.now() - t,
      );
    }
  });
});
