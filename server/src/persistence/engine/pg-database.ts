/**
 * The PostgreSQL engine behind the database port (port.ts), synchronous like better-sqlite3.
 *
 * Why synchronous over an asynchronous driver: the sync path appends each update inside Yjs's
 * `update` event and Hocuspocus sends the acknowledgement later in the same tick; every store is
 * written as plain calls inside `db.transaction(fn)`. Rather than make forty files and the Yjs
 * event path asynchronous, the `pg` driver runs in a worker thread (pg-worker.mjs) that owns the
 * one connection, and each call here posts its request and blocks this thread on Atomics.wait
 * until the worker answers. So a call returns only after PostgreSQL answered it, and a transaction
 * returns only after its COMMIT did: with synchronous_commit=on (set per session by the worker)
 * the update is flushed to PostgreSQL's WAL before the ack can be sent, the same promise as SQLite.
 *
 * The cost: this thread waits out each statement's round trip (measured on the 2-core dev
 * machine: ~30 µs for the thread hop alone, ~0.2 ms for a prepared SELECT through the worker,
 * ~1 ms for BEGIN + INSERT + COMMIT with its WAL flush), where better-sqlite3 takes microseconds.
 * BEGIN, SAVEPOINT and RELEASE are not waited for (the worker runs requests in order and fails
 * everything after a failed one until ROLLBACK). One connection means statements from this
 * process are serialised, as they were on SQLite's single writer.
 *
 * A connection lost inside a transaction fails every later statement of it and its COMMIT
 * (pg-worker.mjs): nothing may continue on a fresh connection as if still inside, where each
 * statement would commit alone and the COMMIT would answer "no transaction" like a success.
 *
 * Transactions: BEGIN/COMMIT/ROLLBACK, nested calls as SAVEPOINTs, as better-sqlite3 does.
 * PostgreSQL aborts the whole transaction on any failed statement (SQLite fails just the
 * statement): code that catches an error inside a transaction and goes on must use a savepoint
 * (a nested transaction) or SQL that does not fail (ON CONFLICT DO NOTHING). A COMMIT of such an
 * aborted transaction is refused loudly here, never reported as success.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { bindValues, type PgCatalog, type TranslatedSql, translate } from './pg-dialect.ts';
import type { Database, RunResult, Statement, Transaction } from './port.ts';

export type PgOptions = {
  url: string;
  /** How long a statement waits for a lock before failing as "locked" (SQLite's busy_timeout). Default 5 s. */
  lockTimeoutMs?: number;
  /** How long one call may take before it fails as "unreachable" (a hung server). Default 30 s. */
  queryTimeoutMs?: number;
};

type WireError = { message: string; code?: string; detail?: string; constraint?: string };
type Answer =
  | { ok: true; rows?: Record<string, unknown>[]; rowCount?: number; command?: string }
  | { ok: false; error: WireError };
type TxAction = 'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollback-to';
type Request =
  | { op: 'tx'; action: TxAction; name: string; quiet?: boolean }
  | { op: 'connect' }
  | { op: 'close' }
  | { op: 'exec'; text: string }
  | { op: 'query'; name: string | undefined; text: string; values: unknown[] };

/** A PostgreSQL error as the stores see it: `code` is the SQLSTATE (or Node's errno when unreachable). */
export class PgEngineError extends Error {
  override name = 'PgEngineError';
  readonly code: string | undefined;
  readonly detail: string | undefined;
  constructor(error: WireError, sql?: string) {
    super(sql === undefined ? error.message : `${error.message} (in: ${sql.slice(0, 200)})`);
    this.code = error.code;
    this.detail = error.detail;
  }
}

export class PgDatabase implements Database {
  /** Read by engineOf() (port.ts): features that only make sense on SQLite ask. */
  readonly engine = 'postgres' as const;
  readonly #worker: Worker;
  readonly #port: MessageChannel['port1'];
  readonly #signal: Int32Array;
  readonly #waitMs: number;
  readonly #translations = new Map<string, TranslatedSql>();
  readonly #statementNames = new Map<string, string>();
  #catalog: PgCatalog | undefined;
  #depth = 0;
  #seq = 0;
  #open = true;

