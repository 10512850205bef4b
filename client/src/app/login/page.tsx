import type { Metadata } from 'next';
import { nextPathOf } from '../../auth/nextPath';
import type { SearchParams } from '../../auth/nextPath';
import { LoginForm } from '../../components/signIn/LoginForm';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  return <LoginForm next={await nextPathOf(searchParams)} />;
}
