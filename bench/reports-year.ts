/**
 * A year of a Scrum team, for the reports bench: one project (story points) whose tasks are
 * created all along the year, estimated, planned into two-week sprints that are started and
 * completed (open tasks go on to the next sprint), moved To Do → In Progress → Done (some back),
 * re-estimated mid-sprint, added to or taken out of a running sprint, with work logged on them,
 * plus the edits and comments around them. Every change is one call of the model's operations,
 * made at its moment of the simulated year (the Editor's clock), a few made offline and synced
 * hours later (an earlier stamp than their arrival).
 *
 * The changes are events in time order (a heap): a sprint's start schedules the progress of its
 * tasks, a creation schedules its estimate. The cost on a 10,000-task board follows
 * history-workload.ts's fast mode: a task is created by a short-lived client that knows only the
 * project, a move is `placeTask` at a neighbour's rank, and planning writes the task's `sprintId`
 * with `updateTask` (`planTask` reads the whole plan to compute a plan rank, tens of ms per call
 * on this board: the same sprintId write, without the backlog ordering no report reads).
 */
import {
  addComment,
  addWorklog,
  archiveTask,
  completeSprint,
  createSprint,
  createTask,
  type Editor,
  liveColumns,
  PRIORITIES,
  placeTask,
  readColumns,
  readTask,
  startSprint,
  type TaskPatch,
  updateTask,
} from '@taskflow/model';
import type { Rng } from '@taskflow/model/testing/prng';
import * as Y from 'yjs';
import type { Person } from './history-workload.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const FIB: readonly number[] = [1, 2, 3, 5, 8, 13];
const WORDS =
  'plan ship review fix login search export report invoice sync offline cache billing email sprint chart'.split(
    ' ',
  );
const CREATES_PER_SESSION = 200;

export type YearOptions = {
  rng: Rng;
  people: readonly Person[];
  projectId: string;
  tasks: number;
  /** Changes in all, about (the filler edits are paced to reach it). */
  changes: number;
  from: number;
  to: number;
  sprintDays: number;
  /** The first sprint starts this long after `from` (a backlog is built first). */
  firstSprintAfter: number;
  /** The stamp the model reads (the simulated moment of the change being made). */
  clock: { at: number };
};

type TaskRec = {
  id: string | null;
  createAt: number;
  col: 0 | 1 | 2;
  sprint: number | null;
  estimate: number | null;
  archived: boolean;
};
type Event = { at: number; seq: number; structural: boolean; run: () => void };

/** A binary min-heap of events by time, ties in scheduling order. */
class Agenda {
  readonly #items: Event[] = [];
  #seq = 0;
  get size() {
    return this.#items.length;
  }
  push(at: number, structural: boolean, run: () => void): void {
    const items = this.#items;
    items.push({ at, seq: this.#seq++, structural, run });
    for (let i = items.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!before(items[i] as Event, items[p] as Event)) break;
      [items[i], items[p]] = [items[p] as Event, items[i] as Event];
      i = p;
    }
  }
  peek(): Event | undefined {
    return this.#items[0];
  }
  pop(): Event | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && before(items[l] as Event, items[m] as Event)) m = l;
        if (r < items.length && before(items[r] as Event, items[m] as Event)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m] as Event, items[i] as Event];
        i = m;
      }
    }
    return top;
  }
  /** Structural events scheduled before `t`. */
  structuralBefore(t: number): number {
    return this.#items.reduce((n, e) => n + (e.structural && e.at < t ? 1 : 0), 0);
  }
}
const before = (a: Event, b: Event) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

export type YearCounts = {
  tasks: number;
  sprints: number;
  completed: number;
  offline: number;
  byKind: Record<string, number>;
};

export class ScrumYear {
  readonly #doc: Y.Doc;
  readonly #o: YearOptions;
  readonly #cols: [string, string, string];
  readonly #agenda = new Agenda();
  readonly #recs: TaskRec[] = [];
  readonly #created: TaskRec[] = [];
  readonly #sprintIds: string[] = [];
  readonly #bounds: number[] = [];
  readonly #base: Uint8Array;
  #session: Y.Doc | undefined;
  #sessionCreates = 0;
  #active: number | null = null;
  #updates = 0;
  readonly counts: YearCounts = { tasks: 0, sprints: 0, completed: 0, offline: 0, byKind: {} };

