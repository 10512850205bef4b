import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { AuthProvider } from '../apollo/AuthProvider';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Account', template: '%s · Account' },
  description: 'Sign in, see where you are signed in, and keep your account safe.',
};

export const viewport: Viewport = { themeColor: '#4f46e5' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, so its scripts carry that response's CSP nonce (src/proxy.ts).
  await connection();
  return (
    <html lang="en">
      <body>
        <AuthProvider>{children}</AuthProvider>
      </body>
    </html>
  );
}
