// guards: issue 11. The index patch (scripts/lib/ferretdb) only narrows what SQLite hands to
// FerretDB, which applies the whole filter again; it must never drop a match. For the filter
// shapes the API sends and the values that make MongoDB equality subtle (an array holds the value,
// null against a missing field, 5 against "5", an ObjectId against its hex string, escaped text),
// the patched FerretDB must answer as FerretDB as released does, and as MongoDB does.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { MongoClient, ObjectId } from 'mongodb';
import type { Db } from 'mongodb';
import { startFerretDB } from '../lib/database';
import type { Database, FerretDBBuild } from '../lib/database';

const HEX = '64b0000000000000000000aa';
const OID = new ObjectId(HEX);
const OID_ID = new ObjectId('64b0000000000000000000bb');
const ESCAPES = '"quoted" \\back\\ \n\t\u2028\u0001 end';

/** Documents and filters as the wire carries them: `_id`s are strings as often as ObjectIds. */
type Doc = { _id: string | ObjectId } & Record<string, unknown>;
type Filter = Record<string, unknown>;
const collection = (db: Db, name: string) => db.collection<Doc>(name);

// Named by what `f` holds; every document is in every collection these tests fill. (FerretDB v1
// refuses nested arrays, so none is here.)
const DOCS: Doc[] = [
  { _id: 'x', f: 'x', g: 1 },
  { _id: 'X', f: 'X' },
  { _id: 'x-space', f: 'x ' },
  { _id: 'array-x-y', f: ['x', 'y'], g: 2 },
  { _id: 'array-y', f: ['y'] },
  { _id: 'empty-array', f: [] },
  { _id: 'null', f: null },
  { _id: 'array-null', f: [null] },
  { _id: 'missing' },
  { _id: 'number-5', f: 5 },
  { _id: 'string-5', f: '5' },
  { _id: 'document-x', f: { a: 'x' } },
  { _id: 'oid', f: OID },
  { _id: 'oid-hex', f: HEX },
  { _id: 'array-oid', f: [OID] },
  { _id: 'html', f: 'x<y&z>' },
  { _id: 'unicode', f: 'é😀' },
  { _id: 'escapes', f: ESCAPES },
  { _id: 'bracket', f: '[x]' },
  { _id: 'nested-f-x', n: { f: 'x' } },
  { _id: OID_ID, f: 'x' },
];
const ALL = DOCS.map((d) => String(d._id));
const except = (...ids: string[]) => ALL.filter((id) => !ids.includes(id));

// Each filter, whether the patch pushes it down to SQLite (in part: `g: {$gt}` and `$or` are left
// to FerretDB), and MongoDB's answer (ids as strings).
const CASES: [string, Filter, boolean, string[]][] = [
  ['a string', { f: 'x' }, true, ['x', 'array-x-y', String(OID_ID)]],
  ['$eq a string', { f: { $eq: 'x' } }, true, ['x', 'array-x-y', String(OID_ID)]],
  ['$in strings', { f: { $in: ['x', 'y'] } }, true, ['x', 'array-x-y', 'array-y', String(OID_ID)]],
  ['another case', { f: 'X' }, true, ['X']],
  ['a digit string, not the number', { f: '5' }, true, ['string-5']],
  ['an ObjectId, not its hex', { f: OID }, true, ['oid', 'array-oid']],
  ['a hex string, not the ObjectId', { f: HEX }, true, ['oid-hex']],
  ['$in an ObjectId and its hex', { f: { $in: [OID, HEX] } }, true, ['oid', 'oid-hex', 'array-oid']],
  ['text with <, & and >', { f: 'x<y&z>' }, true, ['html']],
  ['non-ASCII text', { f: 'é😀' }, true, ['unicode']],
  ['text with quotes, backslashes and control characters', { f: ESCAPES }, true, ['escapes']],
  ['text that looks like an array', { f: '[x]' }, true, ['bracket']],
  ['a string _id', { _id: 'x' }, true, ['x']],
  ['an ObjectId _id', { _id: OID_ID }, true, [String(OID_ID)]],
  ['$in _ids', { _id: { $in: ['x', 'X', 'nowhere'] } }, true, ['x', 'X']],
  ['an _id and a field that matches', { _id: 'x', f: 'x' }, true, ['x']],
  ['an _id and a field that does not', { _id: 'x', f: 'y' }, true, []],
  ['a string and a range', { f: 'x', g: { $gt: 1 } }, true, ['array-x-y']],
  ['a string and $or', { f: 'x', $or: [{ g: 1 }, { g: 2 }] }, true, ['x', 'array-x-y']],
  ['$in with a number', { f: { $in: ['x', 5] } }, false, ['x', 'array-x-y', 'number-5', String(OID_ID)]],
  ['$in nothing', { f: { $in: [] } }, false, []],
  ['$in and $ne', { f: { $in: ['x'], $ne: 'y' } }, false, ['x', String(OID_ID)]],
  ['$ne', { f: { $ne: 'x' } }, false, except('x', 'array-x-y', String(OID_ID))],
  ['null', { f: null }, false, ['null', 'array-null', 'missing', 'nested-f-x']],
  ['a number', { f: 5 }, false, ['number-5']],
  ['a whole array', { f: ['x', 'y'] }, false, ['array-x-y']],
  ['a whole document', { f: { a: 'x' } }, false, ['document-x']],
  ['$eq a document shaped like an operator', { f: { $eq: { $in: ['x'] } } }, false, []],
  ['a dotted path', { 'n.f': 'x' }, false, ['nested-f-x']],
];

