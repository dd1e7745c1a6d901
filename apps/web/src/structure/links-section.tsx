/**
 * Links to other tasks, grouped by how they read from this task ("blocks", "is blocked by", …),
 * each removable; a line adds one: the kind of link, then a task found by key or words of its
 * title (task-search.ts, instant on 10,000 tasks).
 */
import {
  addLink,
  LINK_RELATIONS,
  type LinkRelation,
  readLinks,
  readTask,
  removeLink,
  searchTasks,
  type Task,
  type TaskLink,
} from '@taskflow/model';
import { useId, useMemo, useState } from 'react';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { attempt } from '../hooks/use-error-banner.ts';
import { useWorkspace } from '../workspace-context.ts';
import { TaskRef, useTaskKeyText } from './task-ref.tsx';

type Shown = TaskLink & { task: Task };

function readShownLinks(doc: Parameters<typeof readLinks>[0], taskId: string): Shown[] {
  const out: Shown[] = [];
  for (const link of readLinks(doc, taskId)) {
    const task = readTask(doc, link.taskId);
    if (task) out.push({ ...link, task });
  }
  return out;
}

export function LinksSection({ task }: { task: Task }) {
  const { workspace, editor, readOnly } = useWorkspace();
  const doc = workspace.doc;
  const id = useId();
  const links = useDocQuery(doc, (d) => readShownLinks(d, task.id), [task.id]);
  const groups = LINK_RELATIONS.map((relation) => ({
    relation,
    links: links.filter((l) => l.relation === relation),
  })).filter((g) => g.links.length > 0);

  return (
    <section className="structure-section" aria-labelledby={id}>
      <h3 id={id}>Links</h3>
      {groups.map((group) => (
        <div key={group.relation} className="link-group">
          <h4>{group.relation}</h4>
          <ul className="structure-list" aria-label={group.relation}>
            {group.links.map((link) => (
              <li key={link.linkId}>
                <TaskRef task={link.task} />
                {!readOnly && (
                  <button
                    type="button"
                    className="icon"
                    aria-label={`Remove link: ${group.relation} ${link.task.title}`}
                    onClick={() => attempt(() => removeLink(doc, editor, link.sourceId, link.linkId))}
                  >
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {!readOnly && !task.archivedAt && (
        <AddLink
          task={task}
          onAdd={(relation, other) => attempt(() => addLink(doc, editor, task.id, relation, other))}
        />
      )}
    </section>
  );
}

function AddLink({ task, onAdd }: { task: Task; onAdd: (relation: LinkRelation, other: string) => boolean }) {
  const { workspace } = useWorkspace();
  const [relation, setRelation] = useState<LinkRelation>('blocks');
  const [query, setQuery] = useState('');
  const keyText = useTaskKeyText();
  const hits = useMemo(
    () =>
      query.trim()
        ? searchTasks(workspace.doc, query, { projectId: task.projectId, limit: 8 }).filter(
            (h) => h.id !== task.id && !h.archived,
          )
        : [],
    [workspace.doc, query, task.id, task.projectId],
  );
  return (
    <div className="link-add">
      <label className="field">
        <span>Link type</span>
        <select value={relation} onChange={(e) => setRelation(e.target.value as LinkRelation)}>
          {LINK_RELATIONS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Task to link</span>
        <input
          type="search"
          placeholder="Key or title"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </label>
      {hits.length > 0 && (
        <ul className="structure-list link-hits" aria-label="Tasks to link">
          {hits.map((hit) => (
            <li key={hit.id}>
              <button
                type="button"
                className="task-ref"
                onClick={() => {
                  if (onAdd(relation, hit.id)) setQuery('');
                }}
              >
                <span className="task-ref-key">{keyText(hit)}</span>
                <span className="task-ref-title">{hit.title}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
