/** What a report shows while it loads, when it failed, and the note over a copy shown offline. */
import type { ReactNode } from 'react';
import type { ReportState } from './use-report.ts';

type Props<T> = { state: ReportState<T>; retry: () => void; children: (body: T) => ReactNode };

export function ReportStatus<T>({ state, retry, children }: Props<T>) {
  switch (state.status) {
    case 'loading':
      return (
        <p className="loading" role="status">
          Computing the report…
        </p>
      );
    case 'error':
      return (
        <div className="report-error" role="alert">
          <p>{state.message}</p>
          <button type="button" onClick={retry}>
            Try again
          </button>
        </div>
      );
    case 'offline':
      return (
        <>
          <p className="report-offline" role="status">
            Offline — showing the report as loaded at {new Date(state.savedAt).toLocaleString()}.{' '}
            <button type="button" onClick={retry}>
              Try again
            </button>
          </p>
          {children(state.body)}
        </>
      );
    case 'loaded':
      return <>{children(state.body)}</>;
  }
}
