/**
 * Replays Yjs's integration order for a decoded update against a document, without applying it
 * (SPEC M15). It follows `integrateStructs` in yjs/src/utils/encoding.js step by step: clients
 * in descending id order, a stack that jumps to the client a struct depends on, and the same
 * state-vector tests. Where Yjs would park a struct in `pendingStructs` (or throw half-way
 * through), this stops with the reason instead. Each struct is taken from its client's queue once
 * and pushed back at most once per struct integrated, so the walk is O(structs), as Yjs's is.
 */
import * as Y from 'yjs';

export type Decoded = ReturnType<typeof Y.decodeUpdate>;
export type IncomingStruct = Y.Item | Y.GC;
export type Failure = { reason: 'malformed' | 'gap'; detail: string };

/** A struct Yjs would integrate, and how much of its start the document already has. */
export type Integrated = { struct: IncomingStruct; offset: number };

/**
 * Called in the order Yjs works: `resolved` for every struct whose dependencies are in (Yjs then
 * looks its origins up, splitting the items they point into, even for a struct it already has),
 * `integrate` for each struct that is (partly) new. Either may stop the walk with a failure.
 */
export type Hooks<F> = {
  resolved: (s: IncomingStruct) => F | null;
  integrate: (step: Integrated) => F | null;
};

type Queue = { refs: IncomingStruct[]; i: number };

/** The update's structs per client, by clock. */
export type ByClient = Map<number, IncomingStruct[]>;

export type Replay = {
  /** A client's clock after the update would be applied. */
  stateAfter: (client: number) => number;
};

/** The first varUint of a v1 update: how many client groups it lists. */
function groupCount(update: Uint8Array): number {
  let n = 0;
  let mult = 1;
  for (let pos = 0; pos < update.length && pos < 8; pos++) {
    const b = update[pos] as number;
    n += (b & 0x7f) * mult;
    if (b < 0x80) return n;
    mult *= 128;
  }
  return -1;
}

/**
 * Groups structs per client. Yjs's reader keeps only the last group it reads for a client, while
 * `decodeUpdate` yields them all, so an update listing a client twice (or an empty group) means
 * something else to Yjs than to any inspection: refused as malformed. Honest encoders write each
 * client once.
 */
export function groupStructs(update: Uint8Array, structs: Decoded['structs']): ByClient | Failure {
  const byClient: ByClient = new Map();
  for (const s of structs) {
    if (s instanceof Y.Skip) return { reason: 'gap', detail: `skip at ${s.id.client}:${s.id.clock}` };
    if (!(s.length > 0))
      return { reason: 'malformed', detail: `empty struct at ${s.id.client}:${s.id.clock}` };
    const list = byClient.get(s.id.client);
    if (!list) byClient.set(s.id.client, [s]);
    else {
      const last = list[list.length - 1] as IncomingStruct;
      if (last.id.clock + last.length !== s.id.clock)
        return { reason: 'malformed', detail: `client ${s.id.client} listed twice` };
      list.push(s);
    }
  }
  if (groupCount(update) !== byClient.size)
    return { reason: 'malformed', detail: 'a client group is repeated or empty' };
  return byClient;
}

/**
 * The first id an item needs that the document lacks (Item.getMissing): `other` for another
 * client's id at or beyond its state (Yjs then integrates that client first), `own` for an id of
 * the item's own client at or beyond its state (Yjs does not check these and throws on them).
 */
function missingDependency(
  s: IncomingStruct,
  stateOf: (client: number) => number,
  own: boolean,
): Y.ID | null {
  if (!(s instanceof Y.Item)) return null;
  const client = s.id.client;
  for (const d of [s.origin, s.rightOrigin, s.parent instanceof Y.ID ? s.parent : null]) {
    if (d && (d.client === client) === own && d.clock >= stateOf(d.client)) return d;
  }
  return null;
}

/**
 * Walks the update's structs (from groupStructs) in Yjs's order against `doc`'s state. Returns
 * the failure that stops it, or the replay when every struct would integrate.
 */
export function replayIntegration<F>(doc: Y.Doc, byClient: ByClient, hooks: Hooks<F>): Replay | Failure | F {
  const state = new Map<number, number>();
  const stateOf = (client: number): number => {
    let clock = state.get(client);
    if (clock === undefined) {
      clock = Y.getState(doc.store, client);
      state.set(client, clock);
    }
    return clock;
  };
  const queues = new Map<number, Queue>();
  for (const [client, refs] of byClient) queues.set(client, { refs, i: 0 });
  const order = [...queues.keys()].sort((a, b) => a - b);
  const nextQueue = (): Queue | null => {
    while (order.length > 0) {
      const q = queues.get(order[order.length - 1] as number) as Queue;
      if (q.i < q.refs.length) return q;
      order.pop();
    }
    return null;
  };
  const stack: IncomingStruct[] = [];
  let queue = nextQueue();
  let head: IncomingStruct | undefined = queue ? queue.refs[queue.i++] : undefined;
  while (head) {
    const client = head.id.client;
    const offset = stateOf(client) - head.id.clock;
    if (offset < 0) {
      return {
        reason: 'gap',
        detail: `${client}:${head.id.clock} but the document is at ${stateOf(client)}`,
      };
    }
    // Another client's id the document lacks yet: integrate that client's structs first.
    const missing = missingDependency(head, stateOf, false);
    if (missing) {
      stack.push(head);
      const q = queues.get(missing.client);
      if (!q || q.i === q.refs.length) {
        return {
          reason: 'gap',
          detail: `${client}:${head.id.clock} needs ${missing.client}:${missing.clock}`,
        };
      }
      head = q.refs[q.i++] as IncomingStruct;
      continue;
    }
    // Yjs does not check ids of the struct's own client here; it looks them up and throws when
    // they lie ahead (a forward or self reference), after integrating part of the update.
    const ahead = missingDependency(head, stateOf, true);
    if (ahead) return { reason: 'gap', detail: `${client}:${head.id.clock} refers ahead to ${ahead.clock}` };
    const stopped = hooks.resolved(head);
    if (stopped !== null) return stopped;
    if (offset < head.length) {
      const stop = hooks.integrate({ struct: head, offset });
      if (stop !== null) return stop;
      state.set(client, head.id.clock + head.length);
    }
    if (stack.length > 0) head = stack.pop();
    else if (queue && queue.i < queue.refs.length) head = queue.refs[queue.i++];
    else {
      queue = nextQueue();
      head = queue ? queue.refs[queue.i++] : undefined;
    }
  }
  return { stateAfter: stateOf };
}

/**
 * Every delete range must lie inside what the document has once the structs are in: Yjs parks a
 * range that reaches beyond (pendingDs), and an empty range at the state as well.
 */
export function checkDeletes(ds: Decoded['ds'], stateAfter: (client: number) => number): Failure | null {
  for (const [client, ranges] of ds.clients) {
    const end = stateAfter(client);
    for (const r of ranges) {
      if (!(r.clock < end && r.clock + r.len <= end)) {
        return { reason: 'gap', detail: `delete ${client}:${r.clock}+${r.len} beyond ${end}` };
      }
    }
  }
  return null;
}

/** The struct among the update's that covers `id`, by binary search. */
export function findIncoming(byClient: ByClient, id: Y.ID): IncomingStruct | null {
  const list = byClient.get(id.client);
  if (!list) return null;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = list[mid] as IncomingStruct;
    if (id.clock < s.id.clock) hi = mid - 1;
    else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
    else return s;
  }
  return null;
}
