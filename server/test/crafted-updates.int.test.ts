/**
 * Must-show 2 (issue 8): a member sends crafted updates — skipped clocks, missing or cyclic
 * dependencies, references ahead, future deletes, clients listed twice, other people's
 * clientIDs — through every message that carries content (SyncStep2 and Update, in Sync and
 * SyncReply frames), mixed with honest ones, to a real server. Each is refused or taken whole as
 * predicted; the server's document never holds anything parked (seen by a fresh client, and in
 * the stored log after a restart); honest clients keep syncing across reconnects and a restart.
 *
 * Seeded: a failure prints the command that replays it.
 */
import {
  type CraftedDelete,
  type CraftedGroup,
  type CraftedStruct,
  craftUpdate,
  createTask,
  FIRST_PROJECT_ID,
  readTask,
  watchTask,
} from '@taskflow/model';
import { type Rng, rng } from '@taskflow/model/testing/prng';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { annBobMallory, type Session } from './helpers/auth.ts';
import { connectClient, type TestClient, until } from './helpers/client.ts';
import {
  editOf,
  freshView,
  nothingParked,
  type Outcome,
  sendContent,
  storedDoc,
  TRANSPORTS,
  type Transport,
} from './helpers/content.ts';
import { type ServerProcess, spawnServer } from './helpers/server-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

const FILE = 'server/test/crafted-updates.int.test.ts';
const SEED = Number(process.env.TF_SEED ?? Date.now() % 2 ** 31);
/** Each run takes the next attack × transport pair; the default covers every pair once. */
const RUNS = Number(process.env.TF_RUNS ?? 44);

/** What a crafted update is, and what the server must answer. */
const ATTACKS = [
  'skip',
  'missing-origin',
  'missing-right-origin',
  'missing-parent',
  'future-delete',
  'cycle',
  'reference-ahead',
  'client-twice',
  'foreign-client',
  'foreign-resend',
  'honest',
] as const;
type Attack = (typeof ATTACKS)[number];

const EXPECTED: Record<Attack, Outcome> = {
  skip: { kind: 'refused', reason: 'gap' },
  'missing-origin': { kind: 'refused', reason: 'gap' },
  'missing-right-origin': { kind: 'refused', reason: 'gap' },
  'missing-parent': { kind: 'refused', reason: 'gap' },
  'future-delete': { kind: 'refused', reason: 'gap' },
  cycle: { kind: 'refused', reason: 'gap' },
  'reference-ahead': { kind: 'refused', reason: 'gap' },
  'client-twice': { kind: 'refused', reason: 'malformed' },
  'foreign-client': { kind: 'refused', reason: 'foreign-client' },
  // Structs the server has, re-sent under someone else's clientID with other content: a no-op.
  'foreign-resend': { kind: 'saved' },
  honest: { kind: 'saved' },
};

// Each crafted update comes on a connection of its own: two runs of 44 are over the default 60
// connections a minute per person, and a refused upgrade would read as a missing reason.
const UNLIMITED = { RATE_LIMIT_SYNC_CONNECTIONS_PER_PERSON: '0' };

const stateVector = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc));

