/**
 * "Export workspace" (owners): the whole workspace — board, history, activity, members and
 * settings — as one JSON file, downloaded. Import it on any Taskflow server as a new workspace.
 */

import { useState } from 'react';
import { z } from 'zod';
import { errorMessage } from '../api/api-error.ts';
import type { Session } from '../session/session.ts';
import { FormError } from '../ui/form-error.tsx';
import { saveFile } from '../ui/save-file.ts';

/** The file is the server's; only what names it is read here. */
const archiveSchema = z.looseObject({
  exportedAt: z.string(),
  workspace: z.looseObject({ name: z.string() }),
});

function fileName(name: string, exportedAt: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .toLowerCase();
  return `taskflow-${stem || 'workspace'}-${exportedAt.slice(0, 10)}.json`;
}

type Props = { session: Session; workspaceId: string };

export function ExportWorkspace({ session, workspaceId }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const archive = await session.api(
        `/api/v1/workspaces/${encodeURIComponent(workspaceId)}/export`,
        archiveSchema,
      );
      saveFile(
        new Blob([JSON.stringify(archive)], { type: 'application/json' }),
        fileName(archive.workspace.name, archive.exportedAt),
      );
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="export-workspace-heading">
      <h2 id="export-workspace-heading">Export</h2>
      <p className="muted">
        The whole workspace as one file: its board, full history and activity, members and settings. Import it
        on any Taskflow server as a new workspace.
      </p>
      <button type="button" onClick={() => void download()} disabled={busy}>
        {busy ? 'Exporting…' : 'Export workspace'}
      </button>
      <FormError error={error} />
    </section>
  );
}
