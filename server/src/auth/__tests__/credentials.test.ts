import { GraphQLError } from 'graphql';
import { normalizeEmail, normalizeLoginPassword, normalizeName, validateNewPassword } from '../credentials';
import { errorCode, setRefreshToken, uniqueEmail, useTestServer } from '../../testing/testServer';
import { REGISTER, ME } from '../../testing/operations';

/** The BAD_USER_INPUT error `run` throws (fails the test if it throws nothing or something else). */
function inputError(run: () => unknown): GraphQLError {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT') return error;
    throw error;
  }
  throw new Error('expected BAD_USER_INPUT, nothing was thrown');
}

describe('normalizeEmail', () => {
  it('trims and lower-cases the address', () => {
    expect(normalizeEmail('  Alice.Smith@Example.COM \n')).toBe('alice.smith@example.com');
  });

  it('folds compatibility forms (NFKC), so a full-width address is the same account', () => {
    expect(normalizeEmail('Ａｌｉｃｅ@ｅｘａｍｐｌｅ.com')).toBe('alice@example.com');
  });

  it('refuses addresses without an @, a domain dot, or with spaces inside', () => {
    for (const raw of ['alice', 'alice@example', 'al ice@example.com', '@example.com', 'alice@.com', '']) {
      expect(inputError(() => normalizeEmail(raw)).extensions.field).toBe('email');
    }
  });

  it('refuses zero-width and bidi characters hidden in an address', () => {
    for (const hidden of ['\u200b', '\u200d', '\u2060', '\ufeff', '\u202e']) {
      expect(() => normalizeEmail(`ali${hidden}ce@example.com`)).toThrow(GraphQLError);
    }
  });

  it('refuses an address longer than 254 characters', () => {
    expect(() => normalizeEmail(`${'a'.repeat(243)}@example.com`)).toThrow(GraphQLError);
    expect(normalizeEmail(`${'a'.repeat(242)}@example.com`)).toHaveLength(254);
  });
});

describe('validateNewPassword', () => {
  it('refuses fewer than 8 characters and accepts exactly 8', () => {
    expect(inputError(() => validateNewPassword('1234567')).extensions.field).toBe('password');
    expect(validateNewPassword('12345678')).toBe('12345678');
  });

  it('counts characters, not bytes or UTF-16 units, for the minimum', () => {
    // 4 emoji are 8 UTF-16 units but only 4 characters.
    expect(() => validateNewPassword('😀'.repeat(4))).toThrow(GraphQLError);
  });

  it('accepts 72 bytes and refuses 73, counted in UTF-8 bytes', () => {
    expect(validateNewPassword('a'.repeat(72))).toHaveLength(72);
    expect(() => validateNewPassword('a'.repeat(73))).toThrow(GraphQLError);
  });

  it('accepts 30 × "é" (60 bytes) and refuses 25 × "😀" (100 bytes, under 72 characters)', () => {
    expect(validateNewPassword('é'.repeat(30))).toBe('é'.repeat(30));
    expect(inputError(() => validateNewPassword('😀'.repeat(25))).message).toMatch(/72 bytes/);
  });

  it('names the field it was given, so changePassword can point at newPassword', () => {
    expect(inputError(() => validateNewPassword('short', 'newPassword')).extensions.field).toBe('newPassword');
  });

  it('normalises to NFKC, so composed and decomposed forms are one password', () => {
    expect(validateNewPassword('cafe\u0301 au lait')).toBe(validateNewPassword('caf\u00e9 au lait'));
  });
});

describe('normalizeLoginPassword', () => {
  it('refuses an empty password and one over 1024 characters, accepting 1024', () => {
    expect(inputError(() => normalizeLoginPassword('')).extensions.field).toBe('password');
    expect(() => normalizeLoginPassword('p'.repeat(1025))).toThrow(GraphQLError);
    expect(normalizeLoginPassword('p'.repeat(1024))).toHaveLength(1024);
  });

  it('normalises like validateNewPassword, so the password typed at login matches the one registered', () => {
    expect(normalizeLoginPassword('cafe\u0301 au lait')).toBe(validateNewPassword('caf\u00e9 au lait'));
  });
});

describe('normalizeName', () => {
  it('trims, and turns an empty or missing name into null', () => {
    expect(normalizeName('  Ada Lovelace ')).toBe('Ada Lovelace');
    expect(normalizeName('   ')).toBeNull();
    expect(normalizeName(null)).toBeNull();
    expect(normalizeName(undefined)).toBeNull();
  });

  it('accepts 100 characters and refuses 101', () => {
    expect(normalizeName('n'.repeat(100))).toHaveLength(100);
    expect(inputError(() => normalizeName('n'.repeat(101))).extensions.field).toBe('name');
  });

  it('refuses invisible characters', () => {
    expect(inputError(() => normalizeName('Ada\u200bLovelace')).extensions.field).toBe('name');
  });
});

describe('credentials over HTTP', () => {
  const server = useTestServer();

  describe('register', () => {
    it.each([
      ['a malformed email', { email: 'not-an-email', password: 'long enough pw' }, 'email'],
      [
        'an email with a zero-width space',
        { email: 'zero\u200bwidth@example.com', password: 'long enough pw' },
        'email',
      ],
      ['a 7-character password', { email: 'short@example.com', password: 'seven77' }, 'password'],
      ['a 73-byte password', { email: 'long@example.com', password: 'p'.repeat(73) }, 'password'],
      [
        'a name of 101 characters',
        { email: 'name@example.com', password: 'long enough pw', name: 'n'.repeat(101) },
        'name',
      ],
    ])('refuses %s with BAD_USER_INPUT naming the field and writes no user', async (_label, input, field) => {
      const usersBefore = await server().db.models.User.countDocuments({});
      const res = await server().client().gql(REGISTER, { input });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.field).toBe(field);
      expect(res.data).toBeNull();
      expect(setRefreshToken(res)).toBeUndefined();
      expect(await server().db.models.User.countDocuments({})).toBe(usersBefore);
    });
  });

  describe('login', () => {
    it('signs in with the composed form of a password registered in decomposed form', async () => {
      const email = uniqueEmail();
      await server().client().register(email, 'cafe\u0301 au lait');
      const client = server().client();
      expect((await client.login(email, 'caf\u00e9 au lait')).errors).toBeUndefined();
      expect((await client.gql(ME)).errors).toBeUndefined();
    });

    it('refuses a login password that only starts with the registered 72-byte password', async () => {
      const email = uniqueEmail();
      const password = 'p'.repeat(72);
      await server().client().register(email, password);
      // bcrypt reads 72 bytes: without a check, anything appended would be ignored.
      const res = await server().client().login(email, `${password}-and-more`);
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
      expect((await server().client().login(email, password)).errors).toBeUndefined();
    });
  });
});
