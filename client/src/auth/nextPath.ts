/**
 * Where to go after signing in. Only a path on this origin is accepted, so a crafted
 * `/login?next=https://evil.example` link cannot turn the login form into an open redirect
 * (OWASP ASVS 5.1.5).
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/';
  return next;
}

export function loginPathFor(currentPath: string): string {
  return `/login?next=${encodeURIComponent(currentPath)}`;
}
