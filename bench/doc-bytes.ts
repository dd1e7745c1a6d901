/**
 * What a task costs in the workspace document (issue 13: "document bytes per task — say what is
 * reachable, and reach it"). `measureDocumentBytes` builds a workspace the way people fill one
 * (tasks created through the model by many sessions, a hundred per session, each session its own
 * Yjs client, then numbered by the server in a transaction of its own), and reports the document's
 * encoded size per task (Yjs update format v1, what Taskflow stores and sends; v2 beside it), the
 * Yjs items per task, and what each stored task field costs (the v1 bytes a document of single-key
 * tasks adds per task, key name and value included).
 *
 * Run alone: `node --import tsx bench/doc-bytes.ts [tasks]` (default 10,000). The bench's
 * `documents` section calls `measureDocumentBytes` and prints `formatDocumentBytes`.
 */
import { createTask, FIRST_PROJECT_ID, numberTasks, readBoard, seedWorkspace } from '@taskflow/model';
import * as Y from 'yjs';

export type FieldCost = { field: string; bytesPerTask: number };

export type DocumentBytes = {
  tasks: number;
  /** The whole document, Yjs update v1 (what Taskflow stores and syncs), in bytes. */
  encodedBytes: number;
  bytesPerTask: number;
  /** The same state as Yjs update v2 (column-wise, repeated key names and clients written once). */
  encodedBytesV2: number;
  bytesPerTaskV2: number;
  /** Yjs items (structs) in the document per task. */
  itemsPerTask: number;
  /** What each task field costs in v1, most first. */
  fields: FieldCost[];
};

const SESSION = 100;
const NOW = Date.UTC(2026, 10, 22, 9);

function structCount(doc: Y.Doc): number {
  let n = 0;
  for (const structs of doc.store.clients.values()) n += structs.length;
  return n;
}

/** A workspace with `count` tasks made through createTask, SESSION per session, then numbered. */
function workspaceOf(count: number): Y.Doc {
  const base = new Y.Doc();
  seedWorkspace(base, { workspaceId: 'w', now: () => NOW });
  const columns = readBoard(base, FIRST_PROJECT_ID)?.columns.map((c) => c.id) ?? [];
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const baseVector = Y.encodeStateVector(base);
  const baseState = Y.encodeStateAsUpdate(base);
  for (let start = 0; start < count; start += SESSION) {
    const session = new Y.Doc();
    Y.applyUpdate(session, baseState);
    // Two people, as a team's sessions are; their ids are the length of real ones (UUIDs).
    const who =
      start % 200 === 0 ? '6b1f7a52-2f1e-4d43-9a57-0c1a3b1f2e01' : '0f3c2d1e-7a6b-4c5d-8e9f-1a2b3c4d5e6f';
    const editor = { origin: { kind: 'user', actorId: who }, now: () => NOW + start } as const;
    session.transact(() => {
      for (let i = start; i < Math.min(start + SESSION, count); i++) {
        createTask(session, editor, {
          projectId: FIRST_PROJECT_ID,
          title: `Task ${i}`,
          columnId: columns[i % 3],
        });
      }
    });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(session, baseVector));
  }
  numberTasks(doc, { origin: { kind: 'server', reason: 'repair' } });
  return doc;
}

/** The v1 bytes per task of each stored field: a copy of the tasks holding that one key alone. */
function fieldCosts(doc: Y.Doc, sample: number): FieldCost[] {
  const tasks = doc.getMap<Y.Map<unknown>>('tasks');
  const ids = [...tasks.keys()].slice(0, sample);
  const keys = new Set<string>();
  for (const id of ids) for (const k of tasks.get(id)?.keys() ?? []) keys.add(k);
  const build = (key: string | null) => {
    const d = new Y.Doc();
    d.clientID = 1;
    const m = d.getMap<Y.Map<unknown>>('tasks');
    d.transact(() => {
      for (const id of ids) {
        const t = new Y.Map<unknown>();
        m.set(id, t);
        const src = tasks.get(id);
        if (key === null || !src?.has(key)) continue;
        const v = src.get(key);
        if (v instanceof Y.Map) {
          const copy = new Y.Map<unknown>();
          t.set(key, copy);
          for (const [k, x] of v.entries()) copy.set(k, x);
        } else if (v instanceof Y.AbstractType) {
          // Another nested type (a description's XML fragment): a copy, as one is placed once.
          t.set(key, (v as Y.XmlFragment).clone());
        } else t.set(key, v);
      }
    });
    return Y.encodeStateAsUpdate(d).length;
  };
  const empty = build(null);
  return [
    { field: '(the task entry: its id as the key, an empty map)', bytesPerTask: empty / ids.length },
    ...[...keys].map((key) => ({ field: key, bytesPerTask: (build(key) - empty) / ids.length })),
  ].sort((a, b) => b.bytesPerTask - a.bytesPerTask);
}

export function measureDocumentBytes(tasks = 10_000): DocumentBytes {
  const doc = workspaceOf(tasks);
  const v1 = Y.encodeStateAsUpdate(doc).length;
  const v2 = Y.encodeStateAsUpdateV2(doc).length;
  const empty = new Y.Doc();
  seedWorkspace(empty, { workspaceId: 'w', now: () => NOW });
  return {
    tasks,
    encodedBytes: v1,
    bytesPerTask: v1 / tasks,
    encodedBytesV2: v2,
    bytesPerTaskV2: v2 / tasks,
    itemsPerTask: (structCount(doc) - structCount(empty)) / tasks,
    fields: fieldCosts(doc, Math.min(tasks, 1_000)),
  };
}

export function formatDocumentBytes(m: DocumentBytes): string {
  const kib = (b: number) => `${(b / 1024).toFixed(0)} KiB`;
  const lines = [
    `Document bytes per task (${m.tasks.toLocaleString('en')} tasks made through createTask, ${SESSION} per session, numbered by the server)`,
    '',
    `encoded (Yjs update v1, stored and synced)   ${kib(m.encodedBytes).padStart(10)}   ${m.bytesPerTask.toFixed(0)} B per task`,
    `encoded as Yjs update v2 (for comparison)   ${kib(m.encodedBytesV2).padStart(10)}   ${m.bytesPerTaskV2.toFixed(0)} B per task`,
    `Yjs items per task                                       ${m.itemsPerTask.toFixed(1)}`,
    '',
    'What each stored task field costs (v1 bytes per task, key name and value included):',
    ...m.fields.map((f) => `  ${f.field.padEnd(52)} ${f.bytesPerTask.toFixed(1).padStart(6)}`),
  ];
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 10_000);
  console.log(formatDocumentBytes(measureDocumentBytes(count)));
}
