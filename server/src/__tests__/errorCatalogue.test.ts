// The catalogue in errors.ts is the one list of codes and messages: docs/security.md
// documents exactly its codes, and no throw site writes a message of its own.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../../scripts/lib/processes';
import { APOLLO_REQUEST_CODES, ErrorCode, Message, PUBLIC_CODES } from '../errors';

const SRC = path.join(ROOT, 'server', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return ['__tests__', '__generated__', 'testing'].includes(entry.name) ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('the error catalogue', () => {
  it('is what docs/security.md documents, code for code', () => {
    const guide = readFileSync(path.join(ROOT, 'docs', 'security.md'), 'utf8');
    const section = guide.split('### Error codes')[1]?.split('\n#')[0] ?? '';
    const documented = new Set([...section.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]));
    for (const code of Object.values(ErrorCode)) expect(documented).toContain(code);
    for (const code of documented) expect(PUBLIC_CODES).toContain(code);
  });

  it('passes Apollo request codes through and nothing else of Apollo', () => {
    expect([...APOLLO_REQUEST_CODES]).toEqual(expect.arrayContaining(['GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST']));
    expect(PUBLIC_CODES.size).toBe(Object.keys(ErrorCode).length + APOLLO_REQUEST_CODES.size);
  });

  it('gives every message a readable text', () => {
    for (const message of Object.values(Message)) {
      // A number reads as a limit and as a list of names alike.
      const text = typeof message === 'function' ? (message as (value: number) => string)(1) : message;
      expect(text).toMatch(/^[A-Z`a-z].{4,}/);
    }
  });

  it('is the only place messages are written: no error is thrown with a literal message', () => {
    const literalThrows = sourceFiles(SRC).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(/new (\w+Error)\(\s*['"`]/g)]
        .filter((m) => m[1] !== 'ConfigError')
        .map((m) => `${path.relative(SRC, file)}: ${m[0]}`);
    });
    expect(literalThrows).toEqual([]);
  });
});
