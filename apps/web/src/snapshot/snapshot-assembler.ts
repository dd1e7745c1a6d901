/**
 * The far end of an incremental snapshot write (snapshot-encoder.ts is the near end): it holds
 * each task's encoded row by a number the page gave it, and builds the snapshot's JSON text from
 * a layout that names the rows by those numbers. The page then posts only rows it has not sent
 * before, and a 10,000-task board's 1.25 MB of text is put together and stored off its thread.
 *
 * Pure and synchronous so the worker (snapshot-writer.worker.ts), the page's fallback without a
 * worker and the tests all run the very same code.
 */

/** Rows the page encoded and has not sent before: `texts[i]` is the JSON of row `ids[i]`. */
export type RowsMessage = { type: 'rows'; stream: number; ids: number[]; texts: string[] };

/** Where a snapshot is stored: one record per person's database, workspace and project. */
export type SnapshotKey = { userId: string; workspaceId: string; projectId: string };

/**
 * One write: the text is `head`, then each column's `head`, its rows joined by commas and `]}`,
 * the columns joined by commas, then `tail`. After it, the rows in `drop` are no longer held.
 */
export type WriteMessage = {
  type: 'write';
  stream: number;
  seq: number;
  key: SnapshotKey;
  head: string;
  columns: { head: string; ids: Int32Array }[];
  tail: string;
  drop: number[];
};

/** The page's writer for one board is gone: its rows can go. */
export type ForgetMessage = { type: 'forget'; stream: number };
/** Sign-out of `userId` (close its database, store nothing more for it) or a new sign-in. */
export type AccessMessage = { type: 'close' | 'reopen'; seq: number; userId: string };

export type WriterMessage = RowsMessage | WriteMessage | ForgetMessage | AccessMessage;
export type WriterReply = { seq: number; ok: true } | { seq: number; ok: false; error: string };

export class SnapshotAssembler {
  private readonly rows = new Map<number, string>();

  add(message: RowsMessage): void {
    message.ids.forEach((id, i) => {
      this.rows.set(id, message.texts[i] ?? '');
    });
  }

  /** The snapshot's text; throws when a row is missing (the page's record of what is held is off). */
  assemble(message: WriteMessage): string {
    const columns = message.columns.map((column) => {
      const rows: string[] = new Array(column.ids.length);
      column.ids.forEach((id, i) => {
        const row = this.rows.get(id);
        if (row === undefined) throw new Error(`snapshot row ${id} is not held`);
        rows[i] = row;
      });
      return `${column.head}${rows.join(',')}]}`;
    });
    for (const id of message.drop) this.rows.delete(id);
    return `${message.head}${columns.join(',')}${message.tail}`;
  }

  /** How many rows are held (tests check that dropped rows do not pile up). */
  get size(): number {
    return this.rows.size;
  }
}
