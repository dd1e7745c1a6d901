/**
 * "Import workspace": a file exported from this or another Taskflow server (GET
 * /workspaces/:id/export) becomes a new workspace of mine, then opens. The server checks the file
 * whole and refuses it whole; its message says why, and the members it could not match are listed.
 */
import { type ChangeEvent, useId, useState } from 'react';
import { z } from 'zod';
import { errorMessage } from '../api/api-error.ts';
import { workspaceSummarySchema } from '../api/schemas.ts';
import { navigate } from '../router/navigation.ts';
import { boardPath } from '../router/route.ts';
import { useSessionObject } from '../session/use-session.ts';
import { FormError } from '../ui/form-error.tsx';

const importReportSchema = z.object({
  workspace: workspaceSummarySchema,
  members: z.object({
    added: z.array(z.object({ email: z.string(), role: z.string() })),
    skipped: z.array(z.object({ email: z.string(), role: z.string(), reason: z.string() })),
  }),
});

export function ImportWorkspaceForm() {
  const session = useSessionObject();
  const inputId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [skipped, setSkipped] = useState<string[]>([]);

  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setError(null);
    setSkipped([]);
    let archive: unknown;
    try {
      archive = JSON.parse(await file.text());
    } catch {
      input.value = '';
      setError('This file is not a Taskflow workspace export (it is not JSON).');
      return;
    }
    setBusy(true);
    try {
      const report = await session.api('/api/v1/workspaces/import', importReportSchema, {
        method: 'POST',
        body: archive,
      });
      await session.refreshWorkspaces().catch(() => undefined);
      if (report.members.skipped.length > 0) {
        // Shown on the way out only if the board does not replace this page at once.
        setSkipped(report.members.skipped.map((m) => `${m.email} (${m.role}): ${m.reason}`));
      }
      navigate(boardPath(report.workspace.id));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
      input.value = '';
    }
  };

  return (
    <div className="import-workspace">
      <label htmlFor={inputId} className="field">
        <span>Import workspace</span>
        <input
          id={inputId}
          type="file"
          accept="application/json,.json"
          disabled={busy}
          onChange={(e) => void upload(e)}
        />
      </label>
      {busy && <p role="status">Importing…</p>}
      {skipped.length > 0 && <p className="muted">Not on this server, so not added: {skipped.join('; ')}</p>}
      <FormError error={error} />
    </div>
  );
}
