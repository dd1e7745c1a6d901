/**
 * An `email.send` span around each message handed to the transport (SMTP or the mail file), when
 * tracing is on. Wrapping the transport, as mail-observer.ts does for metrics, traces exactly the
 * sends: a message skipped by a preference or held for a digest is no span. The span says which
 * transport and whether it worked, never whom it was for or what it said.
 */
import { SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';

/** The shape of notifications/mail-transport.ts's Mailer (this folder imports no feature folder). */
type Transport<Message> = {
  readonly kind: 'smtp' | 'file';
  send(message: Message): Promise<void>;
  close(): void;
};

export function traceMailer<Message>(
  mailer: Transport<Message>,
  tracer: Tracer | undefined,
): Transport<Message> {
  if (!tracer) return mailer;
  return {
    kind: mailer.kind,
    async send(message) {
      const span = tracer.startSpan('email.send', {
        kind: SpanKind.CLIENT,
        attributes: { 'taskflow.email.transport': mailer.kind },
      });
      try {
        await mailer.send(message);
      } catch (error) {
        // The error's name only: SMTP errors can quote the conversation, addresses included.
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? error.name : 'error',
        });
        throw error;
      } finally {
        span.end();
      }
    },
    close: () => mailer.close(),
  };
}
