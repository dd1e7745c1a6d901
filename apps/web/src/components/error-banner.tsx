import { clearError, useErrorMessage } from '../hooks/use-error-banner.ts';

export function ErrorBanner() {
  const message = useErrorMessage();
  if (!message) return null;
  return (
    <div className="error-banner" role="alert">
      <span>{message}</span>
      <button type="button" onClick={clearError} aria-label="Dismiss error">
        ×
      </button>
    </div>
  );
}
