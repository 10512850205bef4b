// Not part of FerretDB. Written for graphql-session-auth (MIT) and copied into
// FerretDB v1.24.2's internal/backends/sqlite/ when scripts/lib/database.ts builds
// it; scripts/lib/ferretdb/patch.ts makes collection.go call it.

package sqlite

import (
	"fmt"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// maxPushdownArgs bounds the values one WHERE clause binds. SQLite refuses more than
// 32,766 variables; past this bound a field is simply not pushed down, so no filter
// that works upstream fails here.
const maxPushdownArgs = 10_000

// prepareWhereClause returns a WHERE clause, and its arguments, that selects a superset
// of the documents matching filter. That is all the backend contract asks: the handler
// applies the whole filter again to what Query returns (backends.Collection.Query).
//
// Upstream pushes down only a filter that is nothing but a string or ObjectID _id.
// This pushes down every top-level field whose value is a string or an ObjectID,
// {$eq: value} or {$in: [values]}, ANDed. Each is written in the very expression that
// indexesCreate (metadata/registry.go) builds FerretDB's indexes on,
// _ferretdb_sjson->"field", because SQLite uses an index on an expression only for a
// query that spells the same expression. Values are compared as sjson text, as
// upstream compares _id; a string and an ObjectID with the same hex share a text,
// which only widens the superset. Equality also matches an element of an array, so
// every array (JSON text starting with "[") is let through, except for _id, which is
// never an array.
func prepareWhereClause(filter *types.Document) (string, []any) {
	// A nil filter is no filter (aggregate without $match, capped cleanup); one with a
	// duplicate key is left to the handler, which alone decides what it means.
	if filter.Len() == 0 {
		return "", nil
	}

	if _, dup := filter.FindDuplicateKey(); dup {
		return "", nil
	}

	var conds []string
	var args []any

	values := filter.Values()

	for i, key := range filter.Keys() {
		pushed := pushdownValues(values[i])
		if !pushdownKey(key) || len(pushed) == 0 || len(args)+len(pushed) > maxPushdownArgs {
			continue
		}

		column := fmt.Sprintf("%s->%q", metadata.DefaultColumn, key)
		cond := column + " IN (?" + strings.Repeat(", ?", len(pushed)-1) + ")"

		if key != "_id" {
			cond = fmt.Sprintf(`(%s OR (%s >= '[' AND %s < '\'))`, cond, column, column)
		}

		conds = append(conds, cond)

		for _, v := range pushed {
			args = append(args, string(must.NotFail(sjson.MarshalSingleValue(v))))
		}
	}

	if len(conds) == 0 {
		return "", nil
	}

	return " WHERE " + strings.Join(conds, " AND "), args
}

// pushdownKey reports whether a filter key names a top-level field that can be
// written as ->"key" exactly as indexesCreate writes it: no operator ($and, $or…),
// no dotted path, none of FerretDB's own columns, nothing to quote.
func pushdownKey(key string) bool {
	if key == "" || strings.HasPrefix(key, backends.ReservedPrefix) {
		return false
	}

	for _, c := range key {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}

	return true
}

// pushdownValues returns the values a field may equal, or nil when its filter is
// anything but a string or ObjectID, {$eq: one} or {$in: [some]}.
func pushdownValues(v any) []any {
	if scalar(v) {
		return []any{v}
	}

	d, ok := v.(*types.Document)
	if !ok || d.Len() != 1 {
		return nil
	}

	switch op, arg := d.Keys()[0], d.Values()[0]; op {
	case "$eq":
		if scalar(arg) {
			return []any{arg}
		}
	case "$in":
		arr, ok := arg.(*types.Array)
		if !ok {
			return nil
		}

		res := make([]any, arr.Len())

		for i := range res {
			if res[i] = must.NotFail(arr.Get(i)); !scalar(res[i]) {
				return nil
			}
		}

		return res
	}

	return nil
}

// scalar reports whether v is one of the two types upstream already pushes down for _id.
func scalar(v any) bool {
	switch v.(type) {
	case string, types.ObjectID:
		return true
	default:
		return false
	}
}
