// guards: the build of the embedded FerretDB changes FerretDB's files only as
// scripts/lib/ferretdb/patch.ts says, marks each one (Apache-2.0 §4(b)), and stops rather than
// build a half-patched FerretDB when the source no longer holds a text it changes exactly once.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyFerretDBModule } from '../lib/database';
import { PatchError, applyPatch } from '../lib/ferretdb/patch';

const METADATA = 'internal/backends/sqlite/metadata/metadata.go';
const COLLECTION = 'internal/backends/sqlite/collection.go';

describe('the FerretDB patch', () => {
  let src: string;
  const read = (file: string) => readFileSync(path.join(src, file), 'utf8');
  const write = (file: string, text: string) => writeFileSync(path.join(src, file), text);

  beforeEach(() => {
    src = mkdtempSync(path.join(os.tmpdir(), 'ferretdb-patch-'));
    copyFerretDBModule(src);
  });
  afterEach(() => rmSync(src, { recursive: true, force: true }));

  it('changes the _id expression and the WHERE clause of Query and Explain, and says so in each file', () => {
    applyPatch(src);
    expect(read(METADATA)).toContain('IDColumn = DefaultColumn + `->"_id"`');
    expect(read(COLLECTION).match(/whereClause, args = prepareWhereClause\(params\.Filter\)/g)).toHaveLength(2);
    for (const file of [METADATA, COLLECTION]) {
      expect(read(file)).toMatch(/^package \w+\n\n\/\/ NOTICE: changed by graphql-session-auth/m);
    }
    expect(existsSync(path.join(src, 'internal/backends/sqlite/pushdown.go'))).toBe(true);
  });

  it('stops when a text it changes is gone', () => {
    write(METADATA, read(METADATA).replace(`"->'$._id'"`, `"->'$.id'"`));
    expect(() => applyPatch(src)).toThrow(PatchError);
    expect(() => applyPatch(src)).toThrow(/occurs 0 times in internal\/backends\/sqlite\/metadata\/metadata\.go/);
  });

  it('stops when a text it changes occurs twice', () => {
    write(METADATA, read(METADATA) + `\nconst (\n\tIDColumn = DefaultColumn + "->'$._id'"\n)\n`);
    expect(() => applyPatch(src)).toThrow(/occurs 2 times/);
  });
});
