/**
 * M24 (issue 14): rich text goes only into a task's description fragment, as the editor's Yjs
 * binding writes it, and only so much of it. Updates are made by real Yjs clients (what a
 * hostile peer can send with the library) and judged as coming from Ann.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addComment } from './comments.ts';
import { DESCRIPTION_FRAGMENT_KEY, taskDescriptionFragment } from './description-fragment.ts';
import type { Editor } from './doc.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { createTask, updateTask } from './tasks.ts';
import { editor, replicaOf, seeded } from './testing/fixtures.ts';
import { inspectUpdate } from './update-inspection.ts';
import { DESCRIPTION_FRAGMENT_LIMIT } from './update-inspection-rich.ts';
import { type Forgery, findForgery } from './update-inspection-rules.ts';

const ANN = { id: 'ann', name: 'Ann' };

function workspace() {
  const server = seeded();
  const bob = editor('bob');
  const task = createTask(server, bob, {
    projectId: FIRST_PROJECT_ID,
    title: 'Bob’s task',
    description: 'hi',
  });
  const comment = addComment(server, bob, task, 'Bob says');
  return { server, task, comment };
}

function judged(server: Y.Doc, edit: (doc: Y.Doc, ann: Editor) => void): Forgery['reason'] | null {
  const client = replicaOf(server);
  edit(client, editor('ann'));
  const r = inspectUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
  if (!r.ok) throw new Error(`not integrable: ${r.reason}`);
  return findForgery(server, r.writes, ANN)?.reason ?? null;
}

function apply(server: Y.Doc, edit: (doc: Y.Doc) => void): void {
  const client = replicaOf(server);
  edit(client);
  Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
}

const taskMap = (doc: Y.Doc, id: string) => doc.getMap<Y.Map<unknown>>('tasks').get(id) as Y.Map<unknown>;
const fragmentOf = (doc: Y.Doc, id: string) => taskDescriptionFragment(doc, id) as Y.XmlFragment;

/** What the editor's binding writes for a checklist, a bold word, a link and a mention. */
function richContent(): Y.XmlElement[] {
  const text = new Y.XmlText();
  text.insert(0, 'Ship ', {});
  text.insert(5, 'it', { bold: true, link: { href: 'https://example.com' } });
  const mention = new Y.XmlElement('mention');
  mention.setAttribute('id', 'bob');
  mention.setAttribute('label', 'Bob');
  const para = new Y.XmlElement('paragraph');
  para.insert(0, [text, mention]);
  const item = new Y.XmlElement('taskItem');
  item.setAttribute('checked', true as unknown as string);
  item.insert(0, [para]);
  const list = new Y.XmlElement('taskList');
  list.insert(0, [item]);
  const code = new Y.XmlElement('codeBlock');
  code.insert(0, [new Y.XmlText('npm test')]);
  return [list, code];
}

describe('M24: rich text in descriptions', () => {
  it('a member types, formats, lists, checks and mentions inside a description', () => {
    const { server, task } = workspace();
    expect(judged(server, (d) => fragmentOf(d, task).insert(1, richContent()))).toBeNull();
    expect(
      judged(server, (d) => {
        const run = (fragmentOf(d, task).get(0) as Y.XmlElement).get(0) as Y.XmlText;
        run.insert(2, ' there');
        run.format(0, 2, { italic: true });
        run.delete(0, 1);
      }),
    ).toBeNull();
    // Deleting blocks, and a new task with its fragment, and a whole-description set.
    expect(judged(server, (d) => fragmentOf(d, task).delete(0, 1))).toBeNull();
    expect(
      judged(server, (d, a) =>
        createTask(d, a, { projectId: FIRST_PROJECT_ID, title: 'x', description: 'y' }),
      ),
    ).toBeNull();
    expect(judged(server, (d, a) => updateTask(d, a, task, { description: 'all new' }))).toBeNull();
  });

  it('rich text anywhere else is refused', () => {
    const { server, task } = workspace();
    expect(judged(server, (d) => taskMap(d, task).set('notes', new Y.XmlFragment()))).toBe('not-writable');
    expect(judged(server, (d) => taskMap(d, task).set('title', new Y.XmlText('t')))).toBe('not-writable');
    expect(
      judged(server, (d, a) => {
        const mine = addComment(d, a, task, 'mine');
        d.getMap<Y.Map<unknown>>('comments').get(mine)?.set('body', new Y.XmlElement('paragraph'));
      }),
    ).toBe('not-writable');
    expect(judged(server, (d) => taskMap(d, task).set('doc', new Y.Doc()))).toBe('not-writable');
  });

  it('inside a description, only what the editor writes', () => {
    const { server, task } = workspace();
    const insert = (type: Y.AbstractType<unknown>) => (d: Y.Doc) =>
      fragmentOf(d, task).insert(0, [type as unknown as Y.XmlElement]);
    expect(judged(server, insert(new Y.Map() as Y.AbstractType<unknown>))).toBe('not-writable');
    expect(judged(server, insert(new Y.Array() as Y.AbstractType<unknown>))).toBe('not-writable');
    expect(judged(server, insert(new Y.XmlFragment() as Y.AbstractType<unknown>))).toBe('not-writable');
    const para = (d: Y.Doc) => fragmentOf(d, task).get(0) as Y.XmlElement;
    expect(judged(server, (d) => para(d).insert(0, [new Y.XmlText('ok')]))).toBeNull();
  });

  it('nobody but the task’s creation makes, replaces or deletes the fragment (the race it prevents)', () => {
    const { server, task } = workspace();
    expect(judged(server, (d) => taskMap(d, task).set(DESCRIPTION_FRAGMENT_KEY, new Y.XmlFragment()))).toBe(
      'not-writable',
    );
    expect(judged(server, (d) => taskMap(d, task).delete(DESCRIPTION_FRAGMENT_KEY))).toBe('not-writable');
    // A legacy task without one: a client may not add the first either (only the server does).
    server.transact(() => taskMap(server, task).delete(DESCRIPTION_FRAGMENT_KEY));
    expect(judged(server, (d) => taskMap(d, task).set(DESCRIPTION_FRAGMENT_KEY, new Y.XmlFragment()))).toBe(
      'not-writable',
    );
    // …and edits its string as before.
    expect(judged(server, (d, a) => updateTask(d, a, task, { description: 'plain' }))).toBeNull();
  });

  it('a crafted huge description is refused as too-large, in one update or piled up', () => {
    const { server, task } = workspace();
    const huge = 'x'.repeat(DESCRIPTION_FRAGMENT_LIMIT + 1);
    const typeInto = (text: string) => (d: Y.Doc) => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(text)]);
      fragmentOf(d, task).insert(0, [p]);
    };
    expect(judged(server, typeInto(huge))).toBe('too-large');
    const big = 'y'.repeat(Math.floor(DESCRIPTION_FRAGMENT_LIMIT * 0.6));
    expect(judged(server, typeInto(big))).toBeNull();
    apply(server, typeInto(big));
    expect(judged(server, typeInto(big))).toBe('too-large');
    // A small edit to the big one still passes: the limit is on what it holds.
    expect(judged(server, typeInto('z'))).toBeNull();
  });
});
