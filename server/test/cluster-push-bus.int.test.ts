/**
 * Notification pushes across processes (server/src/cluster/push-bus.ts) over a real redis-server:
 * a change on one instance reaches the person's sockets on every instance, in the shape the tabs
 * know (`{"type":"notifications","unread":N}`, read from the shared database at send time); the
 * instance that made it pushes locally even with Redis gone; after Redis comes back every instance
 * is told to resync, since pushes may have been dropped meanwhile.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { PushBus } from '../src/cluster/push-bus.ts';
import { createLogger } from '../src/logger.ts';
import type { UnreadMessage } from '../src/notifications/push.ts';
import { waitUntil } from './helpers/cluster.ts';
import { type RedisServer, startRedisServer } from './helpers/redis-server.ts';

const logger = createLogger('silent');

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

let channels = 0;

/**
 * One instance: its sockets (person → messages received) and what NotificationPush does with a
 * person's id: read the count from the shared database (`unread`) and send it to their sockets here.
 */
function instance(channel: string, unread: Map<string, number>, connected: string[]) {
  const sockets = new Map(connected.map((user) => [user, [] as UnreadMessage[]]));
  let resyncs = 0;
  const bus = new PushBus({
    redisUrl: redis.url,
    logger,
    channel,
    pushLocal: (users) => {
      for (const user of users)
        sockets.get(user)?.push({ type: 'notifications', unread: unread.get(user) ?? 0 });
    },
    onResync: () => {
      resyncs++;
    },
  });
  return { bus, sockets, resyncs: () => resyncs };
}

test('a count changed on one instance reaches the person on the others, once, with the current count', async () => {
  const channel = `test:push:${channels++}`;
  const unread = new Map([
    ['ann', 3],
    ['bob', 1],
  ]);
  const one = instance(channel, unread, ['ann']);
  const two = instance(channel, unread, ['ann', 'bob']);
  const three = instance(channel, unread, ['carl']);
  try {
    await waitUntil(
      () => [one, two, three].every((i) => i.bus.connected),
      () => 'connected',
    );
    one.bus.unreadChanged(['ann', 'bob', 'ann']);
    await waitUntil(
      () => (two.sockets.get('bob')?.length ?? 0) === 1 && three.bus.stats.received === 1,
      () => 'push relayed',
    );
    expect(one.sockets.get('ann')).toEqual([{ type: 'notifications', unread: 3 }]);
    expect(two.sockets.get('ann')).toEqual([{ type: 'notifications', unread: 3 }]);
    expect(two.sockets.get('bob')).toEqual([{ type: 'notifications', unread: 1 }]);
    expect(three.sockets.get('carl')).toEqual([]);
    // Its own message came back to `one` over Redis and was not pushed twice.
    expect(one.bus.stats.received).toBe(0);

    // A message that is not ours is ignored, and the bus keeps working.
    const raw = new Redis(redis.url);
    await raw.publish(channel, '{"users":"everyone"}');
    raw.disconnect();
    unread.set('ann', 4);
    two.bus.unreadChanged(['ann']);
    await waitUntil(
      () => (one.sockets.get('ann')?.length ?? 0) === 2,
      () => 'second push',
    );
    expect(one.sockets.get('ann')?.[1]).toEqual({ type: 'notifications', unread: 4 });
    expect(one.bus.stats.ignored).toBe(1);
  } finally {
    await Promise.all([one.bus.close(), two.bus.close(), three.bus.close()]);
  }
});

test('Redis gone: the local tabs still hear it; Redis back: every instance resyncs', async (ctx) => {
  if (!redis.owned) ctx.skip();
  const channel = `test:push:${channels++}`;
  const unread = new Map([['ann', 7]]);
  const one = instance(channel, unread, ['ann']);
  const two = instance(channel, unread, ['ann']);
  try {
    await waitUntil(
      () => one.bus.connected && two.bus.connected,
      () => 'connected',
    );
    await redis.kill9();
    one.bus.unreadChanged(['ann']);
    expect(one.sockets.get('ann')).toEqual([{ type: 'notifications', unread: 7 }]);
    await redis.restart();
    await waitUntil(
      () => one.resyncs() === 1 && two.resyncs() === 1,
      () => `resyncs ${one.resyncs()}, ${two.resyncs()}`,
    );
    expect(two.sockets.get('ann')).toEqual([]);
    expect(one.bus.stats.publishFailed).toBe(1);
    // And relaying works again.
    one.bus.unreadChanged(['ann']);
    await waitUntil(
      () => (two.sockets.get('ann')?.length ?? 0) === 1,
      () => 'relayed after the restart',
    );
  } finally {
    await Promise.all([one.bus.close(), two.bus.close()]);
  }
});
