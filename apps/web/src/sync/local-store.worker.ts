/**
 * Compacts a workspace's stored updates off the main thread (update-log.ts): merged into one record
 * when there are enough of them. One request per worker; the page terminates it after.
 */
import { loadAndCompact, openUpdateLog } from './update-log.ts';

export type LoadRequest = { name: string; compactAt: number };
export type LoadReply = { ok: true; records: number } | { ok: false; error: string };

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<LoadRequest>) => void) | null;
  postMessage(message: LoadReply, transfer: Transferable[]): void;
};

scope.onmessage = async ({ data }) => {
  try {
    const db = await openUpdateLog(data.name);
    try {
      const { records } = await loadAndCompact(db, data.compactAt);
      scope.postMessage({ ok: true, records }, []);
    } finally {
      db.close();
    }
  } catch (error) {
    scope.postMessage({ ok: false, error: String(error) }, []);
  }
};
