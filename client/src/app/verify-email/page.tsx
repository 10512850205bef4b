import type { Metadata } from 'next';
import { VerifyEmailCard } from '../../components/recovery/VerifyEmailCard';

// The URL carries a token: no index, and no Referer (src/http/securityHeaders.ts).
export const metadata: Metadata = { title: 'Confirm your email address', robots: { index: false, follow: false } };

export default function VerifyEmailPage() {
  return <VerifyEmailCard />;
}