describe('issue 8: crafted updates never leave anything parked', () => {
  const data = tempDir('crafted');
  let server: ServerProcess;
  let ann: Session;
  let bob: Session;
  let mallory: Session;
  let ws: string;
  let annBoard: TestClient;
  let bobBoard: TestClient;
  let honestEdits = 0;

  const connect = (s: Session, doc?: Y.Doc) =>
    connectClient(server.wsUrl, { name: ws, token: s.token, ...(doc ? { doc } : {}) });

  beforeAll(async () => {
    server = await spawnServer({ dataDir: data.path, env: UNLIMITED });
    ({ ann, bob, mallory, ws } = await annBobMallory(server.url, 'Crafted'));
    annBoard = connect(ann);
    bobBoard = connect(bob);
    await Promise.all([annBoard.synced, bobBoard.synced]);
    // Ann and Bob have written, so the server knows their clientIDs.
    createTask(annBoard.doc, annBoard.editor, { projectId: FIRST_PROJECT_ID, title: 'Ann’s' });
    createTask(bobBoard.doc, bobBoard.editor, { projectId: FIRST_PROJECT_ID, title: 'Bob’s' });
    await Promise.all([annBoard.acked(), bobBoard.acked()]);
  });
  afterAll(async () => {
    annBoard?.destroy();
    bobBoard?.destroy();
    await server?.stop('SIGKILL');
    data.remove();
  });

  /** Bob edits; Ann sees it: sync still works for honest people. */
  async function honestEditArrives(): Promise<void> {
    honestEdits += 1;
    const id = createTask(bobBoard.doc, bobBoard.editor, {
      projectId: FIRST_PROJECT_ID,
      title: `honest ${honestEdits}`,
    });
    await bobBoard.acked();
    await until(annBoard.doc, (doc) => readTask(doc, id) !== undefined);
  }

  /** A crafted update of the given kind against the state the server has now (Ann's copy of it). */
  function craft(attack: Attack, r: Rng): Uint8Array {
    const state = Y.encodeStateAsUpdate(annBoard.doc);
    const sv = Y.decodeStateVector(Y.encodeStateVector(annBoard.doc));
    const annId = annBoard.doc.clientID;
    const annClock = sv.get(annId) ?? 0;
    // A clientID nobody has used: fast-check draws the same integer more than once in a run (seed
    // 1029267921 does), and a reused ID's "future" delete would hit that client's real items.
    const fresh = (): number => {
      const id = 1_000_000 + r.int(2 ** 30 + 1);
      return sv.has(id) ? fresh() : id;
    };
    const m = fresh();
    const junk = (v: unknown): CraftedStruct => ({
      parent: 'tasks',
      parentSub: `junk-${m}`,
      content: { any: [v] },
    });
    const one = (structs: CraftedStruct[], deletes: CraftedDelete[] = []) =>
      craftUpdate([{ client: m, clock: 0, structs }], deletes);
    const nowhere = (): [number, number] =>
      r.chance(0.5) ? [annId, annClock + r.int(6)] : [fresh(), r.int(4)];
    switch (attack) {
      case 'skip':
        return one([junk(1), { skip: 1 + r.int(4) }, { origin: [m, 0], content: { any: [2] } }]);
      case 'missing-origin':
        return one([{ origin: nowhere(), content: { any: [1] } }]);
      case 'missing-right-origin':
        return one([{ rightOrigin: nowhere(), content: { any: [1] } }]);
      case 'missing-parent':
        return one([{ parent: nowhere(), parentSub: 'title', content: { any: ['x'] } }]);
      case 'future-delete': {
        const mine = r.chance(0.5);
        const client = mine ? m : annId;
        const from = mine ? 1 + r.int(3) : annClock + r.int(4);
        return one([junk(1)], [{ client, clock: from, len: 1 + r.int(4) }]);
      }
      case 'cycle': {
        const other = fresh();
        const groups: CraftedGroup[] = [
          { client: m, clock: 0, structs: [{ origin: [other, 0], content: { any: [1] } }] },
          { client: other, clock: 0, structs: [{ origin: [m, 0], content: { any: [2] } }] },
        ];
        return craftUpdate(groups);
      }
      case 'reference-ahead':
        return one([{ origin: [m, r.int(5)], content: { any: [1] } }, junk(2)]);
      case 'client-twice':
        return craftUpdate([
          { client: m, clock: 0, structs: [junk(1)] },
          { client: m, clock: 1, structs: [{ origin: [m, 0], content: { any: [2] } }] },
        ]);
      case 'foreign-client':
        // Ann's next clock, while Ann is not sending: what Ann's next edit would be numbered.
        return r.chance(0.5)
          ? craftUpdate([{ client: annId, clock: annClock, structs: [junk('as Ann')] }])
          : editOf(state, annId, (doc) =>
              createTask(
                doc,
                { origin: { kind: 'user', actorId: mallory.user.id } },
                { projectId: FIRST_PROJECT_ID, title: 'x' },
              ),
            );
      case 'foreign-resend':
        return craftUpdate([{ client: annId, clock: r.int(annClock), structs: [junk('not Ann’s')] }]);
      case 'honest':
        return editOf(state, m, (doc) => {
          const editor = { origin: { kind: 'user', actorId: mallory.user.id } } as const;
          const id = createTask(doc, editor, { projectId: FIRST_PROJECT_ID, title: `Mallory’s ${m}` });
          watchTask(doc, editor, id, true);
        });
    }
  }

  async function attack(seed: number, runs: number): Promise<void> {
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.integer(), async (n) => {
          const attack = ATTACKS[run % ATTACKS.length] as Attack;
          const transport = TRANSPORTS[Math.floor(run / ATTACKS.length) % TRANSPORTS.length] as Transport;
          run += 1;
          const r = rng(n);
          const before = Y.encodeStateAsUpdate(annBoard.doc);
          const outcome = await sendContent(
            server.wsUrl,
            mallory.accessToken,
            ws,
            craft(attack, r),
            transport,
          );
          expect(outcome, `${attack} via ${transport}`).toEqual(EXPECTED[attack]);
          if (attack === 'foreign-resend') expect(Y.encodeStateAsUpdate(annBoard.doc)).toEqual(before);
          await honestEditArrives();
          expect(nothingParked(annBoard.doc) && nothingParked(bobBoard.doc)).toBe(true);
          // Now and then Bob's tab reconnects: its handshake goes through the same guard.
          if (run % 8 === 0) {
            bobBoard.destroy();
            bobBoard = connect(bob, bobBoard.doc);
            await bobBoard.synced;
          }
        }),
        // A failure stops at once (no shrinking): run numbers pick the attack, so the seed replays it.
        { numRuns: runs, seed, endOnFailure: true },
      );
    } catch (e) {
      console.error(`replay: TF_SEED=${seed} TF_RUNS=${runs} npx vitest run ${FILE}`);
      throw e;
    }
    const view = await freshView(server.wsUrl, ann.token, ws);
    expect(nothingParked(view)).toBe(true);
    expect(stateVector(view)).toEqual(stateVector(annBoard.doc));
  }

  test(`crafted updates through every transport, ${RUNS} runs: answered as predicted, nothing parked, honest edits keep flowing`, async () => {
    await attack(SEED, RUNS);
  });

  test('regression (seed 1029267921): an integer drawn twice never makes a crafted clientID someone already used', async () => {
    await attack(1029267921, 44);
  });

  test('after a restart: nothing parked in the stored log, and honest clients sync again', async () => {
    annBoard.destroy();
    bobBoard.destroy();
    await server.stop('SIGTERM');
    const stored = storedDoc(data.path, ws);
    expect(nothingParked(stored)).toBe(true);
    expect(stateVector(stored)).toEqual(stateVector(annBoard.doc));
    server = await spawnServer({ dataDir: data.path, env: UNLIMITED });
    annBoard = connect(ann, annBoard.doc);
    bobBoard = connect(bob, bobBoard.doc);
    await Promise.all([annBoard.synced, bobBoard.synced]);
    await honestEditArrives();
    expect(nothingParked(await freshView(server.wsUrl, ann.token, ws))).toBe(true);
  });
});
