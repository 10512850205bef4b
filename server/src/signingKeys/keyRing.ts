// The ES256 signing keys, as every instance and `npm run keys` see them: loaded from
// `signing_keys` at start and again when older than SESSION_CACHE_TTL, so a key revoked
// on one instance is refused there at once and on the others within that TTL.
// - States follow from dates and the clock (keyStates.ts); a view of them is rebuilt
//   only when one changes (a reload, or the next date passing), so the token path pays
//   one comparison, not a database read.
// - Every instance maintains the ring on load: a missing current key or next key is
//   created. A new next key activates SIGNING_KEY_LIFETIME after the current one did, and
//   at least JWKS_PUBLISH_AHEAD after it was published (Apollo Router polls every 60 s).
// - Each new key is the insert of generation n+1 into the unique `_id`: of instances that
//   rotate at once, one inserts and the others reload (the single-winner step).
// - Private keys are sealed at rest under KEY_ENCRYPTION_KEY (security/secretBox.ts) and
//   unsealed in memory only for the key that signs.
import type { KeyObject } from 'node:crypto';
import { trusted } from '../db';
import { isDuplicateKeyError } from '../db/databaseErrors';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { SecretBox } from '../security/secretBox';
import { newKeyPair, openPrivateKey, publicJwkOf, publicKeyObject } from './keyMaterial';
import { isLive, keyStates } from './keyStates';
import type { KeyState } from './keyStates';
import type { SigningKeyDocument, SigningKeyModel } from './signingKeyModel';

export interface RingView {
  /** The key that signs now, or null when none can (every key revoked, and no replacement yet). */
  signer: { kid: string; privateKey: KeyObject } | null;
  /** The public key of a live (next, current or previous) key; undefined for any other kid. */
  publicKey(kid: string): KeyObject | undefined;
  /** `{ "keys": [...] }` of the live keys, serialized once per change. */
  jwksJson: string;
}

export interface ListedKey {
  kid: string;
  generation: number;
  state: KeyState;
  createdAt: Date;
  activatesAt: Date | null;
  revokedAt: Date | null;
}

export type RotateResult =
  | { rotated: true; promoted: string; activatesAt: Date; next: string }
  | { rotated: false; reason: 'another rotation won' }
  /** A rotation is under way: `kid` takes over at `activatesAt`, within the publish-ahead. */
  | { rotated: false; reason: 'already scheduled'; kid: string; activatesAt: Date };

export type RevokeResult =
  | { revoked: true; kid: string; current: string | null }
  | { revoked: false; reason: 'unknown kid' | 'already revoked' };

export interface KeyRing {
  /** Reads the keys and creates those missing (the first ones, the next one). Call at start. */
  load(): Promise<void>;
  /** The keys as of now, reloaded first when older than the refresh interval. */
  view(): Promise<RingView>;
  /** Promotes the next key (after its publish-ahead, or at once with `immediately`) and creates a new next one. */
  rotate(options?: { immediately?: boolean }): Promise<RotateResult>;
  /** Never accepted again; a revoked current key is replaced at once by the next one. */
  revoke(kid: string): Promise<RevokeResult>;
  /** Every key with its state, without creating any. */
  list(): Promise<ListedKey[]>;
  /**
   * Throws unless KEY_ENCRYPTION_KEY opens every key that signs or will (current, next). Writes
   * nothing: `npm run keys` calls it before a write, since a key sealed under another key would
   * stop the API's signing only when it activates, weeks later.
   */
  checkEncryptionKey(): Promise<void>;
}

interface Deps {
  SigningKey: SigningKeyModel;
  box: SecretBox;
  /** JWKS_PUBLISH_AHEAD */
  publishAheadMs: number;
  /** SIGNING_KEY_LIFETIME; 0 = until the next `keys rotate`. */
  lifetimeMs: number;
  /** How long a superseded key stays accepted: ACCESS_TOKEN_TTL plus clock leeway. */
  graceMs: number;
  /** SESSION_CACHE_TTL: how stale this instance's copy may get. */
  refreshMs: number;
  clock: Clock;
  logger: Logger;
}

/** How long a request waits for a due reload of the keys before it goes on with the last copy. */
const RELOAD_WAIT_MS = 1000;

