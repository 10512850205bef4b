/**
 * How tabs of the same origin coordinate. Web Locks serialise refreshes (a rotated cookie must
 * not be presented twice); BroadcastChannel shares each new token and each sign-out.
 * Both are same-origin only, so the token never leaves this origin's tabs.
 */
import type { AuthPayload } from './authPayloadFields';

export type TabMessage = { type: 'signedIn'; payload: AuthPayload } | { type: 'signedOut' };

export interface TabChannel {
  /** Runs `task` while no other tab runs one. */
  runExclusive<T>(task: () => Promise<T>): Promise<T>;
  post(message: TabMessage): void;
  onMessage(listener: (message: TabMessage) => void): void;
}

const LOCK_NAME = 'auth:refresh';
const CHANNEL_NAME = 'auth';

/** One tab, or a browser without these APIs: the lock is this tab's own single flight. */
export const soloTab: TabChannel = {
  runExclusive: (task) => task(),
  post: () => undefined,
  onMessage: () => undefined,
};

export function browserTabChannel(): TabChannel {
  if (typeof window === 'undefined') return soloTab;
  const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL_NAME);
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return {
    runExclusive: (task) => (locks ? locks.request(LOCK_NAME, task) : task()),
    post: (message) => channel?.postMessage(message),
    onMessage: (listener) =>
      channel?.addEventListener('message', (event: MessageEvent<TabMessage>) => listener(event.data)),
  };
}
