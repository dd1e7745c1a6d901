// The PostgreSQL engine's worker thread (engine/pg-database.ts says why there is one): it owns the
// one connection, runs each request the event-loop thread sends, posts the answer and wakes that
// thread (bumps `signal`, a counter), which waits on it (Atomics.wait) and reads the answer with
// receiveMessageOnPort.
//
// Plain JavaScript on purpose: a worker thread does not inherit the TypeScript loader in every
// place the server runs (Vitest's workers run TypeScript through their own transform, not tsx), and
// this file is small enough to keep exact without types. Requests and answers are checked on the
// TypeScript side (pg-database.ts).
import { workerData } from 'node:worker_threads';
import pg from 'pg';

/** @type {{ url: string, port: import('node:worker_threads').MessagePort, signal: Int32Array, lockTimeoutMs: number, queryTimeoutMs: number }} */
const { url, port, signal, lockTimeoutMs, queryTimeoutMs } = workerData;

// int8 (counts, ids, ms timestamps) as numbers, as SQLite gives them: every value we store fits in
// 2^53 (ids and milliseconds); a larger one would be a bug, so it fails loudly instead of rounding.
pg.types.setTypeParser(20, (text) => {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${text} does not fit a JavaScript number`);
  return n;
});
// numeric (SUM, AVG of integers) as numbers too.
pg.types.setTypeParser(1700, (text) => Number(text));

/** @type {pg.Client | undefined} */
let client;
let broken = false;

// The transaction the event-loop thread has open on this connection, if any. A connection lost
// inside it takes the transaction with it: nothing may then run on a fresh connection as if it
// were still inside (each statement would commit on its own and the final COMMIT would answer
// "no transaction", which reads as success). So `lost` fails every request until the caller's
// ROLLBACK, and a COMMIT fails with it.
let inTransaction = false;
/** @type {unknown} */
let lost;

async function connection() {
  if (client && !broken) return client;
  if (inTransaction) {
    lost ??= Object.assign(new Error('the connection to PostgreSQL was lost inside a transaction'), {
      code: 'ECONNRESET',
    });
    throw lost;
  }
  if (client) client.end().catch(() => {});
  client = undefined;
  broken = false;
  const next = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 5_000,
    query_timeout: queryTimeoutMs,
    keepAlive: true,
    // synchronous_commit=on whatever the server's default: COMMIT returns only once the WAL is
    // flushed, which is the "acknowledged = committed" promise. lock_timeout plays SQLite's
    // busy_timeout: a write that waits longer for a lock fails as "locked" (55P03), a storage fault.
    options: `-c synchronous_commit=on -c lock_timeout=${lockTimeoutMs}`,
  });
  // A dropped connection emits 'error' on the client outside any query: remember it, reconnect on
  // the next request (the server recovers by itself when PostgreSQL returns).
  next.on('error', () => {
    broken = true;
  });
  await next.connect();
  client = next;
  return next;
}

/** BEGIN, COMMIT, ROLLBACK and savepoints, with the bookkeeping above. */
async function transaction(action, name) {
  if (action === 'begin') {
    lost = undefined;
    inTransaction = false;
    try {
      const c = await connection();
      inTransaction = true;
      await c.query('BEGIN');
    } catch (error) {
      // Nothing of this transaction may run in autocommit instead: fail it whole.
      inTransaction = true;
      lost = error;
      throw error;
    }
    return { command: 'BEGIN' };
  }
  if (action === 'rollback') {
    // After a lost connection the server has already discarded the transaction.
    const wasLost = lost !== undefined;
    inTransaction = false;
    lost = undefined;
    if (wasLost) return { command: 'ROLLBACK' };
    const result = await (await connection()).query('ROLLBACK');
    return { command: result.command };
  }
  if (lost !== undefined) {
    if (action === 'commit') {
      inTransaction = false;
      const error = lost;
      lost = undefined;
      throw error;
    }
    throw lost;
  }
  const c = await connection();
  if (action === 'commit') {
    try {
      const result = await c.query('COMMIT');
      return { command: result.command };
    } finally {
      inTransaction = false;
    }
  }
  const sql = {
    savepoint: `SAVEPOINT ${name}`,
    release: `RELEASE SAVEPOINT ${name}`,
    'rollback-to': `ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`,
  }[action];
  if (sql === undefined) throw new Error(`unknown transaction action ${String(action)}`);
  const result = await c.query(sql);
  return { command: Array.isArray(result) ? (result.at(-1)?.command ?? '') : result.command };
}

const CONNECTION_MESSAGE = /connection|terminat|ECONN|socket|timeout|not queryable/i;

function describeError(error) {
  const e = /** @type {{ message?: string, code?: string, detail?: string, constraint?: string }} */ (
    error ?? {}
  );
  let code = typeof e.code === 'string' ? e.code : undefined;
  if (code === undefined && CONNECTION_MESSAGE.test(String(e.message))) code = 'ECONNRESET';
  return { message: String(e.message ?? error), code, detail: e.detail, constraint: e.constraint };
}

async function handle(request) {
  if (lost !== undefined && request.op !== 'tx' && request.op !== 'close') throw lost;
  switch (request.op) {
    case 'tx':
      return transaction(request.action, request.name);
    case 'connect':
      await connection();
      return {};
    case 'query': {
      const c = await connection();
      const result = await c.query({ name: request.name, text: request.text, values: request.values });
      return { rows: result.rows, rowCount: result.rowCount ?? 0, command: result.command };
    }
    case 'exec': {
      const c = await connection();
      const result = await c.query(request.text);
      const last = Array.isArray(result) ? result.at(-1) : result;
      return { rows: [], rowCount: last?.rowCount ?? 0, command: last?.command ?? '' };
    }
    case 'close':
      if (client) await client.end().catch(() => {});
      client = undefined;
      return {};
    default:
      throw new Error(`unknown request ${String(request.op)}`);
  }
}

// One request at a time, in order: a quiet request (BEGIN, SAVEPOINT, RELEASE, sent without
// waiting for its answer) runs before the statement posted after it, on the same connection.
let queue = Promise.resolve();

async function serve(request) {
  let answer;
  try {
    answer = { ok: true, ...(await handle(request)) };
  } catch (error) {
    const described = describeError(error);
    // A connection error mid-query leaves the client unusable: start afresh next time.
    const code = described.code;
    const connectionLost = code !== undefined && (!/^[0-9A-Z]{5}$/.test(code) || /^(08|57P)/.test(code));
    if (connectionLost) {
      broken = true;
      if (inTransaction) lost ??= error;
    }
    // A quiet request has no caller waiting: its failure must still end the transaction's hopes.
    if (request.quiet && inTransaction) lost ??= error;
    answer = { ok: false, error: described };
  }
  if (request.quiet) return;
  port.postMessage({ ...answer, seq: request.seq });
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

port.on('message', (request) => {
  queue = queue.then(() => serve(request));
});
