// guards: the README is the map a newcomer trusts (issue 18). Every path its rule table names
// exists, so "where does this rule live?" never leads to a file that moved; it stays short
// (the manual is in docs/); and no relative link in the guides leads nowhere, anchors included.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** The guides whose links are checked: the README, docs/, and the READMEs beside the code. */
const GUIDES = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
  'client/README.md',
  'bench/README.md',
];

interface RuleRow {
  rule: string;
  paths: string[];
}

/** The rows of "Where each rule lives": the rule, and every backticked path of its file column. */
function ruleTable(readme: string): RuleRow[] {
  const section = readme.split('\n## Where each rule lives\n')[1]?.split('\n## ')[0] ?? '';
  const rows = section.split('\n').filter((line) => line.startsWith('|'));
  // The first two lines are the header and its separator.
  return rows.slice(2).map((row) => {
    const [, rule = '', file = ''] = row.split('|').map((cell) => cell.trim());
    return { rule, paths: [...file.matchAll(/`([^`]+)`/g)].map((match) => match[1]!) };
  });
}

/** A path of the repository: a folder when written with a trailing slash, else a file. */
function exists(repoPath: string): boolean {
  const full = path.join(ROOT, repoPath);
  if (!existsSync(full)) return false;
  return repoPath.endsWith('/') ? statSync(full).isDirectory() : statSync(full).isFile();
}

/** Markdown without fenced code blocks and inline code, where brackets are not links. */
const prose = (markdown: string) => markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '');

/** The targets of `[text](target)` and `![alt](target)` links. */
const linkTargets = (markdown: string) =>
  [...prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]!);

/** The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as hyphens. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading = ''] of prose(markdown.replace(/`([^`\n]*)`/g, '$1')).matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\p{Pc}\- ]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

/** Why a relative link of `from` leads nowhere, or null when it leads to a file (and heading) that exist. */
function brokenLink(from: string, target: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return null; // https:, mailto:: not ours to check
  const [file = '', anchor] = target.split('#');
  const to = file === '' ? from : path.posix.normalize(path.posix.join(path.posix.dirname(from), file));
  if (!existsSync(path.join(ROOT, to))) return `${from}: ${target} (no ${to})`;
  if (anchor === undefined || !to.endsWith('.md')) return null;
  return anchors(read(to)).has(decodeURIComponent(anchor)) ? null : `${from}: ${target} (no heading #${anchor})`;
}

describe('the README', () => {
  const readme = read('README.md');

  it('names in its rule table only paths that exist, a folder written with a trailing slash', () => {
    const missing = ruleTable(readme).flatMap(({ paths }) => paths.filter((repoPath) => !exists(repoPath)));
    expect(missing).toEqual([]);
  });

  it('gives every rule of its table a path', () => {
    const rows = ruleTable(readme);
    expect(rows.length).toBeGreaterThan(40);
    expect(rows.filter((row) => row.paths.length === 0).map((row) => row.rule)).toEqual([]);
  });

  it('stays under 200 lines: the rest is in docs/', () => {
    expect(readme.split('\n').length).toBeLessThan(200);
  });
});

describe('the guides (README, docs/, client and bench READMEs)', () => {
  it('link only to files and headings that exist', () => {
    const broken = GUIDES.flatMap((guide) =>
      linkTargets(read(guide))
        .map((target) => brokenLink(guide, target))
        .filter((problem) => problem !== null),
    );
    expect(broken).toEqual([]);
  });

  it('keep the notice for the changed FerretDB files findable from the README', () => {
    expect(linkTargets(read('README.md'))).toContain('docs/database.md');
    expect(read('docs/database.md')).toMatch(/Apache-2\.0.*§4\(b\)/s);
  });
});