  constructor(doc: Y.Doc, options: YearOptions) {
    this.#doc = doc;
    this.#o = options;
    doc.on('update', () => {
      this.#updates += 1;
    });
    const cols = liveColumns(readColumns(doc, options.projectId)).map((c) => c.id);
    if (cols.length !== 3) throw new Error(`expected To Do, In Progress, Done; got ${cols.length} columns`);
    this.#cols = cols as [string, string, string];
    this.#base = Y.encodeStateAsUpdate(doc);
    const { rng, from, to, tasks, sprintDays, firstSprintAfter } = options;
    const span = to - from;
    for (let i = 0; i < tasks; i++) {
      const createAt = from + ((i + rng.next()) * span) / tasks;
      const rec: TaskRec = { id: null, createAt, col: 0, sprint: null, estimate: null, archived: false };
      this.#recs.push(rec);
      this.#agenda.push(createAt, true, () => this.#create(rec));
    }
    for (let b = from + firstSprintAfter; b < to; b += sprintDays * DAY) this.#bounds.push(b);
    this.#agenda.push(from, false, () => this.#planFiller(from, this.#bounds[0] ?? to));
    this.#bounds.forEach((b, k) => {
      this.#agenda.push(b - 3 * DAY, true, () => this.#createSprint(k));
      this.#agenda.push(b - DAY, false, () => this.#planSprint(k));
      if (k > 0) this.#agenda.push(b, true, () => this.#complete(k - 1));
      this.#agenda.push(b + 60_000, true, () => this.#start(k));
      this.#agenda.push(b + 120_000, false, () => this.#planFiller(b + 120_000, this.#bounds[k + 1] ?? to));
    });
  }

  /** Updates stored so far (each change is one). */
  get changes(): number {
    return this.#updates;
  }
  get sprintIds(): readonly string[] {
    return this.#sprintIds;
  }
  get activeSprintId(): string | null {
    return this.#active === null ? null : (this.#sprintIds[this.#active] ?? null);
  }
  get taskIds(): string[] {
    return this.#created.flatMap((r) => (r.id ? [r.id] : []));
  }

  /** Runs the next event before the year's end; false when none is left. */
  step(): boolean {
    const next = this.#agenda.peek();
    if (!next || next.at >= this.#o.to) return false;
    this.#agenda.pop();
    this.#o.clock.at = Math.round(next.at);
    next.run();
    return true;
  }

  #count(kind: string): void {
    this.counts.byKind[kind] = (this.counts.byKind[kind] ?? 0) + 1;
  }

  /** Who makes a task's change: now and then someone offline, whose stamp is hours before arrival. */
  #editor(): Editor {
    const { rng, people, clock } = this.#o;
    const who = rng.pick(people).editor;
    if (!rng.chance(0.03)) return who;
    this.counts.offline++;
    const madeAt = clock.at - Math.round(HOUR + rng.next() * 29 * HOUR);
    return { origin: who.origin, now: () => madeAt };
  }

  #create(rec: TaskRec): void {
    const { rng, projectId, people } = this.#o;
    if (!this.#session || this.#sessionCreates >= CREATES_PER_SESSION) {
      this.#session?.destroy();
      this.#session = new Y.Doc();
      Y.applyUpdate(this.#session, this.#base);
      this.#sessionCreates = 0;
    }
    const session = this.#session;
    const who = rng.pick(people).editor;
    let update: Uint8Array | undefined;
    const keep = (u: Uint8Array) => {
      update = u;
    };
    session.on('update', keep);
    rec.id = createTask(session, who, {
      projectId,
      title: this.#words(3, 8),
      description: this.#words(0, 30),
    });
    session.off('update', keep);
    this.#sessionCreates += 1;
    if (update) Y.applyUpdate(this.#doc, update, who.origin);
    this.#created.push(rec);
    this.counts.tasks++;
    this.#count('create');
    const at = this.#o.clock.at;
    if (rng.chance(0.8)) this.#later(at + rng.next() * 2 * DAY, () => this.#estimate(rec));
    // Scope added to the running sprint: an urgent task planned in a day after it was written.
    const k = this.#active;
    const end = k === null ? undefined : this.#sprintEnd(k);
    if (k !== null && end !== undefined && rng.chance(0.04)) {
      const planAt = at + rng.next() * DAY;
      if (planAt < end - DAY) {
        this.#later(planAt - 1, () => rec.estimate === null && this.#estimate(rec));
        this.#later(planAt, () => {
          if (rec.archived || this.#active !== k) return;
          this.#plan(rec, k);
          this.#progress(rec, planAt, end);
        });
      }
    }
  }

  #later(at: number, run: () => unknown): void {
    this.#agenda.push(at, true, () => {
      run();
    });
  }

  #estimate(rec: TaskRec): void {
    const { rng } = this.#o;
    if (!rec.id || rec.archived) return;
    let value = rng.pick(FIB);
    if (value === rec.estimate) value = FIB[(FIB.indexOf(value) + 1) % FIB.length] as number;
    updateTask(this.#doc, this.#editor(), rec.id, { estimate: value });
    this.#count(rec.estimate === null ? 'estimate' : 're-estimate');
    rec.estimate = value;
  }

  #plan(rec: TaskRec, k: number): void {
    const sprintId = this.#sprintIds[k];
    if (!rec.id || !sprintId) return;
    updateTask(this.#doc, this.#editor(), rec.id, { sprintId });
    rec.sprint = k;
    this.#count('plan');
  }

  #move(rec: TaskRec, col: 0 | 1 | 2): void {
    if (!rec.id || rec.archived || rec.col === col) return;
    const neighbour = this.#o.rng.pick(this.#created);
    const rank = (neighbour.id && readTask(this.#doc, neighbour.id)?.rank) || 'a0';
    placeTask(this.#doc, this.#editor(), rec.id, { col: this.#cols[col], rank });
    rec.col = col;
    this.#count(col === 2 ? 'move.done' : col === 1 ? 'move.progress' : 'move.todo');
  }

  #sprintEnd(k: number): number | undefined {
    const b = this.#bounds[k];
    return b === undefined ? undefined : (this.#bounds[k + 1] ?? b + this.#o.sprintDays * DAY) - 2 * HOUR;
  }

  #createSprint(k: number): void {
    const b = this.#bounds[k] as number;
    const day = (t: number) => new Date(t).toISOString().slice(0, 10);
    const id = createSprint(this.#doc, this.#o.people[0]?.editor as Editor, {
      projectId: this.#o.projectId,
      name: `Sprint ${k + 1}`,
      goal: this.#words(3, 8),
      startDate: day(b),
      endDate: day(b + (this.#o.sprintDays - 1) * DAY),
    });
    this.#sprintIds[k] = id;
    this.counts.sprints++;
    this.#count('sprint.create');
  }

  /** The planning meeting, the day before the start: the oldest backlog tasks up to a capacity. */
  #planSprint(k: number): void {
    const { rng, tasks, from, to, sprintDays } = this.#o;
    const perSprint = (tasks * sprintDays * DAY) / (to - from);
    const carried = this.#created.filter((r) => r.sprint === k - 1 && r.col !== 2 && !r.archived).length;
    const room = Math.max(0, Math.round(perSprint * 1.15) - carried);
    const picked = this.#created
      .filter((r) => r.sprint === null && r.col === 0 && !r.archived)
      .slice(0, room);
    let at = this.#o.clock.at;
    const next = () => {
      at += 5_000 + rng.int(20_000);
      return at;
    };
    for (const rec of picked) {
      if (rec.estimate === null) this.#later(next(), () => this.#estimate(rec));
      this.#later(next(), () => this.#plan(rec, k));
    }
  }

  #complete(k: number): void {
    const id = this.#sprintIds[k];
    const next = this.#sprintIds[k + 1] ?? null;
    if (!id) return;
    completeSprint(this.#doc, this.#o.people[0]?.editor as Editor, id, next);
    for (const r of this.#created) if (r.sprint === k && r.col !== 2 && !r.archived) r.sprint = k + 1;
    this.#active = null;
    this.counts.completed++;
    this.#count('sprint.complete');
  }

  #start(k: number): void {
    const id = this.#sprintIds[k];
    if (!id) return;
    startSprint(this.#doc, this.#o.people[0]?.editor as Editor, id);
    this.#active = k;
    this.#count('sprint.start');
    const start = this.#o.clock.at;
    const end = this.#sprintEnd(k) as number;
    for (const rec of this.#created) {
      if (rec.sprint === k && !rec.archived) this.#progress(rec, start, end);
    }
  }

  /** A sprint task's fortnight: started, done (some reopened), re-estimated, worked on, or dropped. */
  #progress(rec: TaskRec, start: number, end: number): void {
    const { rng } = this.#o;
    const len = end - start;
    if (rng.chance(0.12)) this.#later(start + rng.next() * len, () => this.#estimate(rec));
    let t = start;
    if (rec.col === 0) {
      if (!rng.chance(0.93)) {
        // Taken out of the sprint before anyone started it (scope removed).
        if (rng.chance(0.3))
          this.#later(start + rng.next() * len * 0.5, () => {
            if (!rec.id || rec.col !== 0 || rec.sprint === null) return;
            updateTask(this.#doc, this.#editor(), rec.id, { sprintId: null });
            rec.sprint = null;
            this.#count('unplan');
          });
        return;
      }
      t = start + rng.next() * len * 0.75;
      this.#later(t, () => this.#move(rec, 1));
    }
    const done = rng.chance(0.85);
    const workEnd = done ? t + (0.1 + 0.9 * rng.next()) * (end - t) : end;
    for (let n = 1 + rng.int(3); n > 0; n--) {
      const seconds = 1800 * (1 + rng.int(12));
      this.#later(t + rng.next() * (workEnd - t), () => {
        if (!rec.id || rec.archived) return;
        addWorklog(this.#doc, this.#editor(), rec.id, { seconds });
        this.#count('worklog');
      });
    }
    if (!done) {
      if (rng.chance(0.2)) this.#later(t + rng.next() * (end - t), () => rec.col === 1 && this.#move(rec, 0));
      return;
    }
    this.#later(workEnd, () => this.#move(rec, 2));
    if (!rng.chance(0.08)) return;
    // Reopened: a bug found after it was done; half of them are done again in the same sprint.
    const reopen = workEnd + rng.next() * (end - workEnd) * 0.7;
    this.#later(reopen, () => rec.col === 2 && this.#move(rec, 1));
    if (rng.chance(0.5))
      this.#later(reopen + rng.next() * (end - reopen), () => rec.col === 1 && this.#move(rec, 2));
  }

  /**
   * The other edits of a period (titles, descriptions, fields, comments, a few archived backlog
   * tasks), as many as keep the changes on pace for the year's total: the count is the share of
   * the total due by the period's end, less what is stored and what is already scheduled in it
   * (and the follow-ups, an estimate and a planning, of about 9 in 10 tasks created in it).
   */
  #planFiller(from: number, to: number): void {
    const { rng, changes } = this.#o;
    const due = (changes * (to - this.#o.from)) / (this.#o.to - this.#o.from);
    const scheduled = this.#agenda.structuralBefore(to);
    const createsIn = this.#recs.filter((r) => r.id === null && r.createAt < to).length;
    const n = Math.max(0, Math.round(due - this.#updates - scheduled - 1.8 * createsIn));
    for (let i = 0; i < n; i++) this.#agenda.push(from + rng.next() * (to - from), false, () => this.#edit());
  }

  #edit(): void {
    const { rng, people } = this.#o;
    const rec = this.#created.length > 0 ? rng.pick(this.#created) : undefined;
    if (!rec?.id || rec.archived) return;
    const ed = this.#editor();
    const roll = rng.int(100);
    if (roll < 2 && rec.sprint === null && rec.col === 0) {
      archiveTask(this.#doc, ed, rec.id);
      rec.archived = true;
      this.#count('archive');
      return;
    }
    if (roll < 20) {
      addComment(this.#doc, ed, rec.id, this.#words(4, 30));
      this.#count('comment');
      return;
    }
    const patch: TaskPatch =
      roll < 50
        ? { title: this.#words(3, 8) }
        : roll < 70
          ? { description: this.#words(10, 60) }
          : roll < 85
            ? { priority: rng.pick(PRIORITIES) }
            : roll < 95
              ? { assignee: rng.pick(people).userId }
              : { labels: [rng.pick(WORDS)] };
    updateTask(this.#doc, ed, rec.id, patch);
    this.#count('edit');
  }

  #words(min: number, max: number): string {
    const n = min + this.#o.rng.int(max - min + 1);
    return Array.from({ length: n }, () => this.#o.rng.pick(WORDS)).join(' ') || 'task';
  }
}
