/**
 * What a person may write into a workspace document through sync (SPEC M14, M17, M18), checked
 * against the writes `inspectUpdate` found. Yjs lets anyone write anything, so whatever the
 * document records as who did something would otherwise be whatever the sender typed: the
 * server runs this on every update a person sends and refuses the whole update at the first
 * forgery. Only new writes are judged (a re-sent struct the server has is nobody's new claim),
 * and deletes of items the document has are judged by where they are, not by value.
 *
 * The model's own operations never trip these rules (tested): they write `createdBy` and
 * `authorId` once, with their entity; `updatedBy` and placement `by` as the actor; a watch key
 * and a `people` entry only for the actor; placement entries under the writer's own clientID.
 */
import * as Y from 'yjs';
import {
  columnsMap,
  commentsMap,
  getYMap,
  metaMap,
  peopleMap,
  projectsMap,
  sprintsMap,
  tasksMap,
  timersMap,
  viewsMap,
  worklogsMap,
} from './doc.ts';
import { readSprint } from './sprints.ts';
import { LINK_PREFIX } from './structure-stored.ts';
import type { UpdateWrite } from './update-inspection.ts';
import type { YType } from './update-inspection-places.ts';
import { judgeRich, judgeRichSize } from './update-inspection-rich.ts';

/** Refusal reasons for forged content (docs/PROTOCOL.md). */
export const FORGERY_REASONS = [
  'forged-identity',
  'foreign-comment',
  'foreign-watch',
  'foreign-worklog',
  'foreign-timer',
  'foreign-view',
  'not-writable',
  'too-large',
] as const;
export type ForgeryReason = (typeof FORGERY_REASONS)[number];

export type Forgery = {
  reason: ForgeryReason;
  rule: 'M14' | 'M17' | 'M18' | 'M21' | 'M22' | 'M23' | 'M24';
  path: readonly (string | null)[];
};

/**
 * The authenticated sender: the account's id and name, and whether their role manages the
 * workspace's projects (owner or admin: deleting a project, issue 14). Absent means no.
 */
export type Person = { id: string; name: string; admin?: boolean };

const WATCH_PREFIX = 'watch:';

function layout(doc: Y.Doc) {
  // The names stay in doc.ts: asking the document for each root map gives its name back.
  const name = (type: YType) => Y.findRootTypeKey(type);
  return {
    meta: name(metaMap(doc)),
    people: name(peopleMap(doc)),
    projects: name(projectsMap(doc)),
    columns: name(columnsMap(doc)),
    tasks: name(tasksMap(doc)),
    comments: name(commentsMap(doc)),
    sprints: name(sprintsMap(doc)),
    worklogs: name(worklogsMap(doc)),
    timers: name(timersMap(doc)),
    views: name(viewsMap(doc)),
  };
}

/** The first write in `writes` that `person` may not make, or null when there is none. */
export function findForgery(doc: Y.Doc, writes: readonly UpdateWrite[], person: Person): Forgery | null {
  const roots = layout(doc);
  const known = new Set(Object.values(roots));
  for (const w of writes) {
    const forgery =
      judge(w, person, roots, known) ??
      sprintRecord(doc, w, roots) ??
      taskLink(doc, w, person, roots) ??
      judgeRich(w, roots.tasks);
    if (forgery) return { ...forgery, path: w.path };
  }
  // M24: a description's rich text is bounded (update-inspection-rich.ts).
  const size = judgeRichSize(doc, writes, roots.tasks);
  if (size) return { ...size, path: [roots.tasks] };
  return null;
}

type Verdict = Omit<Forgery, 'path'> | null;

