/**
 * "Export CSV": the project's tasks the filter bar shows, as a spreadsheet file (issue 15). The
 * server applies the same filter (the address's facets, the person's time zone for "due") and
 * defuses cells a spreadsheet would run as formulas; this only asks and saves what comes back.
 */

import { serializeTaskFilter, type TaskFilterSpec } from '@taskflow/model';
import { useState } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { useSessionObject } from '../session/use-session.ts';
import { browserTimeZone } from '../time-zones.ts';
import { saveFile } from '../ui/save-file.ts';
import { useWorkspace } from '../workspace-context.ts';

export function ExportCsv({ projectId, spec }: { projectId: string; spec: TaskFilterSpec }) {
  const { workspace } = useWorkspace();
  const session = useSessionObject();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const query = serializeTaskFilter(spec);
      query.set('workspaceId', workspace.name);
      query.set('tz', browserTimeZone());
      const response = await fetch(`/api/v1/projects/${encodeURIComponent(projectId)}/tasks.csv?${query}`, {
        headers: { Authorization: `Bearer ${await session.accessToken()}` },
        credentials: 'same-origin',
        cache: 'no-store',
      });
      if (!response.ok) {
        setError(`The export failed (the server answered ${response.status}).`);
        return;
      }
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
      saveFile(await response.blob(), name ?? 'tasks.csv');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" disabled={busy} onClick={() => void download()}>
        Export CSV
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
