// Work a request starts and does not wait for (mail, security events): tracked,
// so that a graceful stop, and a test, can wait for it to finish, up to a bound.
export interface Background {
  /** Tracks `work` until it settles; it must handle its own errors. */
  track(work: Promise<void>): void;
  /** Resolves once everything tracked so far has settled, or after `timeoutMs`. */
  drain(timeoutMs: number): Promise<void>;
}

export function createBackground(): Background {
  const pending = new Set<Promise<void>>();
  return {
    track(work) {
      const tracked = work.finally(() => pending.delete(tracked));
      pending.add(tracked);
    },
    async drain(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([Promise.all([...pending]), timeout]);
      clearTimeout(timer);
    },
  };
}
