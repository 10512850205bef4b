// The hashing pool (password.ts): bounded work, and no account holds more than 2 of its places
// (issue 19 §2d: one account's MFA setups emptied the pool for everyone).
import bcrypt from 'bcrypt';
import { createPasswordHasher } from '../password';

/** The hasher as its callers use it: every hash and check names the account it works for. */
interface AccountHasher {
  hash(password: string, account: string): Promise<string>;
  verify(password: string, hash: string | null, account: string): Promise<boolean>;
}

/** bcrypt replaced by work that runs until the test finishes it, so places are counted, not timed. */
function controlledBcrypt() {
  const started: string[] = [];
  const finish = new Map<string, () => void>();
  const hold = (label: string, value: unknown) =>
    new Promise((resolve) => {
      started.push(label);
      finish.set(label, () => resolve(value));
    });
  const hash = jest.spyOn(bcrypt, 'hash') as unknown as jest.SpyInstance<Promise<unknown>, [string]>;
  const compare = jest.spyOn(bcrypt, 'compare') as unknown as jest.SpyInstance<Promise<unknown>, [string]>;
  hash.mockImplementation((password) => hold(password, `hashed:${password}`));
  compare.mockImplementation((password) => hold(password, true));
  return { started, finish: (label: string) => finish.get(label)!() };
}

/** Lets every settled promise run its continuations. */
const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
};

afterEach(() => jest.restoreAllMocks());

describe('the hashing pool', () => {
  it('lets an account hold at most 2 places: its third hash waits behind its own, not for a free place', async () => {
    const bcryptWork = controlledBcrypt();
    const hasher: AccountHasher = createPasswordHasher({ cost: 4, maxConcurrency: 4, maxQueue: 10 });

    const alice = ['a1', 'a2', 'a3'].map((password) => hasher.hash(password, 'alice@example.test'));
    const bob = hasher.hash('b1', 'bob@example.test');
    await settle();
    expect(bcryptWork.started).toEqual(['a1', 'a2', 'b1']);

    bcryptWork.finish('a1');
    await settle();
    expect(bcryptWork.started).toEqual(['a1', 'a2', 'b1', 'a3']);
    for (const label of ['a2', 'a3', 'b1']) bcryptWork.finish(label);
    await expect(Promise.all([...alice, bob])).resolves.toEqual(['hashed:a1', 'hashed:a2', 'hashed:a3', 'hashed:b1']);
  });

  it('counts checks and hashes of one account together, and leaves the last free place to another account', async () => {
    const bcryptWork = controlledBcrypt();
    const hasher: AccountHasher = createPasswordHasher({ cost: 4, maxConcurrency: 3, maxQueue: 1 });

    const alice = [
      hasher.verify('a1', '$2b$04$stored', 'alice@example.test'),
      hasher.hash('a2', 'alice@example.test'),
      hasher.verify('a3', '$2b$04$stored', 'alice@example.test'),
    ];
    const bob = hasher.verify('b1', '$2b$04$stored', 'bob@example.test');
    await settle();

    expect(bcryptWork.started).toEqual(['a1', 'a2', 'b1']);
    for (const label of ['a1', 'a2', 'b1']) bcryptWork.finish(label);
    await settle();
    bcryptWork.finish('a3');
    await expect(Promise.all([...alice, bob])).resolves.toEqual([true, 'hashed:a2', true, true]);
  });

  it('queues at most BCRYPT_MAX_QUEUE_PER_ACCOUNT of one account: its next is refused at once, and the shared queue stays open to others', async () => {
    const bcryptWork = controlledBcrypt();
    const hasher: AccountHasher = createPasswordHasher({
      cost: 4,
      maxConcurrency: 4,
      maxQueue: 10,
      maxQueuePerAccount: 4,
    });

    const alice = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((password) => hasher.hash(password, 'alice@example.test'));
    await expect(hasher.hash('a7', 'alice@example.test')).rejects.toMatchObject({
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
    const bob = hasher.hash('b1', 'bob@example.test');
    await settle();

    expect(bcryptWork.started).toEqual(['a1', 'a2', 'b1']);
    for (const label of ['a1', 'a2', 'b1']) bcryptWork.finish(label);
    await settle();
    for (const label of ['a3', 'a4']) bcryptWork.finish(label);
    await settle();
    for (const label of ['a5', 'a6']) bcryptWork.finish(label);
    await expect(Promise.all([...alice, bob])).resolves.toHaveLength(7);
  });
});
