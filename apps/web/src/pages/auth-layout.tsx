import type { ReactNode } from 'react';

/** The frame of the sign-in, sign-up and invitation pages. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="centered-page">
      <p className="brand">Taskflow</p>
      <div className="auth-card">
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
