import { loginPathFor, safeNextPath } from '../nextPath';

describe('safeNextPath', () => {
  it('keeps a path on this origin, query included', () => {
    expect(safeNextPath('/account?tab=sessions')).toBe('/account?tab=sessions');
  });

  it.each(['https://evil.example', '//evil.example/x', '/\\evil.example', 'account', undefined, ['/a', '/b']])(
    'refuses %p and goes home instead',
    (next) => {
      expect(safeNextPath(next)).toBe('/');
    },
  );
});

describe('loginPathFor', () => {
  it('round-trips the current path through the next parameter', () => {
    const next = new URLSearchParams(loginPathFor('/a?b=c&d=e').split('?')[1]).get('next');

    expect(safeNextPath(next)).toBe('/a?b=c&d=e');
  });
});
