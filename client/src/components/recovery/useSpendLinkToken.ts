'use client';

import { useState } from 'react';
import { ErrorCode, hasErrorCode } from '../../auth/errorCodes';
import { useAction } from '../useAction';
import { useLinkToken } from './useLinkToken';

/**
 * An emailed link's page: its token (from useLinkToken), and the button's action that spends it.
 * `outcome` turns `spent` once `spend` has worked, or `invalid` when the API refused the token
 * (INVALID_TOKEN); any other failure is the action's `error`, and the page stays as it is.
 */
export function useSpendLinkToken<Args extends unknown[]>(spend: (linkToken: string, ...args: Args) => Promise<void>) {
  const token = useLinkToken();
  const [outcome, setOutcome] = useState<'spent' | 'invalid' | null>(null);
  const action = useAction('other', async (...args: Args) => {
    try {
      await spend(token ?? '', ...args);
    } catch (caught) {
      if (!hasErrorCode(caught, ErrorCode.INVALID_TOKEN)) throw caught;
      setOutcome('invalid');
      return;
    }
    setOutcome('spent');
  });
  return { token, outcome, ...action };
}
