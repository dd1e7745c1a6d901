/**
 * Saved views of a project (model views.ts): open one (its filter becomes the address's), save the
 * current filter as a view for oneself or for the project, rename or delete one. A personal view
 * is listed only for its creator; viewers can open views but not save or change them.
 */
import {
  createView,
  deleteView,
  parseTaskFilter,
  readViews,
  renameView,
  type SavedView,
  serializeTaskFilter,
  type TaskFilterSpec,
  withTaskFilter,
} from '@taskflow/model';
import { type FormEvent, useCallback, useId, useRef, useState } from 'react';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { attempt } from '../hooks/use-error-banner.ts';
import { navigate } from '../router/navigation.ts';
import { useWorkspace } from '../workspace-context.ts';
import { usePopupDismiss } from './use-popup-dismiss.ts';

type Props = { projectId: string; spec: TaskFilterSpec };

export function ViewsMenu({ projectId, spec }: Props) {
  const { workspace, actorId, readOnly } = useWorkspace();
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const views = useDocQuery(workspace.doc, (d) => readViews(d, projectId, actorId), [projectId, actorId]);
  const query = serializeTaskFilter(spec).toString();
  const current = views.find((v) => v.query === query && query !== '');

  usePopupDismiss(open, close, root, button);

  const openView = (view: SavedView) => {
    navigate(location.pathname + withTaskFilter(location.search, parseTaskFilter(view.query)));
    setOpen(false);
    button.current?.focus();
  };

  return (
    <div className="facet-menu views-menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="facet-button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((v) => !v)}
      >
        Views{current ? `: ${current.name}` : ''}
      </button>
      {open && (
        <fieldset id={id} className="facet-popup views-popup">
          <legend className="visually-hidden">Saved views</legend>
          {views.length === 0 ? (
            <p className="muted">No saved views yet.</p>
          ) : (
            <ul className="views-list">
              {views.map((v) => (
                <ViewRow
                  key={v.id}
                  view={v}
                  current={v === current}
                  canEdit={!readOnly && (v.shared || v.createdBy === actorId)}
                  onOpen={() => openView(v)}
                />
              ))}
            </ul>
          )}
          {!readOnly && <SaveViewForm projectId={projectId} query={query} onSaved={() => setOpen(false)} />}
        </fieldset>
      )}
    </div>
  );
}

function ViewRow({
  view,
  current,
  canEdit,
  onOpen,
}: {
  view: SavedView;
  current: boolean;
  canEdit: boolean;
  onOpen: () => void;
}) {
  const { workspace, editor } = useWorkspace();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(view.name);
  const save = (e: FormEvent) => {
    e.preventDefault();
    if (attempt(() => renameView(workspace.doc, editor, view.id, name))) setRenaming(false);
  };
  if (renaming) {
    return (
      <li className="view-row">
        <form className="view-rename" onSubmit={save}>
          <input
            aria-label={`New name for ${view.name}`}
            value={name}
            maxLength={120}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit">Save</button>
          <button type="button" onClick={() => setRenaming(false)}>
            Cancel
          </button>
        </form>
      </li>
    );
  }
  return (
    <li className="view-row">
      <button
        type="button"
        className="view-open"
        aria-current={current ? 'true' : undefined}
        onClick={onOpen}
      >
        {view.name}
      </button>
      <span className="muted view-scope">{view.shared ? 'Shared' : 'Personal'}</span>
      {canEdit && (
        <>
          <button type="button" aria-label={`Rename view ${view.name}`} onClick={() => setRenaming(true)}>
            Rename
          </button>
          <button
            type="button"
            aria-label={`Delete view ${view.name}`}
            onClick={() => {
              if (window.confirm(`Delete the view “${view.name}”?`))
                attempt(() => deleteView(workspace.doc, editor, view.id));
            }}
          >
            Delete
          </button>
        </>
      )}
    </li>
  );
}

function SaveViewForm({
  projectId,
  query,
  onSaved,
}: {
  projectId: string;
  query: string;
  onSaved: () => void;
}) {
  const { workspace, editor } = useWorkspace();
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const save = (e: FormEvent) => {
    e.preventDefault();
    if (attempt(() => createView(workspace.doc, editor, { projectId, name, query, shared }))) {
      setName('');
      onSaved();
    }
  };
  return (
    <form className="save-view" onSubmit={save}>
      <label className="inline-field">
        <span>Save this filter as</span>
        <input
          value={name}
          maxLength={120}
          required
          placeholder="View name"
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <label className="facet-option">
        <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
        <span>Share with the project</span>
      </label>
      <button type="submit" className="primary" disabled={name.trim() === ''}>
        Save view
      </button>
    </form>
  );
}
