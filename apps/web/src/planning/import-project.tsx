/**
 * Import a Trello board or a Jira CSV export as a new project (issue 15), for owners and admins:
 * choose the kind and the file, see what the server read (each status with its task count and a
 * column to go to, what will be skipped and why), change the columns, confirm, read the report.
 * The server does all the reading and the writing (docs/IMPORT.md); nothing is written before the
 * confirmation, and the import is all or nothing.
 */
import { DEFAULT_COLUMNS } from '@taskflow/model';
import { type FormEvent, useId, useState } from 'react';
import { z } from 'zod';
import { errorMessage } from '../api/api-error.ts';
import { useSessionObject } from '../session/use-session.ts';
import { FormError } from '../ui/form-error.tsx';
import { useWorkspace } from '../workspace-context.ts';
import './import-project.css';
import { useModal } from './use-modal.ts';

const skippedSchema = z.array(z.object({ ref: z.string(), reason: z.string() }));
const previewSchema = z.object({
  preview: z.object({
    name: z.string(),
    statuses: z.array(z.object({ name: z.string(), tasks: z.number(), column: z.string() })),
    tasks: z.number(),
    checklistItems: z.number(),
    comments: z.number(),
    skipped: skippedSchema,
  }),
});
const reportSchema = z.object({
  report: z.object({
    projectId: z.string(),
    projectName: z.string(),
    columns: z.array(z.string()),
    created: z.number(),
    checklistItems: z.number(),
    comments: z.number(),
    skipped: skippedSchema,
  }),
});
type Preview = z.infer<typeof previewSchema>['preview'];
type Report = z.infer<typeof reportSchema>['report'];
type Source = 'trello' | 'jira';

const SOURCES: { value: Source; label: string; accept: string }[] = [
  { value: 'trello', label: 'Trello board (JSON export)', accept: '.json,application/json' },
  { value: 'jira', label: 'Jira issues (CSV export)', accept: '.csv,text/csv' },
];

export function ImportProjectButton({ onImported }: { onImported: (projectId: string) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Import project
      </button>
      {open && (
        <ImportProjectDialog
          onClose={() => setOpen(false)}
          onOpen={(id) => {
            setOpen(false);
            onImported(id);
          }}
        />
      )}
    </>
  );
}

function ImportProjectDialog({ onClose, onOpen }: { onClose: () => void; onOpen: (id: string) => void }) {
  const { workspace } = useWorkspace();
  const session = useSessionObject();
  const ref = useModal();
  const titleId = useId();
  const [source, setSource] = useState<Source>('trello');
  const [content, setContent] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [projectName, setProjectName] = useState('');
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `/api/v1/workspaces/${encodeURIComponent(workspace.name)}/project-imports`;

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const read = (e: FormEvent) => {
    e.preventDefault();
    if (content === null) return;
    void run(async () => {
      const answer = await session.api(`${base}/preview`, previewSchema, {
        method: 'POST',
        body: { source, content },
      });
      setPreview(answer.preview);
      setMapping(Object.fromEntries(answer.preview.statuses.map((s) => [s.name, s.column])));
      setProjectName(answer.preview.name);
    });
  };

  const confirm = () => {
    if (content === null) return;
    void run(async () => {
      const name = projectName.trim();
      const answer = await session.api(base, reportSchema, {
        method: 'POST',
        body: { source, content, mapping, ...(name ? { projectName: name } : {}) },
      });
      setReport(answer.report);
    });
  };

  // A status may go to a starting column, to a column of its own name, or with another status.
  const columnChoices = preview
    ? [
        ...new Set([
          ...DEFAULT_COLUMNS,
          ...preview.statuses.map((s) => s.column),
          ...preview.statuses.map((s) => s.name),
        ]),
      ]
    : [];

  return (
    <dialog ref={ref} className="dialog import-project" aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>Import a project</h2>
      {report ? (
        <>
          <p role="status">
            Imported {report.created} tasks into “{report.projectName}” ({report.columns.join(', ')}), with{' '}
            {report.checklistItems} checklist items and {report.comments} comments.
          </p>
          <SkippedList skipped={report.skipped} />
          <div className="dialog-actions">
            <button type="button" className="primary" onClick={() => onOpen(report.projectId)}>
              Open {report.projectName}
            </button>
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      ) : preview ? (
        <>
          <p>
            {preview.tasks} tasks, {preview.checklistItems} checklist items and {preview.comments} comments
            will become a new project. Choose the column each status goes to; nothing is written until you
            import.
          </p>
          <label className="field">
            <span>Project name</span>
            <input value={projectName} maxLength={120} onChange={(e) => setProjectName(e.target.value)} />
          </label>
          <table className="import-mapping">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Tasks</th>
                <th scope="col">Column</th>
              </tr>
            </thead>
            <tbody>
              {preview.statuses.map((s) => (
                <tr key={s.name}>
                  <th scope="row">{s.name}</th>
                  <td>{s.tasks}</td>
                  <td>
                    <select
                      aria-label={`Column for ${s.name}`}
                      value={mapping[s.name] ?? s.column}
                      onChange={(e) => setMapping({ ...mapping, [s.name]: e.target.value })}
                    >
                      {columnChoices.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <SkippedList skipped={preview.skipped} />
          <FormError error={error} />
          <div className="dialog-actions">
            <button type="button" className="primary" disabled={busy} onClick={confirm}>
              Import {preview.tasks} tasks
            </button>
            <button type="button" onClick={() => setPreview(null)}>
              Back
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={read}>
          <fieldset className="field">
            <legend>From</legend>
            {SOURCES.map((s) => (
              <label key={s.value} className="inline-field">
                <input
                  type="radio"
                  name="import-source"
                  value={s.value}
                  checked={source === s.value}
                  onChange={() => setSource(s.value)}
                />
                <span>{s.label}</span>
              </label>
            ))}
          </fieldset>
          <label className="field">
            <span>File</span>
            <input
              type="file"
              accept={SOURCES.find((s) => s.value === source)?.accept}
              onChange={(e) => {
                const file = e.target.files?.[0];
                setContent(null);
                if (file) void file.text().then(setContent, () => setError('That file cannot be read.'));
              }}
            />
          </label>
          <FormError error={error} />
          <div className="dialog-actions">
            <button type="submit" className="primary" disabled={busy || content === null}>
              Preview
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}

function SkippedList({ skipped }: { skipped: z.infer<typeof skippedSchema> }) {
  if (skipped.length === 0) return null;
  return (
    <details className="import-skipped">
      <summary>
        {skipped.length} {skipped.length === 1 ? 'note' : 'notes'}: skipped or changed
      </summary>
      <ul>
        {skipped.map((s, i) => (
          // The same item can have several notes: the position keeps each key apart.
          // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed once shown.
          <li key={i}>
            <strong>{s.ref}</strong>: {s.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}
