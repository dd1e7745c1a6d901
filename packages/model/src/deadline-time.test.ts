import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readTask } from './board.ts';
import { tasksMap } from './doc.ts';
import { ModelError } from './errors.ts';
import { restoreFrom } from './restore.ts';
import { deadlineTimeText, parseDeadlineTime, taskPatchSchema } from './schema.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { createTask, updateTask } from './tasks.ts';
import { editor, replicaOf, seeded, syncAll, T0 } from './testing/fixtures.ts';
import { UndoHistory } from './undo.ts';

const P = FIRST_PROJECT_ID;
const ann = editor('ann', T0 + 1_000);

describe('a deadline with a time of day', () => {
  it('is stored beside the day, so a reader that knows only `deadline` reads the day as before', () => {
    const doc = seeded();
    const id = createTask(doc, ann, { projectId: P, title: 'Ship', deadline: '2026-12-01' });
    updateTask(doc, ann, id, { deadlineTime: deadlineTimeText('09:30', 'Europe/Paris') });
    expect(readTask(doc, id)).toMatchObject({ deadline: '2026-12-01', deadlineTime: '09:30 Europe/Paris' });
    // What an older client reads: the day, untouched by the time.
    expect(tasksMap(doc).get(id)?.get('deadline')).toBe('2026-12-01');
  });

  it('is refused when it is not HH:MM and a zone, and changes nothing', () => {
    const doc = seeded();
    const id = createTask(doc, ann, { projectId: P, title: 'Ship', deadline: '2026-12-01' });
    const before = Y.encodeStateVector(doc);
    for (const bad of ['9:30 Europe/Paris', '24:00 UTC', '09:30', '09:30 Europe Paris', '09:60 UTC'])
      expect(() => updateTask(doc, ann, id, { deadlineTime: bad })).toThrow(ModelError);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('is cleared with the day, so a later day does not bring back an old time', () => {
    const doc = seeded();
    const id = createTask(doc, ann, { projectId: P, title: 'Ship', deadline: '2026-12-01' });
    updateTask(doc, ann, id, { deadlineTime: '17:00 UTC' });
    updateTask(doc, ann, id, { deadline: null });
    updateTask(doc, ann, id, { deadline: '2026-12-05' });
    expect(readTask(doc, id)).toMatchObject({ deadline: '2026-12-05', deadlineTime: null });
  });

  it('moving the day keeps the time (what a day-only picker does)', () => {
    const doc = seeded();
    const id = createTask(doc, ann, { projectId: P, title: 'Ship', deadline: '2026-12-01' });
    updateTask(doc, ann, id, { deadlineTime: '17:00 UTC' });
    updateTask(doc, ann, id, { deadline: '2026-12-02' });
    expect(readTask(doc, id)).toMatchObject({ deadline: '2026-12-02', deadlineTime: '17:00 UTC' });
  });

  it('reads as null when an older client cleared the day and left the time behind', () => {
    const doc = seeded();
    const id = createTask(doc, ann, { projectId: P, title: 'Ship', deadline: '2026-12-01' });
    updateTask(doc, ann, id, { deadlineTime: '17:00 UTC' });
    // An old client knows no `deadlineTime`: it writes only the day.
    doc.transact(() => tasksMap(doc).get(id)?.set('deadline', null));
    expect(readTask(doc, id)).toMatchObject({ deadline: null, deadlineTime: null });
  });

  it('a day and its time set together are one undo step', () => {
    const doc = seeded();
    const id = createTask(doc, editor('ann'), { projectId: P, title: 'Ship' });
    let clock = T0 + 10_000;
    const history = new UndoHistory(doc, 'ann', { now: () => (clock += 1_000) });
    updateTask(doc, ann, id, { deadline: '2026-12-01', deadlineTime: '08:00 Asia/Tokyo' });
    history.undo();
    expect(readTask(doc, id)).toMatchObject({ deadline: null, deadlineTime: null });
    history.redo();
    expect(readTask(doc, id)).toMatchObject({ deadline: '2026-12-01', deadlineTime: '08:00 Asia/Tokyo' });
  });

  it('restore puts back the time as it was', () => {
    const doc = seeded();
    const id = createTask(doc, ann, { projectId: P, title: 'Ship', deadline: '2026-12-01' });
    updateTask(doc, ann, id, { deadlineTime: '08:00 UTC' });
    const past = replicaOf(doc);
    updateTask(doc, ann, id, { deadlineTime: '18:45 UTC' });
    expect(restoreFrom(doc, editor('admin'), past)).toBe(1);
    expect(readTask(doc, id)?.deadlineTime).toBe('08:00 UTC');
  });

  it('time and zone travel as one value: concurrent edits end in one of them, never a mix', () => {
    const a = seeded();
    const id = createTask(a, ann, { projectId: P, title: 'Ship', deadline: '2026-12-01' });
    const b = replicaOf(a);
    updateTask(a, editor('ann'), id, { deadlineTime: '09:00 Europe/Paris' });
    updateTask(b, editor('bob'), id, { deadlineTime: '17:30 America/New_York' });
    syncAll(a, b);
    const [onA, onB] = [readTask(a, id)?.deadlineTime, readTask(b, id)?.deadlineTime];
    expect(onA).toBe(onB);
    expect(['09:00 Europe/Paris', '17:30 America/New_York']).toContain(onA);
  });

  it('a day cleared while someone sets a time reads as no deadline on every replica', () => {
    const a = seeded();
    const id = createTask(a, ann, { projectId: P, title: 'Ship', deadline: '2026-12-01' });
    const b = replicaOf(a);
    updateTask(a, editor('ann'), id, { deadline: null });
    updateTask(b, editor('bob'), id, { deadlineTime: '09:00 UTC' });
    syncAll(a, b);
    for (const doc of [a, b]) expect(readTask(doc, id)).toMatchObject({ deadline: null, deadlineTime: null });
  });

  it('parses into its parts, and says null for anything else', () => {
    expect(parseDeadlineTime('09:30 America/Argentina/Buenos_Aires')).toEqual({
      time: '09:30',
      timeZone: 'America/Argentina/Buenos_Aires',
    });
    expect(parseDeadlineTime('23:59 Etc/GMT+5')).toEqual({ time: '23:59', timeZone: 'Etc/GMT+5' });
    expect(parseDeadlineTime(null)).toBeNull();
    expect(parseDeadlineTime('09:30')).toBeNull();
    expect(taskPatchSchema.safeParse({ deadlineTime: null }).success).toBe(true);
  });
});
