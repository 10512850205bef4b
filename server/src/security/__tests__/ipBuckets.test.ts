// guards: per-IP keys bucket IPv6 by prefix and read IPv4-mapped IPv6 as IPv4 (issue 10 §7),
// and a malformed address is never stored (§1). Addresses come through TRUST_PROXY=loopback
// with X-Forwarded-For set by the test harness itself.
import { ipBucket } from '../ipBucket';
import { REGISTER, SESSIONS } from '../../testing/operations';
import { errorCode, useTestServer, uniqueEmail } from '../../testing/testServer';

describe('ipBucket', () => {
  it.each([
    ['198.51.100.7', 'narrow', '198.51.100.7'],
    ['::ffff:198.51.100.7', 'narrow', '198.51.100.7'],
    ['2001:db8:1:2:3:4:5:6', 'narrow', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:ffff::1', 'narrow', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:3:4:5:6', 'wide', '2001:db8:1::/48'],
    ['not an address', 'narrow', 'unknown'],
    [null, 'wide', 'unknown'],
  ] as const)('puts %p in the %s bucket %p', (ip, bucket, expected) => {
    expect(ipBucket(ip, bucket)).toBe(expected);
  });
});

describe('per-IP limits through TRUST_PROXY', () => {
  const server = useTestServer({ REGISTER_MAX_PER_IP: '3' });

  async function account() {
    const email = uniqueEmail();
    await server().client({ ip: '198.51.100.200' }).register(email, 'the right password');
    return email;
  }

  it('counts the failures of one IPv6 /64 together, whichever host of it guesses', async () => {
    const email = await account();
    for (let host = 1; host <= 5; host++) {
      const res = await server()
        .client({ ip: `2001:db8:aa:1::${host}` })
        .login(email, 'wrong');
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
    }
    expect(errorCode(await server().client({ ip: '2001:db8:aa:1:ffff::6' }).login(email, 'wrong'))).toBe(
      'RATE_LIMITED',
    );
    expect(errorCode(await server().client({ ip: '2001:db8:aa:2::1' }).login(email, 'wrong'))).toBe('UNAUTHENTICATED');
  });

  it('counts an IPv4-mapped IPv6 address as the IPv4 address it maps', async () => {
    const email = await account();
    for (let i = 0; i < 5; i++) {
      const ip = i % 2 === 0 ? '::ffff:203.0.113.9' : '203.0.113.9';
      expect(errorCode(await server().client({ ip }).login(email, 'wrong'))).toBe('UNAUTHENTICATED');
    }
    expect(errorCode(await server().client({ ip: '::ffff:203.0.113.9' }).login(email, 'wrong'))).toBe('RATE_LIMITED');
  });

  it('limits registrations per IPv6 /48', async () => {
    const register = (ip: string) =>
      server()
        .client({ ip })
        .gql(REGISTER, { input: { email: uniqueEmail(), password: 'long enough pw' } });
    for (const subnet of [1, 2, 3]) expect((await register(`2001:db8:bb:${subnet}::1`)).errors).toBeUndefined();
    expect(errorCode(await register('2001:db8:bb:4::1'))).toBe('RATE_LIMITED');
    expect((await register('2001:db8:cc:1::1')).errors).toBeUndefined();
  });

  it('stores an IPv4-mapped address as IPv4 and a malformed one as nothing', async () => {
    for (const [ip, stored] of [
      ['::ffff:198.51.100.77', '198.51.100.77'],
      ['not-an-address', null],
    ] as const) {
      const client = server().client({ ip });
      await client.register();
      const res = await client.gql(SESSIONS);
      expect(res.data?.sessions.map((s) => s.ipAddress)).toEqual([stored]);
    }
  });
});
