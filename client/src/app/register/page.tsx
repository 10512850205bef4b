import type { Metadata } from 'next';
import { safeNextPath } from '../../auth/nextPath';
import { RegisterForm } from '../../components/RegisterForm';

export const metadata: Metadata = { title: 'Create account' };

export default async function RegisterPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next } = await searchParams;
  return <RegisterForm next={safeNextPath(next)} />;
}
