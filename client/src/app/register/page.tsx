import type { Metadata } from 'next';
import { nextPathOf } from '../../auth/nextPath';
import type { SearchParams } from '../../auth/nextPath';
import { RegisterForm } from '../../components/signIn/RegisterForm';

export const metadata: Metadata = { title: 'Create account' };

export default async function RegisterPage({ searchParams }: { searchParams: SearchParams }) {
  return <RegisterForm next={await nextPathOf(searchParams)} />;
}
