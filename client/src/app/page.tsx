import type { Metadata } from 'next';
import { AccountPage } from '../components/account/AccountPage';
import { RequireAuth } from '../components/RequireAuth';

export const metadata: Metadata = { title: 'Your account' };

export default function HomePage() {
  return (
    <RequireAuth>
      <AccountPage />
    </RequireAuth>
  );
}