const ids = (docs: Doc[]) => docs.map((d) => String(d._id)).sort();

/** What one server answers for `filter`, through find, count, updateMany and deleteMany. */
async function answers(db: Db, filter: Filter, indexed: boolean) {
  const things = collection(db, `things_${indexed ? 'indexed' : 'plain'}`);
  const scratch = collection(db, 'scratch');
  await scratch.drop().catch(() => false);
  if (indexed) await scratch.createIndex({ f: 1 });
  await scratch.insertMany(DOCS.map((d) => ({ ...d })));
  const updated = (await scratch.updateMany(filter, { $set: { hit: true } })).modifiedCount;
  const deleted = (await scratch.deleteMany(filter)).deletedCount;
  return {
    found: ids(await things.find(filter).toArray()),
    counted: await things.countDocuments(filter),
    updated,
    deleted,
    left: ids(await scratch.find().toArray()),
  };
}

describe('FerretDB with the index patch, against FerretDB as released', () => {
  const dirs: string[] = [];
  const servers = {} as Record<FerretDBBuild, { db: Database; client: MongoClient; data: Db }>;

  beforeAll(async () => {
    for (const build of ['patched', 'upstream'] as const) {
      const dir = mkdtempSync(path.join(os.tmpdir(), `ferretdb-semantics-${build}-`));
      dirs.push(dir);
      const db = await startFerretDB(dir, { build });
      const client = new MongoClient(db.uri, { serverSelectionTimeoutMS: 5000 });
      const data = client.db('semantics');
      servers[build] = { db, client, data };
      await collection(data, 'things_indexed').createIndex({ f: 1 });
      await collection(data, 'things_indexed').insertMany(DOCS.map((d) => ({ ...d })));
      await collection(data, 'things_plain').insertMany(DOCS.map((d) => ({ ...d })));
    }
  }, 600_000);

  afterAll(async () => {
    for (const { client, db } of Object.values(servers)) {
      await client.close();
      await db.stop();
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  describe.each([true, false])('on a collection with an index on f: %s', (indexed) => {
    it.each(CASES)('%s: the same answer as upstream, and as MongoDB', async (_name, filter, pushed, expected) => {
      const explained = await servers.patched.data.command({ explain: { find: 'things_indexed', filter } });
      expect(explained.filterPushdown).toBe(pushed);
      const patched = await answers(servers.patched.data, filter, indexed);
      expect(patched).toEqual(await answers(servers.upstream.data, filter, indexed));
      expect(patched.found).toEqual([...expected].sort());
    });
  });

  // guards: a nil filter (no $match) reached the pushdown and dropped the connection.
  it('answers an aggregation that has no filter at all as upstream does', async () => {
    const pipeline = [{ $project: { f: 1 } }];
    const run = ({ data }: { data: Db }) => collection(data, 'things_indexed').aggregate<Doc>(pipeline).toArray();
    const patched = ids(await run(servers.patched));
    expect(patched).toEqual(ids(await run(servers.upstream)));
    expect(patched).toEqual([...ALL].sort());
  });

  it('answers an $in longer than SQLite binds (32,766 values) as upstream does', async () => {
    const filter = { _id: { $in: [...Array.from({ length: 33_000 }, (_, i) => `absent-${i}`), 'x', 'X'] } };
    const find = ({ data }: { data: Db }) => collection(data, 'things_indexed').find(filter).toArray();
    const patched = ids(await find(servers.patched));
    expect(patched).toEqual(ids(await find(servers.upstream)));
    expect(patched).toEqual(['X', 'x']);
  });

  // Random documents and filters of the shapes the patch pushes down, from a small pool of values
  // so that matches, arrays and near misses are frequent.
  it('answers random equality and $in filters as upstream does', async () => {
    const value = fc.constantFrom<unknown>('a', 'b', 'A', '1', 1, null, OID, HEX, { a: 'a' });
    const field = fc.oneof(value, fc.array(value, { maxLength: 3 }));
    const doc = fc.record({ f: field, g: field }, { requiredKeys: [] });
    const condition = fc.oneof(
      field,
      value.map(($eq) => ({ $eq })),
      fc.array(value, { maxLength: 3 }).map(($in) => ({ $in })),
    );
    const filter = fc.record({ f: condition, g: condition }, { requiredKeys: [] });
    const query = async ({ data }: { data: Db }, docs: Record<string, unknown>[], f: Filter) => {
      const random = collection(data, 'random');
      await random.drop().catch(() => false);
      await random.createIndex({ f: 1, g: 1 });
      await random.insertMany(docs.map((d, i) => ({ _id: `r${i}`, ...d })));
      return ids(await random.find(f).toArray());
    };
    await fc.assert(
      fc.asyncProperty(fc.array(doc, { minLength: 1, maxLength: 8 }), filter, async (docs, f) => {
        expect(await query(servers.patched, docs, f)).toEqual(await query(servers.upstream, docs, f));
      }),
      { numRuns: 60 },
    );
  });
});
