import { Link } from '../router/link.tsx';

export function NotFoundPage() {
  return (
    <main className="centered-page">
      <h1>Page not found</h1>
      <p>
        <Link href="/">Go to your workspaces</Link>
      </p>
    </main>
  );
}
