// The source changes our embedded FerretDB v1.24.2 is built with (issue 11), applied by
// scripts/lib/database.ts to the module downloaded from the Go module proxy, before `go build`.
//
// Why: FerretDB's SQLite backend stores each document as JSON in one column and builds every
// index on an expression of it, `_ferretdb_sjson->"field"`. SQLite uses such an index only for a
// query that spells the same expression (sqlite.org/expridx.html). Since v1.19 the indexes are
// built that way while `_id` lookups still say `->'$._id'`, so every find, update and delete by
// `_id` scans the table; and nothing but a lone `_id` is pushed down, so every other filter decodes
// the whole collection in Go, although the indexes the app asks for exist. Upstream's v1 branch
// ends at v1.24.2 unfixed.
//
// FerretDB is Apache-2.0. Its §4(b) asks that changed files carry a notice saying so: every file
// edited here gets NOTICE below after its package clause, and docs/database.md ("The index
// patch") lists the changes. Each anchor must be found exactly once, or the build stops: a
// FerretDB that no longer matches this patch must be looked at, not half-patched.
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface Edit {
  /** Why, for the reader of this patch. */
  why: string;
  file: string;
  /** FerretDB's text, tab-indented as in its source; must occur exactly once. */
  find: string;
  replace: string;
}

const NOTICE = '// NOTICE: changed by graphql-session-auth (scripts/lib/ferretdb/patch.ts) for index use on SQLite.\n';

/** Our own file (not FerretDB's), added to its SQLite backend: the WHERE clause it pushes down. */
const ADDED_FILE = { from: path.join(__dirname, 'pushdown.go'), to: 'internal/backends/sqlite/pushdown.go' };

/** Upstream's pushdown of a lone `_id`, in collection.go twice: in Query, and in Explain with `explainLine`. */
const idOnlyPushdown = (explainLine: string) => `
	// that logic should exist in one place
	// TODO https://github.com/FerretDB/FerretDB/issues/3235
	if params.Filter.Len() == 1 {
		v, _ := params.Filter.Get("_id")
		switch v.(type) {
		case string, types.ObjectID:
${explainLine}			whereClause = fmt.Sprintf(\` WHERE %s = ?\`, metadata.IDColumn)
			args = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
		}
	}
`;

const EDITS: readonly Edit[] = [
  {
    why: 'A: `_id` lookups (SELECT, UPDATE, DELETE … IN) spell the `_id_` index expression, so SQLite uses it',
    file: 'internal/backends/sqlite/metadata/metadata.go',
    find: `
	IDColumn = DefaultColumn + "->'$._id'"
`,
    replace: `
	// Changed: the expression indexesCreate (registry.go) builds the _id_ index on, so SQLite uses it.
	IDColumn = DefaultColumn + \`->"_id"\`
`,
  },
  {
    why: 'B: Query pushes down equality and $in on strings and ObjectIDs (pushdown.go) instead of a lone _id',
    file: 'internal/backends/sqlite/collection.go',
    find: idOnlyPushdown(''),
    replace: `
	// Changed: one WHERE clause for Query and Explain (pushdown.go).
	whereClause, args = prepareWhereClause(params.Filter)
`,
  },
  {
    why: 'B: Explain shows the WHERE clause Query runs, so `explain` reports the plan SQLite really uses',
    file: 'internal/backends/sqlite/collection.go',
    find: idOnlyPushdown('\t\t\tfilterPushdown = true\n'),
    replace: `
	// Changed: the WHERE clause Query runs (pushdown.go).
	whereClause, args = prepareWhereClause(params.Filter)
	filterPushdown = whereClause != ""
`,
  },
];

/** Identifies this patch in the binary's name, so a changed patch means a new build everywhere. */
export const PATCH_ID = createHash('sha256')
  .update(JSON.stringify(EDITS))
  .update(readFileSync(ADDED_FILE.from))
  .digest('hex')
  .slice(0, 8);

export class PatchError extends Error {}

function occurrences(text: string, anchor: string): number {
  return text.split(anchor).length - 1;
}

/** Applies the patch to FerretDB's source in `srcDir`, a writable copy of its module. */
export function applyPatch(srcDir: string): void {
  const changed = new Map<string, string>();
  for (const edit of EDITS) {
    const text = changed.get(edit.file) ?? readFileSync(path.join(srcDir, edit.file), 'utf8');
    const found = occurrences(text, edit.find);
    if (found !== 1) {
      throw new PatchError(
        `FerretDB patch: the text to change for "${edit.why}" occurs ${found} times in ${edit.file}`,
      );
    }
    // A function as replacement, so that `$` in Go text is never read as a pattern.
    const replace = () => edit.replace;
    changed.set(edit.file, text.replace(edit.find, replace));
  }
  for (const [file, text] of changed) {
    const clauses = text.match(/^package \w+\n/gm) ?? [];
    if (clauses.length !== 1) throw new PatchError(`FerretDB patch: no single package clause in ${file}`);
    const notice = (clause: string) => `${clause}\n${NOTICE}`;
    writeFileSync(path.join(srcDir, file), text.replace(clauses[0]!, notice));
  }
  copyFileSync(ADDED_FILE.from, path.join(srcDir, ADDED_FILE.to));
}