function judge(
  w: UpdateWrite,
  person: Person,
  roots: ReturnType<typeof layout>,
  known: Set<string>,
): Verdict {
  const [root, key, field, sub] = w.path;
  // M18: only the server writes `meta` (M8), and there are no other root maps.
  if (typeof root !== 'string' || !known.has(root) || root === roots.meta) {
    return { reason: 'not-writable', rule: 'M18' };
  }
  if (root === roots.people) {
    if (key !== person.id) return { reason: 'forged-identity', rule: 'M17' };
    if (w.depth === 2 && w.op === 'set' && w.hasValue && !isOwnName(w.value, person.name)) {
      return { reason: 'forged-identity', rule: 'M17' };
    }
    return null;
  }
  if (root === roots.timers) {
    // M23: a person's timer is theirs alone (set, cleared or deleted).
    return key === person.id ? null : { reason: 'foreign-timer', rule: 'M23' };
  }
  if (w.depth === 2) return entry(w, person, roots);
  if (root === roots.comments) return authored(w, person, field, 'foreign-comment');
  if (root === roots.worklogs) return authored(w, person, field, 'foreign-worklog');
  if (root === roots.views) return savedView(w, person, field);
  // M21: task numbers and the project's counter are the server's alone.
  if ((root === roots.tasks && field === 'number') || (root === roots.projects && field === 'lastNumber')) {
    return { reason: 'not-writable', rule: 'M21' };
  }
  if (
    root === roots.sprints &&
    (field === 'start' || field === 'completion') &&
    w.op === 'set' &&
    w.hasValue
  ) {
    // Who started or completed a sprint is the sender (null clears a start that lost).
    if (w.value !== null && !namesMover(w.value, person.id))
      return { reason: 'forged-identity', rule: 'M17' };
  }
  if (root === roots.tasks || root === roots.projects || root === roots.sprints) {
    if (field === 'createdBy') {
      // Who created it is written once, with the entity, as the sender.
      if (!w.entity?.isNew || (w.op === 'set' && w.hasValue && w.value !== person.id)) {
        return { reason: 'forged-identity', rule: 'M17' };
      }
    }
    if (field === 'updatedBy' && w.op === 'set' && w.hasValue && w.value !== person.id) {
      return { reason: 'forged-identity', rule: 'M17' };
    }
    // Who deleted it is the sender (null when it is brought back).
    if (field === 'deletedBy' && w.op === 'set' && w.hasValue && w.value !== null && w.value !== person.id) {
      return { reason: 'forged-identity', rule: 'M17' };
    }
  }
  // Deleting a project deletes everyone's work in it: owners and admins only (deletion.ts).
  if (root === roots.projects && (field === 'deletedAt' || field === 'deletedBy') && !person.admin) {
    return { reason: 'not-writable', rule: 'M18' };
  }
  if (root === roots.tasks && w.depth === 3 && typeof field === 'string' && field.startsWith(WATCH_PREFIX)) {
    if (field.slice(WATCH_PREFIX.length) !== person.id) return { reason: 'foreign-watch', rule: 'M14' };
  }
  if (root === roots.tasks && field === 'placement' && w.depth === 4 && w.op === 'set') {
    // M4: a writer's entry is under its own clientID, and names who moved.
    if (sub !== String(w.client)) return { reason: 'forged-identity', rule: 'M17' };
    if (w.hasValue && !namesMover(w.value, person.id)) return { reason: 'forged-identity', rule: 'M17' };
  }
  return null;
}

/**
 * M22: a sprint's `start` and `completion` say who started and completed it; once there, neither
 * is removed or replaced, or anyone could un-start or un-complete someone else's sprint. Writing
 * one over the initial null is how they are made; the one removal the model makes is clearing a
 * start that lost to a concurrent one (completeSprint), so that alone is allowed, and only while
 * the document reads the start as lost. A removal is a delete of the live value, a write placed
 * after it (Yjs drops what it is written after, delete set or not), or a write of null or of a
 * deleted placeholder, which would hide a concurrent start.
 */