  /** Starts the worker and connects; throws (unreachable) when PostgreSQL does not answer. */
  constructor(options: PgOptions) {
    const channel = new MessageChannel();
    this.#port = channel.port1;
    this.#signal = new Int32Array(new SharedArrayBuffer(4));
    const queryTimeoutMs = options.queryTimeoutMs ?? 30_000;
    // The worker's own timeouts fire first; this bound only catches a worker that died.
    this.#waitMs = queryTimeoutMs + 10_000;
    this.#worker = new Worker(new URL('./pg-worker.mjs', import.meta.url), {
      workerData: {
        url: options.url,
        port: channel.port2,
        signal: this.#signal,
        lockTimeoutMs: options.lockTimeoutMs ?? 5_000,
        queryTimeoutMs,
      },
      transferList: [channel.port2],
    });
    // The process may exit with the worker idle; close() ends the connection first when it can.
    this.#worker.unref();
    try {
      this.#call({ op: 'connect' });
    } catch (error) {
      this.#shutdown();
      throw error;
    }
  }

  get inTransaction(): boolean {
    return this.#depth > 0;
  }

  get open(): boolean {
    return this.#open;
  }

  // biome-ignore lint/complexity/noBannedTypes: the port's signature (better-sqlite3's bound for named parameters).
  prepare<P extends unknown[] | {} = unknown[], R = unknown>(
    sql: string,
  ): P extends unknown[] ? Statement<P, R> : Statement<[P], R> {
    const translated = this.#translate(sql);
    const statement: Statement<unknown[], R> = {
      run: (...params) => this.#run(translated, params),
      get: (...params) => this.#query(translated, translated.text, params)[0] as R | undefined,
      all: (...params) => this.#query(translated, translated.text, params) as R[],
    };
    return statement as P extends unknown[] ? Statement<P, R> : Statement<[P], R>;
  }

  // biome-ignore lint/suspicious/noExplicitAny: the port's signature (any argument list).
  transaction<F extends (...params: any[]) => unknown>(fn: F): Transaction<F> {
    const run = (...params: Parameters<F>) => this.#transact(() => fn(...params));
    return Object.assign(run, { immediate: run }) as unknown as Transaction<F>;
  }

  exec(sql: string): this {
    this.#call({ op: 'exec', text: sql }, sql);
    // A schema change (a migration) may add tables with keys or generated ids.
    this.#catalog = undefined;
    this.#translations.clear();
    return this;
  }

  pragma(source: string): never {
    throw new Error(`pragma ${source}: SQLite only (this server runs on PostgreSQL)`);
  }

  close(): this {
    if (!this.#open) return this;
    try {
      this.#call({ op: 'close' });
    } catch {
      // The connection is gone already: nothing to end.
    }
    this.#shutdown();
    return this;
  }

  #shutdown(): void {
    this.#open = false;
    this.#port.close();
    void this.#worker.terminate();
  }

  #transact<T>(fn: () => T): T {
    const depth = this.#depth;
    const savepoint = `tf_sp_${depth}`;
    // BEGIN, SAVEPOINT and RELEASE are sent without waiting (the worker runs requests in order, and
    // a failed one fails everything after it until ROLLBACK): 7 of a card move's 18 round trips.
    this.#post({ op: 'tx', action: depth === 0 ? 'begin' : 'savepoint', name: savepoint, quiet: true });
    this.#depth = depth + 1;
    let result: T;
    try {
      result = fn();
      if (result instanceof Promise) throw new TypeError('Transaction function cannot return a promise');
    } catch (error) {
      this.#depth = depth;
      try {
        this.#call({ op: 'tx', action: depth === 0 ? 'rollback' : 'rollback-to', name: savepoint });
      } catch {
        // The connection is gone (its transaction with it): the first error is the one to report.
      }
      throw error;
    }
    this.#depth = depth;
    if (depth > 0) {
      this.#post({ op: 'tx', action: 'release', name: savepoint, quiet: true });
      return result;
    }
    // The call returns (and the caller may acknowledge) only after COMMIT's answer: committed.
    const commit = this.#call({ op: 'tx', action: 'commit', name: savepoint }, 'COMMIT');
    // PostgreSQL answers COMMIT of a transaction an earlier error aborted with ROLLBACK, not an error.
    if (commit.command === 'ROLLBACK')
      throw new PgEngineError({
        message: 'the transaction was rolled back: a statement in it failed (and was caught)',
        code: '25P02',
      });
    return result;
  }

  #run(translated: TranslatedSql, params: unknown[]): RunResult {
    const answer = this.#call(
      {
        op: 'query',
        name: this.#name(translated.runText),
        text: translated.runText,
        values: bindValues(translated.names, params),
      },
      translated.runText,
    );
    const rows = answer.rows ?? [];
    const last = translated.returnsId ? rows.at(-1) : undefined;
    const id = last ? Object.values(last)[0] : 0;
    return { changes: answer.rowCount ?? 0, lastInsertRowid: typeof id === 'number' ? id : 0 };
  }

  #query(translated: TranslatedSql, text: string, params: unknown[]): Record<string, unknown>[] {
    const answer = this.#call(
      { op: 'query', name: this.#name(text), text, values: bindValues(translated.names, params) },
      text,
    );
    const rows = answer.rows ?? [];
    for (const row of rows) for (const key in row) row[key] = asBuffer(row[key]);
    return rows;
  }

  /** Server-side prepared statements, one per text: parsed and planned once per connection. */
  #name(text: string): string {
    let name = this.#statementNames.get(text);
    if (name === undefined) {
      name = `tf_${this.#statementNames.size}`;
      this.#statementNames.set(text, name);
    }
    return name;
  }

  #translate(sql: string): TranslatedSql {
    let translated = this.#translations.get(sql);
    if (!translated) {
      translated = translate(sql, this.#loadCatalog());
      this.#translations.set(sql, translated);
    }
    return translated;
  }

  #loadCatalog(): PgCatalog {
    if (this.#catalog) return this.#catalog;
    const keys = this.#call({
      op: 'query',
      name: undefined,
      text: `SELECT tc.table_name AS t, kcu.column_name AS c
             FROM information_schema.table_constraints tc
             JOIN information_schema.key_column_usage kcu
               ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
             WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema()
             ORDER BY tc.table_name, kcu.ordinal_position`,
      values: [],
    });
    const ids = this.#call({
      op: 'query',
      name: undefined,
      text: `SELECT table_name AS t, column_name AS c FROM information_schema.columns
             WHERE table_schema = current_schema() AND column_name IN ('id', 'rowid')
               AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`,
      values: [],
    });
    const primaryKeys = new Map<string, string[]>();
    for (const row of (keys.rows ?? []) as { t: string; c: string }[])
      primaryKeys.set(row.t, [...(primaryKeys.get(row.t) ?? []), row.c]);
    const generatedIds = new Map<string, string>();
    for (const row of (ids.rows ?? []) as { t: string; c: string }[]) generatedIds.set(row.t, row.c);
    this.#catalog = { primaryKeys, generatedIds };
    return this.#catalog;
  }

  /** Sends without waiting: for transaction steps whose failure the next awaited call reports. */
  #post(request: Request): void {
    if (!this.#open) throw new PgEngineError({ message: 'the database is closed', code: 'PG_UNREACHABLE' });
    this.#seq += 1;
    this.#port.postMessage({ ...request, seq: this.#seq });
  }

  #call(request: Request, sql?: string): Extract<Answer, { ok: true }> {
    if (!this.#open) throw new PgEngineError({ message: 'the database is closed', code: 'PG_UNREACHABLE' });
    // Numbered, so a late answer to a call that timed out is never taken for this call's.
    this.#seq += 1;
    const seq = this.#seq;
    this.#port.postMessage({ ...request, seq });
    const deadline = performance.now() + this.#waitMs;
    // The worker posts its answer, then bumps the counter and wakes us: read the counter, then
    // look for the answer, then sleep only while the counter is unchanged, so no wake-up is missed.
    for (;;) {
      const seen = Atomics.load(this.#signal, 0);
      for (
        let message = receiveMessageOnPort(this.#port);
        message;
        message = receiveMessageOnPort(this.#port)
      ) {
        const answer = message.message as Answer & { seq: number };
        if (answer.seq !== seq) continue;
        if (!answer.ok) throw new PgEngineError(answer.error, sql);
        return answer;
      }
      const left = deadline - performance.now();
      if (left <= 0 || Atomics.wait(this.#signal, 0, seen, left) === 'timed-out')
        throw new PgEngineError({
          message: 'PostgreSQL did not answer (worker timed out)',
          code: 'PG_UNREACHABLE',
        });
    }
  }
}

/** bytea arrives from the worker as a plain Uint8Array (structured clone): give the stores a Buffer, as better-sqlite3 does. */
function asBuffer(value: unknown): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value)
    ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    : value;
}
