/**
 * Where to go after signing in. Only a path on this origin is accepted, so a crafted
 * `/login?next=https://evil.example` link cannot turn the login form into an open redirect
 * (OWASP ASVS 5.1.5).
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/';
  return next;
}

/** A page's `searchParams`, as Next passes them. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The `?next=` of a sign-in page, if it is a path on this origin. */
export async function nextPathOf(searchParams: SearchParams): Promise<string> {
  const { next } = await searchParams;
  return safeNextPath(next);
}

export function loginPathFor(currentPath: string): string {
  return `/login?next=${encodeURIComponent(currentPath)}`;
}

/** `path`, with `?next=` unless the way back is the home page: the other sign-in form keeps `next`. */
export function withNext(path: string, next: string): string {
  return next === '/' ? path : `${path}?next=${encodeURIComponent(next)}`;
}