function sprintRecord(doc: Y.Doc, w: UpdateWrite, roots: ReturnType<typeof layout>): Verdict {
  const [root, key, field] = w.path;
  if (root !== roots.sprints || w.depth !== 3 || typeof key !== 'string') return null;
  if ((field !== 'start' && field !== 'completion') || w.entity?.isNew) return null;
  const removed =
    w.op === 'delete'
      ? w.hasValue && w.value !== null
      : (w.over?.hasValue && w.over.value !== null) || !w.hasValue || w.value === null;
  if (!removed) return null;
  if (field === 'start' && readSprint(doc, key)?.startLost) return null;
  return { reason: 'not-writable', rule: 'M22' };
}

/** A top-level entry (`tasks[id]`, `comments[id]`, …) written or deleted whole. */
function entry(w: UpdateWrite, person: Person, roots: ReturnType<typeof layout>): Verdict {
  const target = w.op === 'delete' ? w.entity : w.displaces;
  if (!target) return null;
  // M12: only its author touches a comment or worklog; M2: no entry is ever replaced or deleted.
  if (w.path[0] === roots.comments && target.read('authorId') !== person.id) {
    return { reason: 'foreign-comment', rule: 'M17' };
  }
  if (w.path[0] === roots.worklogs && target.read('authorId') !== person.id) {
    return { reason: 'foreign-worklog', rule: 'M17' };
  }
  return { reason: 'not-writable', rule: 'M18' };
}

/** Inside a comment or worklog: written with its author as the sender, then touched only by them. */
function authored(
  w: UpdateWrite,
  person: Person,
  field: string | null | undefined,
  foreign: 'foreign-comment' | 'foreign-worklog',
): Verdict {
  const comment = w.entity;
  if (!comment) return null;
  if (comment.isNew) {
    if (field === 'authorId' && w.op === 'set' && w.hasValue && w.value !== person.id) {
      return { reason: 'forged-identity', rule: 'M17' };
    }
    return null;
  }
  if (comment.read('authorId') !== person.id) return { reason: foreign, rule: 'M17' };
  if (field === 'authorId') return { reason: 'forged-identity', rule: 'M17' };
  return null;
}

/**
 * A saved view names its creator once, as the sender; a personal one is then its creator's alone,
 * and only they may share or unshare it (a shared one anyone may rename or delete, as the model does).
 */
function savedView(w: UpdateWrite, person: Person, field: string | null | undefined): Verdict {
  const view = w.entity;
  if (!view) return null;
  if (field === 'createdBy' && (!view.isNew || (w.op === 'set' && w.hasValue && w.value !== person.id))) {
    return { reason: 'forged-identity', rule: 'M17' };
  }
  if (view.isNew || view.read('createdBy') === person.id) return null;
  if (view.read('shared') !== true || field === 'shared') return { reason: 'foreign-view', rule: 'M17' };
  return null;
}

/**
 * A task link (`link:<id>`, structure-stored.ts) is one plain value naming its creator: written
 * once as the sender, never replaced or written into; anyone who may edit the task removes it.
 */
function taskLink(doc: Y.Doc, w: UpdateWrite, person: Person, roots: ReturnType<typeof layout>): Verdict {
  const [root, key, field] = w.path;
  if (root !== roots.tasks || typeof field !== 'string' || !field.startsWith(LINK_PREFIX)) return null;
  if (w.depth !== 3) return { reason: 'not-writable', rule: 'M18' };
  if (w.op === 'delete' || !w.hasValue) return null;
  // Link ids are fresh: a write under a key the task already has rewrites someone's link.
  const task = typeof key === 'string' ? getYMap(tasksMap(doc) as Y.Map<unknown>, key) : undefined;
  if (w.over?.hasValue || task?.has(field)) return { reason: 'not-writable', rule: 'M18' };
  const createdBy = (w.value as { createdBy?: unknown } | null)?.createdBy;
  return createdBy === person.id ? null : { reason: 'forged-identity', rule: 'M17' };
}

function isOwnName(value: unknown, name: string): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.keys(value).length === 1 &&
    (value as { name?: unknown }).name === name
  );
}

function namesMover(value: unknown, id: string): boolean {
  return typeof value === 'object' && value !== null && (value as { by?: unknown }).by === id;
}
