const HOME = '/';
/** C0 controls, DEL and the backslash. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/;
/**
 * Stands for the app's origin while parsing: a path either resolves to its base's origin or to
 * another one, whatever the base, so the verdict is the same as against the real origin and the
 * function needs no request to run (server components call it).
 */
const OWN_ORIGIN = 'https://app.invalid';

/**
 * Where to go after signing in. Only a path on this origin is accepted, so a crafted
 * `/login?next=https://evil.example` link cannot turn the login form into an open redirect
 * (OWASP ASVS 5.1.5).
 *
 * The value is parsed as the browser will parse it, not matched as text: the URL parser drops
 * tab, LF and CR anywhere and reads `\` as `/`, so `/\t/evil.example` is `//evil.example` to it.
 * Control characters and backslashes are refused outright; what remains must resolve to this
 * origin and is returned as the parser normalised it (path, query, fragment), never as a
 * protocol-relative `//host`.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || UNSAFE_CHARACTERS.test(next)) return HOME;
  const url = new URL(next, OWN_ORIGIN);
  const path = `${url.pathname}${url.search}${url.hash}`;
  return url.origin === OWN_ORIGIN && !path.startsWith('//') ? path : HOME;
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
