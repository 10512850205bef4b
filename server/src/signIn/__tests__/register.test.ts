import { errorCode, uniqueEmail, useTestServer } from '../../testing/testServer';
import { REGISTER, ME } from '../../testing/operations';

describe('register', () => {
  const server = useTestServer({ REGISTER_MAX_PER_IP: '3' });

  it('creates the account under its email trimmed and lower-cased, signs in and returns a working access token', async () => {
    const client = server().client();
    const { user, accessToken, expiresAt } = await client.register('  New.User@Example.COM ', 'long enough pw', 'New');
    expect(user.email).toBe('new.user@example.com');
    expect(await server().db.models.User.countDocuments({ email: 'new.user@example.com' })).toBe(1);
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());
    const me = await client.gql(ME, undefined, { token: accessToken });
    expect(me.data?.me.id).toBe(user.id);
  });

  it('stores a bcrypt hash at BCRYPT_COST, never the password', async () => {
    const { email, password } = await server().client().register();
    const stored = await server().db.models.User.findOne({ email }).lean();
    expect(stored?.passwordHash).toMatch(/^\$2[aby]\$04\$/);
    expect(JSON.stringify(stored)).not.toContain(password);
  });

  const fullWidth = (text: string) =>
    [...text].map((c) => (/[a-z0-9]/.test(c) ? String.fromCodePoint(c.codePointAt(0)! + 0xfee0) : c)).join('');

  it.each([
    ['upper-cased with spaces around it', (email: string) => `  ${email.toUpperCase()}  `],
    ['in full-width letters, which NFKC folds to ASCII', (email: string) => fullWidth(email).toUpperCase()],
  ])('refuses the email of an existing account written %s with EMAIL_TAKEN', async (_spelling, spell) => {
    const email = uniqueEmail();
    await server().client().register(email);
    const again = await server()
      .client()
      .gql(REGISTER, { input: { email: spell(email), password: 'another password' } });
    expect(errorCode(again)).toBe('EMAIL_TAKEN');
    expect(await server().db.models.User.countDocuments({ email })).toBe(1);
  });

  it('lets exactly one of 10 concurrent registrations of one email succeed', async () => {
    const email = uniqueEmail();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        server()
          .client()
          .gql(REGISTER, { input: { email, password: 'long enough pw' } }),
      ),
    );
    expect(results.filter((r) => r.data?.register).length).toBe(1);
    expect(results.filter((r) => errorCode(r) === 'EMAIL_TAKEN').length).toBe(9);
    expect(await server().db.models.User.countDocuments({ email })).toBe(1);
  });

  it('rate-limits registrations per IP with RATE_LIMITED and retryAfter', async () => {
    const client = server().client();
    for (let i = 0; i < 3; i += 1) {
      const res = await client.gql(REGISTER, { input: { email: uniqueEmail(), password: 'long enough pw' } });
      expect(res.errors).toBeUndefined();
    }
    const email = uniqueEmail();
    const limited = await client.gql(REGISTER, { input: { email, password: 'long enough pw' } });
    expect(errorCode(limited)).toBe('RATE_LIMITED');
    const retryAfter = limited.errors?.[0]?.extensions?.retryAfter as number;
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await server().db.models.User.countDocuments({ email })).toBe(0);
    // Another address is not affected.
    const elsewhere = await server()
      .client()
      .gql(REGISTER, { input: { email, password: 'long enough pw' } });
    expect(elsewhere.errors).toBeUndefined();
  });
});
