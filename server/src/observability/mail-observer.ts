/**
 * Watches the email transport from outside: every send handed to it counts as an attempt (by
 * result), and the last result is the email state /readyz reports. Wrapping the transport, rather
 * than the sender, counts exactly what reached SMTP (or the mail file): a message skipped by a
 * preference, held for a digest or not sent while a circuit is open is no attempt.
 */
import type { Metrics } from './metrics.ts';

/** The shape of notifications/mail-transport.ts's Mailer (this folder imports no feature folder). */
export type Transport<Message> = {
  readonly kind: 'smtp' | 'file';
  send(message: Message): Promise<void>;
  close(): void;
};

export type EmailState = 'idle' | 'ok' | 'failing' | 'circuit-open';

export type EmailHealth = {
  /** False while the last attempt failed or the circuit is open. Email is not a required check. */
  ok: boolean;
  /** `file`: no SMTP_URL, mail is appended to DATA_DIR/outbox-mail.jsonl. */
  transport: 'smtp' | 'file';
  /** `idle`: nothing sent since start. */
  state: EmailState;
};

export function observeMailer<Message>(
  mailer: Transport<Message>,
  metrics: Pick<Metrics, 'emailSendAttempts'>,
  circuitOpen: () => boolean = () => false,
): { mailer: Transport<Message>; health(): EmailHealth } {
  let last: 'idle' | 'ok' | 'failing' = 'idle';
  return {
    mailer: {
      kind: mailer.kind,
      async send(message) {
        try {
          await mailer.send(message);
        } catch (error) {
          last = 'failing';
          metrics.emailSendAttempts.inc({ result: 'failed' });
          throw error;
        }
        last = 'ok';
        metrics.emailSendAttempts.inc({ result: 'ok' });
      },
      close: () => mailer.close(),
    },
    health() {
      const state: EmailState = circuitOpen() ? 'circuit-open' : last;
      return { ok: state === 'idle' || state === 'ok', transport: mailer.kind, state };
    },
  };
}
