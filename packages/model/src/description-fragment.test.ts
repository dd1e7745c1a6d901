import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readTask } from './board.ts';
import { type DocChange, observeChanges } from './changes.ts';
import {
  addDescriptionFragments,
  DESCRIPTION_FRAGMENT_KEY,
  descriptionFragment,
  followDescriptionFragments,
  fragmentMentions,
  fragmentPlainText,
  liveBefore,
  taskDescriptionFragment,
} from './description-fragment.ts';
import { type Editor, tasksMap } from './doc.ts';
import { applyChanges, readFlatState, viewOfFlat } from './flat-state.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { createTask, updateTask } from './tasks.ts';
import { editor, replicaOf, seeded, syncAll } from './testing/fixtures.ts';

const ann = editor('ann');
const server: Editor = { origin: { kind: 'server', reason: 'repair' } };

/** A task as a client from before fragments wrote it: the string only. */
function legacyTask(doc: Y.Doc, description: string): string {
  const id = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'Old', description });
  doc.transact(() => tasksMap(doc).get(id)?.delete(DESCRIPTION_FRAGMENT_KEY));
  return id;
}

/** The paragraph's text where a person types (the first paragraph's XmlText). */
function firstRun(doc: Y.Doc, taskId: string): Y.XmlText {
  const fragment = taskDescriptionFragment(doc, taskId) as Y.XmlFragment;
  const p = fragment.get(0) as Y.XmlElement;
  return p.get(0) as Y.XmlText;
}

