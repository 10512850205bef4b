import type { ReactNode } from 'react';
import { Brand } from './Brand';

/** The centred card that frames the sign-in and sign-up forms. */
export function AuthCard({
  title,
  subtitle,
  children,
  footer,
}: {
  title: string;
  subtitle: string;
  children: ReactNode;
  footer: ReactNode;
}) {
  return (
    <main className="auth-screen">
      <div className="auth-column">
        <Brand />
        <section className="card auth-card" aria-labelledby="auth-title">
          <h1 id="auth-title">{title}</h1>
          <p className="muted">{subtitle}</p>
          {children}
        </section>
        <p className="auth-footer">{footer}</p>
      </div>
    </main>
  );
}
