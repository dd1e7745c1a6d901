/**
 * Pins what initial-state.ts assumes of Hocuspocus (4.7): MessageReceiver is exported and answers
 * SyncStep1 in `readSyncMessage(message, document, connection, reply, requestFirstSync)`, with
 * `beforeSync` first, then y-protocols' `readSyncStep1`, then the server's own SyncStep1 back.
 * If an upgrade renames the method or changes that branch, this fails: re-read the new branch
 * before updating the wrapper (test/initial-state.int.test.ts checks the behaviour end to end).
 */
import { MessageReceiver } from '@hocuspocus/server';
import { describe, expect, test } from 'vitest';
import { hocuspocusHasReadSyncMessage } from './initial-state.ts';

describe('the Hocuspocus method the handshake cache wraps', () => {
  test('MessageReceiver.readSyncMessage exists with the parameters we pass on', () => {
    expect(hocuspocusHasReadSyncMessage()).toBe(true);
    const method = (MessageReceiver.prototype as unknown as { readSyncMessage: (...a: unknown[]) => unknown })
      .readSyncMessage;
    // message, document, connection, reply (requestFirstSync has a default, so it is not counted).
    expect(method.length).toBe(4);
  });

  test('its SyncStep1 branch is the one initial-state.ts repeats', () => {
    const source = String(
      (MessageReceiver.prototype as unknown as { readSyncMessage: unknown }).readSyncMessage,
    );
    const step1 = source.slice(
      source.indexOf('case messageYjsSyncStep1'),
      source.indexOf('case messageYjsSyncStep2'),
    );
    expect(source.indexOf('callbacks.beforeSync')).toBeLessThan(source.indexOf('case messageYjsSyncStep1'));
    expect(step1).toContain('readSyncStep1(message.decoder, message.encoder, document)');
    expect(step1).toContain('reply && requestFirstSync');
    expect(step1).toContain('createSyncReplyMessage().writeFirstSyncStepFor(document)');
    expect(step1).toContain('createSyncMessage().writeFirstSyncStepFor(document)');
    expect(step1).toContain('connection.send(');
  });
});
