'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { useAuthState } from '../apollo/AuthProvider';

/** Sign-in pages step aside once a session exists: after submitting, or restored from the cookie, or from another tab. */
export function useRedirectWhenSignedIn(next: string) {
  const state = useAuthState();
  const router = useRouter();
  useEffect(() => {
    if (state.status === 'signedIn') router.replace(next);
  }, [state.status, next, router]);
}
