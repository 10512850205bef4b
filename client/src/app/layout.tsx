import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { AuthProvider } from '../auth/AuthProvider';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Account', template: '%s · Account' },
  description: 'Sign in, see where you are signed in, and keep your account safe.',
};

export const viewport: Viewport = { themeColor: '#4f46e5' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <AuthProvider>{children}</AuthProvider>
      </body>
    </html>
  );
}
