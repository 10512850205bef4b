// Next.js 16 Proxy (formerly Middleware): runs before every page renders and gives it its
// security headers, with a fresh CSP nonce (see http/securityHeaders.ts).
import { NextResponse } from 'next/server';
import type { NextRequest } from 'next/server';
import { newNonce, securityHeaders } from './http/securityHeaders';

export function proxy(request: NextRequest): NextResponse {
  const headers = securityHeaders({
    pathname: request.nextUrl.pathname,
    nonce: newNonce(),
    development: process.env.NODE_ENV === 'development',
  });
  // Next finds the nonce in the request's policy and puts it on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', headers['Content-Security-Policy']);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: not build assets (immutable files, no markup), not /graphql (the API's own
      // response, rewritten to it; its request must not carry this policy along).
      source: '/((?!_next/static|_next/image|favicon.ico|graphql).*)',
      // A prefetch renders no document, so it needs no nonce (as the Next.js CSP guide advises).
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
