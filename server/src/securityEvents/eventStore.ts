// Where security events are kept, and how an account reads a page of them.
// - Coalescing: what anyone can cause without the password (a wrong password or code, a reset
//   link asked for) is kept as one document per account, client address and UTC day, with a
//   count, so strangers cannot push what the owner must see (PASSWORD_CHANGED, MFA_DISABLED, …)
//   off the page. At most ADDRESSES_PER_DAY addresses a day get a document of their own; the
//   rest share one without an address. Every other type is one document per event, always.
// - The first of a coalesced document wins by the unique sparse index on `coalesceKey`; the
//   others `$inc` its count. FerretDB v1 updates are not atomic, so one instance writes an
//   account's coalesced events of a day one after another (they are written after the response,
//   so a burst of failures would otherwise race); across instances a count can still come out
//   short: it is shown to people, never used for a decision (limits count inserts in
//   rate_limit_events).
// - Reading: each document carries `stream` = `<user>:<UTC day>`, and a page is read by day,
//   newest first, one `$in` over 1, 2, 4, … days at a time until it is full or the retention is
//   reached. FerretDB v1 decodes in Go every document its pushed-down equality selects
//   (docs/database.md): the work follows the days the page covers, not the account's stored count.
import type { Types } from 'mongoose';
import type { Clock } from '../clock';
import { trusted } from '../db';
import { isDuplicateKeyError } from '../db/databaseErrors';
import { ipBucket } from '../security/ipBucket';
import { SecurityEventType, streamOf } from './securityEventModel';
import type { SecurityEventDocument, SecurityEventModel } from './securityEventModel';

const DAY_MS = 24 * 3600 * 1000;
/** Addresses that get a document of their own per account, type and day; the rest share one. */
const ADDRESSES_PER_DAY = 3;
const COALESCED: ReadonlySet<SecurityEventType> = new Set([
  SecurityEventType.LOGIN_FAILED,
  SecurityEventType.PASSWORD_RESET_REQUESTED,
]);

export type NewSecurityEvent = Omit<SecurityEventDocument, '_id' | 'stream' | 'count' | 'coalesceKey'>;

interface Deps {
  SecurityEvent: SecurityEventModel;
  retentionMs: number;
  clock: Clock;
}

export function createEventStore({ SecurityEvent, retentionMs, clock }: Deps) {
  /** The last coalesced write queued per stream (account and day) on this instance. */
  const queued = new Map<string, Promise<void>>();

  /** Runs `task` after the stream's queued writes; a failed one does not stop the next. */
  function serially(stream: string, task: () => Promise<void>): Promise<void> {
    const next = (queued.get(stream) ?? Promise.resolve()).then(task, task);
    queued.set(stream, next);
    const forget = () => {
      if (queued.get(stream) === next) queued.delete(stream);
    };
    next.then(forget, forget);
    return next;
  }

  /** One more of the coalesced document `key`; false when there is none yet. */
  async function bump(key: string, at: Date, expiresAt: Date): Promise<boolean> {
    const bumped = await SecurityEvent.updateOne({ coalesceKey: key }, { $inc: { count: 1 }, $set: { at, expiresAt } });
    return bumped.matchedCount > 0;
  }

  async function coalesce(doc: NewSecurityEvent & { stream: string }): Promise<void> {
    const ownKey = `${doc.type}|${doc.stream}|${ipBucket(doc.ipAddress, 'narrow')}`;
    if (await bump(ownKey, doc.at, doc.expiresAt)) return;
    const sameDay = await SecurityEvent.find({ stream: doc.stream }, { type: 1, ipAddress: 1, coalesceKey: 1 }).lean();
    const addresses = sameDay.filter((e) => e.type === doc.type && e.coalesceKey && e.ipAddress !== null).length;
    const shared = addresses >= ADDRESSES_PER_DAY;
    const key = shared ? `${doc.type}|${doc.stream}|others` : ownKey;
    const row = shared ? { ...doc, ipAddress: null, userAgent: null } : doc;
    try {
      await SecurityEvent.create({ ...row, coalesceKey: key, count: 1 });
    } catch (error) {
      // Another request created it first (the unique index): count this one in it.
      if (!isDuplicateKeyError(error)) throw error;
      await bump(key, doc.at, doc.expiresAt);
    }
  }

  /** Keeps an event: coalesced for the types anyone can cause, one document otherwise. */
  async function write(doc: NewSecurityEvent): Promise<void> {
    const withStream = { ...doc, stream: streamOf(doc.userId, doc.at) };
    if (COALESCED.has(doc.type)) await serially(withStream.stream, () => coalesce(withStream));
    else await SecurityEvent.create(withStream);
  }

  /** The account's newest events, at most `limit`, read day by day (see the note at the top). */
  async function listOwn(userId: Types.ObjectId, limit: number): Promise<SecurityEventDocument[]> {
    const now = clock.now().getTime();
    const days = Math.ceil(retentionMs / DAY_MS) + 1;
    const found: SecurityEventDocument[] = [];
    for (let from = 0, span = 1; from < days && found.length < limit; from += span, span *= 2) {
      const streams = [];
      for (let day = from; day < Math.min(from + span, days); day++) {
        streams.push(streamOf(userId, new Date(now - day * DAY_MS)));
      }
      const page = await SecurityEvent.find({ stream: trusted({ $in: streams }) })
        .sort({ at: -1, _id: -1 })
        .limit(limit - found.length)
        .lean();
      found.push(...page);
    }
    return found;
  }

  return { write, listOwn };
}

export type EventStore = ReturnType<typeof createEventStore>;
