/**
 * What a card shows of its task's structure: the type's icon (for anything but a plain task), its
 * epic's name, subtasks and checklist done as "2/5". A card's task fields do not say how many of its
 * subtasks are done (another task's move changes that), so this part follows the document itself:
 * it re-renders only when its own summary changes, the string below, so the memoized card face
 * stays as cheap as it was (one index lookup per visible card per change).
 */
import { readCardStructure, structureIndex, type Task, type TaskType } from '@taskflow/model';
import { useCallback, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { versionStore } from '../hooks/use-doc-query.ts';
import { useWorkspace } from '../workspace-context.ts';
import { TypeIcon } from './type-icon.tsx';

type Summary = { t: TaskType; e: string | null; s: [number, number]; c: [number, number] };

/**
 * Read from the document, the type too: a card drawn from the saved snapshot keeps its face when the
 * live task arrives with the same `updatedAt` (task-card.tsx compares that), so the type must not
 * come from the task given.
 */
function summaryOf(doc: Y.Doc, taskId: string): string {
  const s = readCardStructure(doc, taskId);
  if (!s || (s.type === 'task' && s.epic === null && s.subtasks.total === 0 && s.checklist.total === 0)) {
    return '';
  }
  return JSON.stringify({
    t: s.type,
    e: s.epic,
    s: [s.subtasks.done, s.subtasks.total],
    c: [s.checklist.done, s.checklist.total],
  } satisfies Summary);
}

/** Cards waiting for the structure index, per document, told once it is built. */
const waiting = new WeakMap<Y.Doc, Set<() => void>>();

/**
 * The index's first walk (about 40 ms for 10,000 tasks) is made when the browser is idle, not while
 * the board draws its first cards: until then cards show no counts, then each draws its own.
 */
function whenBuilt(doc: Y.Doc, listener: () => void): () => void {
  if (structureIndex(doc).built) return () => undefined;
  let set = waiting.get(doc);
  if (!set) {
    const fresh = new Set<() => void>();
    waiting.set(doc, fresh);
    set = fresh;
    const build = () => {
      structureIndex(doc).prepare();
      waiting.delete(doc);
      for (const l of fresh) l();
    };
    if ('requestIdleCallback' in window) requestIdleCallback(build, { timeout: 500 });
    else setTimeout(build, 50);
  }
  set.add(listener);
  return () => set.delete(listener);
}

export function CardStructure({ task }: { task: Pick<Task, 'id'> }) {
  const { workspace } = useWorkspace();
  const doc = workspace.doc;
  const subscribe = useCallback(
    (listener: () => void) => {
      const offVersion = versionStore(doc).subscribe(listener);
      const offBuilt = whenBuilt(doc, listener);
      return () => {
        offVersion();
        offBuilt();
      };
    },
    [doc],
  );
  const summary = useSyncExternalStore(subscribe, () =>
    structureIndex(doc).built ? summaryOf(doc, task.id) : '',
  );
  if (!summary) return null;
  const parsed = JSON.parse(summary) as Summary;
  return (
    <span className="card-structure">
      {parsed.t !== 'task' && <TypeIcon type={parsed.t} labelled />}
      {parsed.s[1] > 0 && <Count label="Subtasks" mark="⑂" done={parsed.s[0]} total={parsed.s[1]} />}
      {parsed.c[1] > 0 && <Count label="Checklist" mark="☑" done={parsed.c[0]} total={parsed.c[1]} />}
      {parsed.e && (
        <span className="card-epic" title={`Epic: ${parsed.e}`}>
          <span className="visually-hidden">Epic: </span>
          {parsed.e}
        </span>
      )}
    </span>
  );
}

function Count({ label, mark, done, total }: { label: string; mark: string; done: number; total: number }) {
  return (
    <span className="card-count" data-count={label.toLowerCase()} title={`${label} done`}>
      <span className="visually-hidden">
        {label}: {done} of {total} done
      </span>
      <span aria-hidden="true">
        {mark} {done}/{total}
      </span>
    </span>
  );
}
