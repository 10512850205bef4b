'use client';

import { useState } from 'react';
import type { Estimate } from './strength';

export type Estimator = (password: string, userInputs: string[]) => Estimate;

let loading: Promise<Estimator> | null = null;

/** Loads the estimator and its dictionaries once per page; a failed load is tried again next time. */
function loadEstimator(): Promise<Estimator> {
  loading ??= import('./estimator').then(
    (module) => module.estimate,
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/**
 * The strength estimator, once loaded: `load` is the field's `onFocus`, so a page whose password field
 * is never focused never downloads the dictionaries. Until it is loaded, `estimate` is null.
 */
export function useEstimator(): { estimate: Estimator | null; load(): void } {
  const [estimate, setEstimate] = useState<Estimator | null>(null);
  return {
    estimate,
    load() {
      if (estimate) return;
      // A meter that could not load (offline) says nothing: the API's rule still applies.
      loadEstimator().then(
        (loaded) => setEstimate(() => loaded),
        () => undefined,
      );
    },
  };
}
