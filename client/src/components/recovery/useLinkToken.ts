'use client';

import { useEffect, useSyncExternalStore } from 'react';

/**
 * The token this tab took out of its address bar, and the page it was for: once removed from the
 * URL, it is still the token of that page.
 */
let taken: { pathname: string; token: string } | null = null;

function readToken(): string | null {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) return fromUrl;
  return taken?.pathname === window.location.pathname ? taken.token : null;
}

const subscribeToNothing = () => () => undefined;
const notInTheBrowser = () => undefined;

/**
 * The token of an emailed link (`?token=…`), read in the browser once the page has hydrated,
 * then taken out of the address bar, so it stays in no history entry, bookmark, shared
 * screenshot or later `Referer`. `undefined` until read (and on the server, which never renders
 * it into the page); `null` when the URL had none, say after a reload. Reading it does nothing
 * else: only the page's button spends it.
 */
export function useLinkToken(): string | null | undefined {
  const token = useSyncExternalStore<string | null | undefined>(subscribeToNothing, readToken, notInTheBrowser);
  useEffect(() => {
    if (!token) return;
    taken = { pathname: window.location.pathname, token };
    const url = new URL(window.location.href);
    if (!url.searchParams.has('token')) return;
    url.searchParams.delete('token');
    // Next's router follows a history.replaceState (usePathname and useSearchParams update).
    window.history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
  }, [token]);
  return token;
}
