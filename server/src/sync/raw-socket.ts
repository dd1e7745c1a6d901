/** The ws socket under a crossws peer, read without crossws's Proxy (issue 13). */

export type RawSocket = WebSocket & { terminate?: () => void };

/**
 * The peer's ws socket itself. crossws's `peer.websocket` wraps it in a Proxy whose trap runs on
 * every property read: two per frame sent (readyState, send), so 400 a card move at 200 clients
 * (issue 13). The socket sits at `_internal.ws` in crossws 0.4; if that ever moves, the Proxy is
 * used as before.
 */
export function rawSocket(peer: { websocket: unknown }): RawSocket {
  const inner = (peer as { _internal?: { ws?: unknown } })._internal?.ws;
  const usable =
    typeof inner === 'object' && inner !== null && typeof (inner as { send?: unknown }).send === 'function';
  return (usable ? inner : peer.websocket) as RawSocket;
}
