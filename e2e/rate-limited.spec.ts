/**
 * Issue 15 (Protect): past the sync update limit the server refuses with a stateless
 * `rate-limited` message and closes the socket (4429). The board waits the seconds it was told
 * before reconnecting (not its usual 250 ms backoff, which the server would refuse again), and
 * nothing is lost: every task made meanwhile reaches the server afterwards.
 */
import { addTask, openBoard, syncStatus, taskIn } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

const LIMIT = 'RATE_LIMIT_SYNC_UPDATES_PER_PERSON';
const saved = process.env[LIMIT];

// The server fixture passes its environment on: ten updates a minute, so a dozen new tasks pass it.
test.beforeAll(() => {
  process.env[LIMIT] = '10';
});
test.afterAll(() => {
  if (saved === undefined) delete process.env[LIMIT];
  else process.env[LIMIT] = saved;
});

test('told to slow down, the board waits as long as the server said, then sends everything', async ({
  page,
  others,
  server,
}) => {
  test.setTimeout(90_000);
  await openBoard(page, server.url, 'Ada');
  const opened: number[] = [];
  let refused: { at: number; retryAfter: number } | undefined;
  page.on('websocket', (ws) => {
    opened.push(Date.now());
    ws.on('framereceived', ({ payload }) => {
      const text = typeof payload === 'string' ? payload : payload.toString('latin1');
      const m = /"type":"rate-limited","retryAfter":(\d+)/.exec(text);
      if (m && !refused) refused = { at: Date.now(), retryAfter: Number(m[1]) };
    });
  });

  const titles = Array.from({ length: 14 }, (_, i) => `Fast ${i + 1}`);
  for (const title of titles) await addTask(page, 'To Do', title);
  await expect.poll(() => refused, { timeout: 20_000 }).toBeDefined();
  const { at, retryAfter } = refused as { at: number; retryAfter: number };
  expect(retryAfter).toBeGreaterThan(0);

  // Back, and saved, once the wait is over.
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server', {
    timeout: 60_000,
  });
  const reconnects = opened.filter((t) => t > at);
  expect(reconnects.length).toBeGreaterThan(0);
  // Not before the server said (a little slack for timers), and not again and again meanwhile.
  expect(Math.min(...reconnects) - at).toBeGreaterThanOrEqual(retryAfter * 1000 - 250);

  // Nothing lost: a second browser that never saw the page has every task.
  const other = await others.member('Ada', 'Bea');
  for (const title of titles) await expect(taskIn(other, 'To Do', title)).toBeVisible({ timeout: 20_000 });
});
