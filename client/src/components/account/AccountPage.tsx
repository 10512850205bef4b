'use client';

// The client boundary of the account screen: the cards imported here are client code through it.
import { useApolloClient } from '@apollo/client/react';
import { useState } from 'react';
import { AccountHeader } from './AccountHeader';
import { ChangePasswordCard } from './ChangePasswordCard';
import { PasskeysCard } from './passkeys/PasskeysCard';
import { ProfileCard } from './ProfileCard';
import { SecurityActivityCard } from './SecurityActivityCard';
import { SessionsCard } from './SessionsCard';
import { SignOutEverywhereCard } from './SignOutEverywhereCard';
import { TwoFactorCard } from './twoFactor/TwoFactorCard';

export function AccountPage() {
  const client = useApolloClient();
  const [refreshing, setRefreshing] = useState(false);

  async function onRefresh() {
    setRefreshing(true);
    await client.refetchQueries({ include: 'active' }).catch(() => undefined);
    setRefreshing(false);
  }

  return (
    <div className="app">
      <AccountHeader />
      <main className="container">
        <div className="page-heading">
          <div>
            <h1>Your account</h1>
            <p className="muted">
              Your profile, the devices you’re signed in on, recent security activity, your password, passkeys and
              two-factor authentication.
            </p>
          </div>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void onRefresh()}
            disabled={refreshing}
          >
            {refreshing ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
        <div className="stack">
          <ProfileCard />
          <SessionsCard />
          <SecurityActivityCard />
          <ChangePasswordCard />
          <PasskeysCard />
          <TwoFactorCard />
          <SignOutEverywhereCard />
        </div>
      </main>
    </div>
  );
}