export function createKeyRing(deps: Deps): KeyRing {
  const { SigningKey, box, publishAheadMs, lifetimeMs, graceMs, refreshMs, clock, logger } = deps;
  let records: SigningKeyDocument[] = [];
  let loadedAt = -Infinity;
  let memo: { view: RingView; validUntil: number } | null = null;
  let reloading: Promise<void> | null = null;
  /** When the pending reload started (performance.now(): real time, whatever the app's clock says). */
  let reloadStartedAt = 0;
  const publicKeys = new Map<string, KeyObject>();
  const privateKeys = new Map<string, KeyObject>();

  async function read(): Promise<void> {
    records = await SigningKey.find().sort({ _id: 1 }).lean();
    loadedAt = clock.now().getTime();
    memo = null;
  }

  const statesNow = () => keyStates(records, clock.now(), graceMs);
  const nextGeneration = () => (records.at(-1)?._id ?? 0) + 1;

  /** Inserts a new key as generation n+1; false when another instance inserted that generation first. */
  async function create(activatesAt: Date | null): Promise<string | null> {
    const { kid, x, y, sealedPrivateKey } = newKeyPair(box);
    const generation = nextGeneration();
    try {
      await SigningKey.create({
        _id: generation,
        kid,
        alg: 'ES256',
        x,
        y,
        sealedPrivateKey,
        createdAt: clock.now(),
        activatesAt,
        revokedAt: null,
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) return null;
      throw error;
    }
    logger.info({ kid, generation, activatesAt }, 'signing key created');
    return kid;
  }

  /** When the next key created now starts signing: a lifetime after the current one did, published ahead. */
  function nextActivation(current: SigningKeyDocument | null): Date | null {
    if (lifetimeMs === 0) return null;
    const now = clock.now().getTime();
    const due = (current?.activatesAt?.getTime() ?? now) + lifetimeMs;
    return new Date(Math.max(due, now + publishAheadMs));
  }

  async function promote(key: SigningKeyDocument, activatesAt: Date): Promise<void> {
    await SigningKey.updateOne({ _id: key._id, revokedAt: null }, { $set: { activatesAt } });
    logger.info({ kid: key.kid, generation: key._id, activatesAt }, 'signing key promoted');
  }

  /**
   * Creates what is missing: a current key (the next one promoted at once, or a new one: nothing is
   * signing, so there is nothing to publish ahead of), then a next key. Bounded: each step writes once.
   */
  async function maintain(): Promise<void> {
    for (let step = 0; step < 3; step++) {
      const { current, next } = statesNow();
      if (current && next) return erasePrivateHalves();
      if (!current && next) await promote(next, clock.now());
      else if (!current) await create(clock.now());
      else await create(nextActivation(current));
      await read();
    }
  }

  /**
   * A retired or revoked key will never sign again: its private half is erased (NIST SP 800-57 Part 1: the post-operational key is destroyed;
   * ASVS 5.0 V11.1: a key lifecycle), so a later leak of the database and KEY_ENCRYPTION_KEY cannot use it.
   */
  async function erasePrivateHalves(): Promise<void> {
    const spent = statesNow()
      .keys.filter(({ key, state }) => (state === 'retired' || state === 'revoked') && key.sealedPrivateKey !== '')
      .map(({ key }) => key._id);
    if (spent.length === 0) return;
    await SigningKey.updateMany({ _id: trusted({ $in: spent }) }, { $set: { sealedPrivateKey: '' } });
    await read();
  }

  async function reload(): Promise<void> {
    if (!reloading) reloadStartedAt = performance.now();
    reloading ??= (async () => {
      try {
        await read();
        await maintain();
      } finally {
        reloading = null;
      }
    })();
    return reloading;
  }

  function publicKeyOf(key: SigningKeyDocument): KeyObject {
    let found = publicKeys.get(key.kid);
    if (!found) publicKeys.set(key.kid, (found = publicKeyObject(key)));
    return found;
  }

  function privateKeyOf(key: SigningKeyDocument): KeyObject {
    let found = privateKeys.get(key.kid);
    if (!found) privateKeys.set(key.kid, (found = openPrivateKey(box, key)));
    return found;
  }

  /** Unseals every key that signs or will (throws when KEY_ENCRYPTION_KEY opens one not). */
  function openSigningKeys(): void {
    for (const { key, state } of statesNow().keys) if (state === 'current' || state === 'next') privateKeyOf(key);
  }

  function buildView(): { view: RingView; validUntil: number } {
    const states = statesNow();
    const live = states.keys.filter((k) => isLive(k.state)).map((k) => k.key);
    const accepted = new Map(live.map((key) => [key.kid, publicKeyOf(key)]));
    const { current } = states;
    return {
      view: {
        signer: current ? { kid: current.kid, privateKey: privateKeyOf(current) } : null,
        publicKey: (kid) => accepted.get(kid),
        jwksJson: JSON.stringify({ keys: live.map(publicJwkOf) }),
      },
      validUntil: states.changesAt,
    };
  }

  const reloadOrKeep = () =>
    reload().catch((error: unknown) => {
      // The last copy still verifies and signs; the next request tries again.
      if (loadedAt === -Infinity) throw error;
      logger.warn({ err: error }, 'signing keys could not be reloaded');
    });

  /**
   * Waits for a due reload, but at most RELOAD_WAIT_MS from its start: a stalled database must not
   * add its timeout to every request's own (the session check waits for it too). Past that the
   * request goes on with the last copy; a revocation then counts once the database answers again.
   */
  async function dueReload(): Promise<void> {
    const pending = reloadOrKeep();
    if (loadedAt === -Infinity) return pending; // nothing to go on with
    const left = RELOAD_WAIT_MS - (performance.now() - reloadStartedAt);
    if (left <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([pending, new Promise<void>((resolve) => (timer = setTimeout(resolve, left)))]);
    clearTimeout(timer);
  }

  async function view(): Promise<RingView> {
    const now = clock.now().getTime();
    const age = now - loadedAt;
    // Past the refresh interval a request waits for the reload (a revocation elsewhere counts
    // within SESSION_CACHE_TTL); from half of it the reload starts ahead, in the background, so
    // that under steady traffic no request waits for the database here.
    if (age >= refreshMs) await dueReload();
    else if (age >= refreshMs / 2 && !reloading) void reloadOrKeep();
    if (!memo || now >= memo.validUntil) memo = buildView();
    return memo.view;
  }

  return {
    async load() {
      await reload();
      openSigningKeys(); // a wrong KEY_ENCRYPTION_KEY fails the start, not a sign-in weeks later
      memo = buildView();
    },
    view,
    async rotate({ immediately = false } = {}) {
      await read();
      let { next } = statesNow();
      if (!next) {
        await create(null);
        await read();
        next = statesNow().next;
        if (!next) return { rotated: false, reason: 'another rotation won' };
      }
      const now = clock.now().getTime();
      // Promoted by an earlier rotation and still being published ahead: a second one would only
      // queue another next key. `immediately` promotes it at once instead.
      const scheduled = next.activatesAt?.getTime() ?? Infinity;
      if (!immediately && scheduled <= now + publishAheadMs)
        return { rotated: false, reason: 'already scheduled', kid: next.kid, activatesAt: next.activatesAt! };
      const earliest = immediately ? now : Math.max(now, next.createdAt.getTime() + publishAheadMs);
      const activatesAt = new Date(Math.min(earliest, next.activatesAt?.getTime() ?? Infinity));
      // The successor is inserted first: its generation is the single-winner step of the rotation.
      const successor = await create(lifetimeMs === 0 ? null : new Date(activatesAt.getTime() + lifetimeMs));
      if (successor === null) {
        await read();
        return { rotated: false, reason: 'another rotation won' };
      }
      await promote(next, activatesAt);
      await read();
      return { rotated: true, promoted: next.kid, activatesAt, next: successor };
    },
    async revoke(kid) {
      await read();
      const key = records.find((k) => k.kid === kid);
      if (!key) return { revoked: false, reason: 'unknown kid' };
      if (key.revokedAt !== null) return { revoked: false, reason: 'already revoked' };
      await SigningKey.updateOne({ _id: key._id }, { $set: { revokedAt: clock.now() } });
      logger.warn({ kid, generation: key._id }, 'signing key revoked');
      privateKeys.delete(kid);
      // A revoked current or next key is replaced here, at once (not by a reload already under way).
      await read();
      await maintain();
      return { revoked: true, kid, current: statesNow().current?.kid ?? null };
    },
    async list() {
      await read();
      return statesNow().keys.map(({ key, state }) => ({
        kid: key.kid,
        generation: key._id,
        state,
        createdAt: key.createdAt,
        activatesAt: key.activatesAt,
        revokedAt: key.revokedAt,
      }));
    },
    async checkEncryptionKey() {
      await read();
      openSigningKeys();
    },
  };
}
