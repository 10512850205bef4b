import type { Metadata } from 'next';
import { ResetPasswordForm } from '../../components/recovery/ResetPasswordForm';

// The URL carries a token: no index, and no Referer (src/http/securityHeaders.ts).
export const metadata: Metadata = { title: 'Choose a new password', robots: { index: false, follow: false } };

export default function ResetPasswordPage() {
  return <ResetPasswordForm />;
}
