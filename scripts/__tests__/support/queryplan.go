// Not part of FerretDB: a test helper of graphql-session-auth. scripts/__tests__ builds it inside
// FerretDB's module, so it links the very SQLite that FerretDB runs (modernc.org/sqlite at the
// version FerretDB's go.mod pins, with the same compile-time options).
//
// Usage: queryplan <database file>. Reads statements on stdin, one JSON {"sql", "args"} a line, as
// FerretDB logs them; writes for each one JSON line: the details of EXPLAIN QUERY PLAN, or an error.
package main

import (
	"bufio"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"

	_ "modernc.org/sqlite"
)

type statement struct {
	SQL  string `json:"sql"`
	Args []any  `json:"args"`
}

type result struct {
	Plan  []string `json:"plan,omitempty"`
	Error string   `json:"error,omitempty"`
}

func explain(db *sql.DB, s statement) ([]string, error) {
	rows, err := db.Query("EXPLAIN QUERY PLAN "+s.SQL, s.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()

	var plan []string

	for rows.Next() {
		var id, parent, notUsed int
		var detail string

		if err := rows.Scan(&id, &parent, &notUsed, &detail); err != nil {
			return nil, err
		}

		plan = append(plan, detail)
	}

	return plan, rows.Err()
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: queryplan <database file>")
		os.Exit(2)
	}

	db, err := sql.Open("sqlite", "file:"+os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer db.Close()

	in := bufio.NewScanner(os.Stdin)
	in.Buffer(nil, 64<<20)
	out := json.NewEncoder(os.Stdout)

	for in.Scan() {
		var s statement
		var r result

		if err := json.Unmarshal(in.Bytes(), &s); err != nil {
			r.Error = err.Error()
		} else if r.Plan, err = explain(db, s); err != nil {
			r.Error = err.Error()
		}

		if err := out.Encode(r); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}

	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
