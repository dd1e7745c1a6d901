/**
 * Must-show 3 (issue 8), cost: the quadratic case. A member sends a ~960 KB update that builds a
 * 100,000-item history on one map key (each item after the last, from two clients taking turns
 * so Yjs cannot merge them: cheap to integrate), then a ~2 KB frame of 100 items on that key
 * whose origins make Yjs scan the whole history for each (origin null: walk to its start and
 * scan; or the origin at its start). Unguarded, that is 10–20M steps: ~7 s of CPU on our test
 * machine with /healthz unanswered. The server refuses the frame (`too-costly`, SPEC M16) after
 * at most the step budget's worth of counting, and keeps answering and syncing.
 */
import {
  type CraftedId,
  type CraftedStruct,
  craftUpdate,
  createTask,
  FIRST_PROJECT_ID,
  readTask,
} from '@taskflow/model';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addMember, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { connectClient, type TestClient, until } from './helpers/client.ts';
import { sendContent } from './helpers/content.ts';
import { type ServerProcess, spawnServer } from './helpers/server-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

const HISTORY = 100_000;
const A = 7;
const B = 8;

/** The history: item i from A or B in turn, each with the previous item as origin, on tasks['k']. */
function longHistory(): Uint8Array {
  const a: CraftedStruct[] = [];
  const b: CraftedStruct[] = [];
  let prev: CraftedId | null = null;
  for (let i = 0; i < HISTORY; i++) {
    const mine = i % 2 === 0 ? a : b;
    mine.push(
      prev
        ? { origin: prev, content: { any: [i] } }
        : { parent: 'tasks', parentSub: 'k', content: { any: [i] } },
    );
    prev = [i % 2 === 0 ? A : B, mine.length - 1];
  }
  return craftUpdate([
    { client: A, clock: 0, structs: a },
    { client: B, clock: 0, structs: b },
  ]);
}

/** 100 items on the key from 100 new clients, each placed at `where`. */
function hundredInto(first: number, where: Omit<Extract<CraftedStruct, { content: unknown }>, 'content'>) {
  return craftUpdate(
    Array.from({ length: 100 }, (_, j) => ({
      client: first + j,
      clock: 0,
      structs: [{ ...where, content: { any: [j] } }],
    })),
  );
}

/** How long /healthz takes to answer, asked now. */
async function healthLatency(url: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${url}/healthz`);
  expect(res.status).toBe(200);
  return performance.now() - started;
}

describe('issue 8: integration cost is bounded', () => {
  const data = tempDir('cost');
  let server: ServerProcess;
  let ann: Session;
  let mallory: Session;
  let ws: string;
  let annBoard: TestClient;

  beforeAll(async () => {
    server = await spawnServer({ dataDir: data.path });
    ann = await signUp(server.url, { name: 'Ann' });
    mallory = await signUp(server.url, { name: 'Mallory' });
    ws = await createWorkspace(ann, 'Cost');
    await addMember(ann, ws, mallory, 'member');
    annBoard = connectClient(server.wsUrl, { name: ws, token: ann.token });
    await annBoard.synced;
  });
  afterAll(async () => {
    annBoard?.destroy();
    await server?.stop('SIGKILL');
    data.remove();
  });

  /** The server's own account of a refusal: the guard's log line, once the process has printed it. */
  async function refusalLog(bytes: number): Promise<{ reason: string; ms: number }> {
    const find = () =>
      server
        .output()
        .split('\n')
        .filter((line) => line.includes('"sync update refused"') && line.includes(`"bytes":${bytes},`))
        .map((line) => JSON.parse(line) as { reason: string; ms: number })
        .at(-1);
    const stdout = server.child.stdout;
    if (!stdout) throw new Error('no stdout');
    for (let found = find(); ; found = find()) {
      if (found) return found;
      await new Promise((resolve) => stdout.once('data', resolve));
    }
  }

  test('M16: the long history is taken; the 100 scanning items are refused in milliseconds, and the server keeps answering', async () => {
    const history = longHistory();
    expect(history.byteLength).toBeGreaterThan(900_000);
    const tookHistory = performance.now();
    expect(await sendContent(server.wsUrl, mallory.accessToken, ws, history, 'update')).toEqual({
      kind: 'saved',
    });
    const historyMs = performance.now() - tookHistory;

    for (const [name, frame] of [
      ['origin null', hundredInto(800_000, { parent: 'tasks', parentSub: 'k' })],
      ['origin at the start', hundredInto(900_000, { origin: [A, 0] })],
    ] as const) {
      const sent = performance.now();
      const answer = sendContent(server.wsUrl, mallory.accessToken, ws, frame, 'update');
      const health = healthLatency(server.url);
      expect(await answer).toEqual({ kind: 'refused', reason: 'too-costly' });
      const roundTrip = performance.now() - sent;
      const healthMs = await health;
      const log = await refusalLog(frame.byteLength);
      expect(log.reason).toBe('too-costly');
      console.info(
        `${name}: ${frame.byteLength} B refused in ${log.ms} ms of guard time (round trip ${roundTrip.toFixed(0)} ms); /healthz answered in ${healthMs.toFixed(0)} ms; the ${history.byteLength} B history took ${historyMs.toFixed(0)} ms to store`,
      );
      // Generous for a loaded test machine; unguarded, the first answer takes seconds.
      expect(healthMs).toBeLessThan(2_000);
      expect(log.ms).toBeLessThan(1_000);
    }

    // Honest work goes on.
    const id = createTask(annBoard.doc, annBoard.editor, {
      projectId: FIRST_PROJECT_ID,
      title: 'still here',
    });
    await annBoard.acked();
    const other = connectClient(server.wsUrl, { name: ws, token: ann.token });
    try {
      await other.synced;
      await until(other.doc, (doc) => readTask(doc, id) !== undefined);
    } finally {
      other.destroy();
    }
  });
});