describe('description fragment', () => {
  it('is created with the task, holding its text, and readers read its text', () => {
    const doc = seeded();
    const id = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'T', description: 'one\ntwo' });
    const fragment = taskDescriptionFragment(doc, id);
    expect(fragment).toBeInstanceOf(Y.XmlFragment);
    expect(fragment?.length).toBe(2);
    expect(readTask(doc, id)?.description).toBe('one\ntwo');
    firstRun(doc, id).insert(3, '!');
    expect(readTask(doc, id)?.description).toBe('one!\ntwo');
  });

  it('reads lists, checklists, mentions and breaks as lines of plain text', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('f');
    const para = (...inline: (Y.XmlText | Y.XmlElement)[]) => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, inline);
      return p;
    };
    const mention = new Y.XmlElement('mention');
    mention.setAttribute('id', 'u-bob');
    mention.setAttribute('label', 'Bob');
    const item = (name: string, text: string) => {
      const li = new Y.XmlElement(name);
      li.insert(0, [para(new Y.XmlText(text))]);
      return li;
    };
    const list = new Y.XmlElement('bulletList');
    list.insert(0, [item('listItem', 'milk'), item('listItem', 'eggs')]);
    const tasks = new Y.XmlElement('taskList');
    tasks.insert(0, [item('taskItem', 'call')]);
    const br = new Y.XmlElement('hardBreak');
    fragment.insert(0, [
      para(new Y.XmlText('Hi '), mention, new Y.XmlText(' see'), br, new Y.XmlText('x')),
      list,
      tasks,
    ]);
    expect(fragmentPlainText(fragment)).toBe('Hi @Bob see\nx\nmilk\neggs\ncall');
    expect([...fragmentMentions(fragment)]).toEqual(['u-bob']);
  });

  it('reads the text as it was before a transaction (what history reports as from)', () => {
    const doc = seeded();
    const id = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'T', description: 'abc' });
    const fragment = taskDescriptionFragment(doc, id) as Y.XmlFragment;
    let before = '';
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      before = fragmentPlainText(fragment, liveBefore(tr));
    });
    doc.transact(() => {
      firstRun(doc, id).delete(0, 1);
      firstRun(doc, id).insert(2, 'XY');
    });
    expect(fragmentPlainText(fragment)).toBe('bcXY');
    expect(before).toBe('abc');
  });

  it('a whole-description set (REST, restore, undo) replaces the fragment text and keeps the string', () => {
    const doc = seeded();
    const id = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'T', description: 'old' });
    updateTask(doc, ann, id, { description: 'new\ntext' });
    expect(fragmentPlainText(taskDescriptionFragment(doc, id) as Y.XmlFragment)).toBe('new\ntext');
    expect(tasksMap(doc).get(id)?.get('description')).toBe('new\ntext');
    expect(readTask(doc, id)?.description).toBe('new\ntext');
  });

  it('a legacy task reads its string until the server gives it a fragment, once', () => {
    const doc = seeded();
    const id = legacyTask(doc, 'legacy words');
    expect(taskDescriptionFragment(doc, id)).toBeUndefined();
    expect(readTask(doc, id)?.description).toBe('legacy words');
    expect(addDescriptionFragments(doc, server)).toBe(1);
    expect(fragmentPlainText(taskDescriptionFragment(doc, id) as Y.XmlFragment)).toBe('legacy words');
    expect(addDescriptionFragments(doc, server)).toBe(0);
  });

  it('two offline replicas of a legacy task keep both people’s typing (only the server made the fragment)', () => {
    const serverDoc = seeded();
    const id = legacyTask(serverDoc, 'base');
    const a = replicaOf(serverDoc);
    const b = replicaOf(serverDoc);
    addDescriptionFragments(serverDoc, server);
    syncAll(serverDoc, a);
    syncAll(serverDoc, b);
    // Both offline now: each types into the fragment the server made.
    firstRun(a, id).insert(4, ' from Ann');
    firstRun(b, id).insert(0, 'Bob says ');
    syncAll(a, b, serverDoc);
    for (const doc of [a, b, serverDoc])
      expect(readTask(doc, id)?.description).toBe('Bob says base from Ann');
  });

  it('the server gives tasks from old clients a fragment, and folds their string edits into it', () => {
    const serverDoc = seeded();
    const isOwn = (tr: Y.Transaction) => tr.origin === 'server';
    const stop = followDescriptionFragments(
      serverDoc,
      server,
      (fn) => serverDoc.transact(fn, 'server'),
      isOwn,
    );
    const old = replicaOf(serverDoc);
    const id = legacyTask(old, 'first');
    syncAll(old, serverDoc);
    expect(fragmentPlainText(taskDescriptionFragment(serverDoc, id) as Y.XmlFragment)).toBe('first');
    syncAll(old, serverDoc);
    // The old client still has no idea of fragments: it sets the string.
    old.transact(() => tasksMap(old).get(id)?.set('description', 'second'));
    syncAll(old, serverDoc);
    expect(readTask(serverDoc, id)?.description).toBe('second');
    expect(readTask(old, id)?.description).toBe('second');
    stop();
  });

  it('converges with every character typed, whatever the order updates arrive in (random)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            who: fc.integer({ min: 0, max: 2 }),
            at: fc.nat(),
            text: fc.string({ minLength: 1, maxLength: 4 }),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
        (edits, order) => {
          const origin = seeded();
          const id = createTask(origin, ann, { projectId: FIRST_PROJECT_ID, title: 'T', description: '-' });
          const replicas = [replicaOf(origin), replicaOf(origin), replicaOf(origin)];
          const sent: Uint8Array[][] = replicas.map(() => []);
          replicas.forEach((doc, i) => {
            doc.on('update', (u: Uint8Array) => sent[i]?.push(u));
          });
          for (const e of edits) {
            const run = firstRun(replicas[e.who] as Y.Doc, id);
            run.insert(e.at % (run.length + 1), e.text);
          }
          // Deliver every update to every other replica in a shuffled order.
          const all = sent.flatMap((list, from) => list.map((u) => ({ u, from })));
          const shuffled = all
            .map((x, i) => ({ x, k: order[i % order.length] ?? 0 }))
            .sort((p, q) => p.k - q.k)
            .map((p) => p.x);
          replicas.forEach((doc, to) => {
            for (const { u, from } of shuffled) if (from !== to) Y.applyUpdate(doc, u);
          });
          const texts = replicas.map((d) => readTask(d, id)?.description ?? '');
          expect(new Set(texts).size).toBe(1);
          const typed = `-${edits.map((e) => e.text).join('')}`;
          expect([...(texts[0] ?? '')].sort().join('')).toBe([...typed].sort().join(''));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('ignores anything but a fragment under its key', () => {
    const doc = seeded();
    const id = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'T', description: 'keep' });
    const map = tasksMap(doc).get(id) as Y.Map<unknown>;
    doc.transact(() => map.set(DESCRIPTION_FRAGMENT_KEY, new Y.XmlElement('paragraph')));
    expect(descriptionFragment(map)).toBeUndefined();
    expect(readTask(doc, id)?.description).toBe('keep');
  });

  it('history reports typing as a description change, text before → after, and rolls the board forward with it', () => {
    const doc = seeded();
    const id = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'T', description: 'draft' });
    const start = readFlatState(doc);
    const seen: DocChange[] = [];
    const stop = observeChanges(doc, (c) => seen.push(...c));
    firstRun(doc, id).insert(5, ' one');
    updateTask(doc, ann, id, { description: 'rewritten' });
    const replica = replicaOf(doc);
    firstRun(replica, id).insert(0, 'Re: ');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(replica, Y.encodeStateVector(doc)));
    stop();
    const described = seen.flatMap((c) => c.changes.filter((f) => f.field === 'description'));
    expect(described).toEqual([
      { field: 'description', from: 'draft', to: 'draft one' },
      { field: 'description', from: 'draft one', to: 'rewritten' },
      { field: 'description', from: 'rewritten', to: 'Re: rewritten' },
    ]);
    applyChanges(start, seen);
    expect(viewOfFlat(start)).toEqual(viewOfFlat(readFlatState(doc)));
  });
});
