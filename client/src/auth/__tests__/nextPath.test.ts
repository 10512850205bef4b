import { loginPathFor, safeNextPath } from '../nextPath';

describe('safeNextPath', () => {
  it('keeps a path on this origin, query and fragment included', () => {
    expect(safeNextPath('/account?tab=sessions#devices')).toBe('/account?tab=sessions#devices');
  });

  it('keeps a path whose query holds a full address: only where the path leads matters', () => {
    expect(safeNextPath('/search?q=https://evil.example')).toBe('/search?q=https://evil.example');
  });

  // guards: ASVS 5.1.5 — browsers strip tab, LF and CR from a URL and read `\` as `/`, so each of
  // these, decoded from `?next=`, would lead to another site.
  it.each([
    ['a tab', '/\t/evil.example'],
    ['a line feed', '/\n/evil.example'],
    ['a carriage return', '/\r/evil.example'],
    ['a tab first', '\t//evil.example'],
    ['a NUL', '/\u0000/evil.example'],
    ['a DEL', '/\u007f/evil.example'],
    ['a backslash', '/\\evil.example'],
    ['two backslashes', '\\\\evil.example'],
    ['a protocol-relative address', '//evil.example/x'],
    ['an absolute address', 'https://evil.example'],
    ['an address with credentials', 'https://app@evil.example/'],
    ['a javascript: URL', 'javascript:alert(document.domain)'],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
  ])('refuses %s, which a browser would follow off the site, and goes home instead', (_name, next) => {
    expect(safeNextPath(next)).toBe('/');
  });

  // The path is returned as the URL parser normalised it; a normalised `//host` would be protocol-relative.
  it.each(['/.//evil.example', '/a/..//evil.example'])(
    'refuses %p, whose dot segments normalise to a protocol-relative path',
    (next) => {
      expect(safeNextPath(next)).toBe('/');
    },
  );

  it.each(['account', '', undefined, ['/a', '/b']])('refuses %p, which is not one path, and goes home', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });

  it('returns only paths that stay on the origin they are resolved against', () => {
    for (const next of ['/a/../b', '/./c?d', '/%2F%2Fevil.example', '/e//f', '/%09x']) {
      const path = safeNextPath(next);
      expect(new URL(path, 'https://app.example').origin).toBe('https://app.example');
      expect(path.startsWith('//')).toBe(false);
    }
  });
});

describe('loginPathFor', () => {
  it('round-trips the current path through the next parameter', () => {
    const next = new URLSearchParams(loginPathFor('/a?b=c&d=e').split('?')[1]).get('next');

    expect(safeNextPath(next)).toBe('/a?b=c&d=e');
  });
});
