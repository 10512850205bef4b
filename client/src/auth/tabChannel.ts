/**
 * How tabs of the same origin coordinate. Web Locks serialise refreshes (a rotated cookie must
 * not be presented twice); BroadcastChannel shares each new token and each sign-out.
 * Both are same-origin only, so the token never leaves this origin's tabs.
 */
import type { AuthPayload } from './authPayloadFields';

export type TabMessage = { type: 'signedIn'; payload: AuthPayload } | { type: 'signedOut' };

/** `waited`: another tab held the lock when this one asked for it. */
export interface Turn {
  waited: boolean;
}

export interface TabChannel {
  /** Runs `task` while no other tab runs one. */
  runExclusive<T>(task: (turn: Turn) => Promise<T>): Promise<T>;
  post(message: TabMessage): void;
  onMessage(listener: (message: TabMessage) => void): void;
}

const LOCK_NAME = 'auth:refresh';
const CHANNEL_NAME = 'auth';

/** One tab, or a browser without these APIs: the lock is this tab's own single flight. */
export const soloTab: TabChannel = {
  runExclusive: (task) => task({ waited: false }),
  post: () => undefined,
  onMessage: () => undefined,
};

export function browserTabChannel(): TabChannel {
  if (typeof window === 'undefined') return soloTab;
  const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL_NAME);
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return {
    runExclusive: (task) => {
      if (!locks) return task({ waited: false });
      // Ask without queueing first, to learn whether another tab holds the lock.
      return locks.request(LOCK_NAME, { ifAvailable: true }, (lock) =>
        lock ? task({ waited: false }) : locks.request(LOCK_NAME, () => task({ waited: true })),
      );
    },
    post: (message) => channel?.postMessage(message),
    onMessage: (listener) =>
      channel?.addEventListener('message', (event: MessageEvent<TabMessage>) => listener(event.data)),
  };
}
