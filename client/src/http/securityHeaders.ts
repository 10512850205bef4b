// The response headers of every page (OWASP ASVS 5.0 V3.4, OWASP Secure Headers Project).
// Scripts run only with this response's nonce ('strict-dynamic' lets them load Next's chunks), so
// injected markup cannot run script even on this origin; no inline script or style is allowed
// in production. The API is reached through this origin's /graphql rewrite, so `connect-src
// 'self'` is all the app needs. No page may be framed (clickjacking). Pages whose URL carries a
// secret (password reset and email verification links) send no Referer at all, so the token
// cannot leak to another site or into logs through a link or a subresource.
// Next.js reads the nonce from the request's Content-Security-Policy and puts it on every script
// it renders (node_modules/next/dist/docs/01-app/02-guides/content-security-policy.md), which
// is why pages render per request (the root layout awaits `connection()`).

/** Paths whose URL carries a token: password reset, email verification. */
const TOKEN_PATHS = ['/reset-password', '/verify-email'];

export interface PageResponse {
  pathname: string;
  nonce: string;
  /** `next dev`: React needs `eval` for its error overlay and injects styles inline. */
  development: boolean;
}

/** A fresh nonce for one response: 128 random bits, base64. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

export function contentSecurityPolicy({ nonce, development }: Omit<PageResponse, 'pathname'>): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' ${development ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  return directives.join('; ');
}

export type SecurityHeaders = Record<string, string> & { 'Content-Security-Policy': string };

export function securityHeaders(page: PageResponse): SecurityHeaders {
  const carriesToken = TOKEN_PATHS.some((path) => page.pathname === path || page.pathname.startsWith(`${path}/`));
  return {
    'Content-Security-Policy': contentSecurityPolicy(page),
    // For browsers without CSP `frame-ancestors`.
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': carriesToken ? 'no-referrer' : 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    // Browsers ignore it over plain http (RFC 6797 §8.1), so a local production build is unaffected.
    ...(page.development ? {} : { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' }),
  };
}
