/**
 * The numbers on the wire that the sync guards read: Hocuspocus's message types and the
 * y-protocols sync message types inside them (docs/PROTOCOL.md lists them). One place, so the
 * handshake order and the update guard cannot disagree about which frame carries an update.
 */

/** Hocuspocus message types. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_SYNC_REPLY = 4;
export const MESSAGE_CLOSE = 7;

/** y-protocols sync message types: SyncStep1 carries a state vector, the other two an update. */
export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

/** Hocuspocus auth message types, server → client. */
export const AUTH_PERMISSION_DENIED = 1;
export const AUTH_AUTHENTICATED = 2;
