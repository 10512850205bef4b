import Link from 'next/link';
import type { ReactNode } from 'react';
import { Brand } from './Brand';

export interface AuthCardProps {
  title: string;
  subtitle: string;
  /** The link below the card, for example "New here? Create an account". */
  other?: { prompt: string; label: string; href: string };
  /** The form, or what replaced it. */
  children: ReactNode;
}

/** The centred card of the signed-out screens: sign-in, sign-up, and the pages emailed links open. */
export function AuthCard({ title, subtitle, other, children }: AuthCardProps) {
  return (
    <main className="auth-screen">
      <div className="auth-column">
        <Brand />
        <section className="card auth-card" aria-labelledby="auth-title">
          <h1 id="auth-title">{title}</h1>
          <p className="muted">{subtitle}</p>
          {children}
        </section>
        {other && (
          <p className="auth-footer">
            {other.prompt} <Link href={other.href}>{other.label}</Link>
          </p>
        )}
      </div>
    </main>
  );
}
