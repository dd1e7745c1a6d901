/**
 * The shape of a workspace document: a few top-level maps. Only this module names them, so the
 * layout lives in one place (docs/PROTOCOL.md describes it for other clients).
 */
import * as Y from 'yjs';
import { ModelError } from './errors.ts';
import { type Origin, originActor } from './origin.ts';
import { SCHEMA_VERSION } from './schema.ts';

export type YTask = Y.Map<unknown>;
export type YColumn = Y.Map<unknown>;
export type YProject = Y.Map<unknown>;

export const metaMap = (doc: Y.Doc) => doc.getMap<unknown>('meta');
export const peopleMap = (doc: Y.Doc) => doc.getMap<unknown>('people');
export const projectsMap = (doc: Y.Doc) => doc.getMap<YProject>('projects');
export const columnsMap = (doc: Y.Doc) => doc.getMap<YColumn>('columns');
export const tasksMap = (doc: Y.Doc) => doc.getMap<YTask>('tasks');
export const commentsMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('comments');
export const sprintsMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('sprints');
export const worklogsMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('worklogs');
/** One entry per person: their running timer, or null (SPEC M23). */
export const timersMap = (doc: Y.Doc) => doc.getMap<unknown>('timers');
/** Saved board filters, personal or shared with a project (views.ts). */
export const viewsMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('views');

/** Who is editing and with what clock. The clock is injected so tests and the server control time. */
export type Editor = {
  origin: Origin;
  /** Milliseconds since the epoch; defaults to Date.now. */
  now?: () => number;
};

export function actorOf(editor: Editor): string {
  return originActor(editor.origin);
}

export function nowMs(editor: Editor): number {
  return editor.now ? editor.now() : Date.now();
}

export function nowIso(editor: Editor): string {
  return new Date(nowMs(editor)).toISOString();
}

/** Runs a write as one transaction tagged with the editor's origin, after checking the layout is one we know. */
export function write<T>(doc: Y.Doc, editor: Editor, fn: () => T): T {
  const version = metaMap(doc).get('schemaVersion');
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    throw new ModelError('schema_too_new', 'This workspace was saved by a newer Taskflow; reload to update.');
  }
  let result: T | undefined;
  doc.transact(() => {
    result = fn();
  }, editor.origin);
  return result as T;
}

/** Reads a nested map safely: a peer could have stored something else under the key. */
export function getYMap(parent: Y.Map<unknown>, key: string): Y.Map<unknown> | undefined {
  const v = parent.get(key);
  return v instanceof Y.Map ? (v as Y.Map<unknown>) : undefined;
}

export function newId(): string {
  return globalThis.crypto.randomUUID();
}
