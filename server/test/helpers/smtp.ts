/**
 * A real SMTP server on loopback (smtp-server) that keeps every message it accepts. `smtpSink` can
 * stop and start again on the same port (the sender's retry tests); `startMailSink` adds what the
 * end-to-end tests read: subject, idempotency key, Message-ID, and waiting for a count.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type Received = { from: string; to: string[]; raw: string; headers: Map<string, string> };

/** Header lines of a raw message, unfolded (RFC 5322 §2.2.3), keys lower-case. */
export function parseHeaders(raw: string): Map<string, string> {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const out = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) out.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return out;
}

export type SmtpSink = {
  port: number;
  url: string;
  received: Received[];
  /** Called after each message is recorded. */
  onReceive(listener: () => void): void;
  /** Stops listening; the port stays reserved in `port` for `start`. */
  stop: () => Promise<void>;
  start: () => Promise<void>;
};

export async function smtpSink(): Promise<SmtpSink> {
  const received: Received[] = [];
  const listeners: (() => void)[] = [];
  let server: SMTPServer | undefined;
  let port = 0;
  const start = async () => {
    const s = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const envelope = session.envelope;
          received.push({
            from: envelope.mailFrom ? envelope.mailFrom.address : '',
            to: envelope.rcptTo.map((r) => r.address),
            raw,
            headers: parseHeaders(raw),
          });
          for (const l of listeners) l();
          callback();
        });
      },
    });
    // A client killed mid-conversation (the crash tests) resets its connection: expected.
    s.on('error', () => undefined);
    server = s;
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    port = (s.server.address() as AddressInfo).port;
  };
  await start();
  return {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    received,
    onReceive: (listener) => listeners.push(listener),
    start,
    stop: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
}

export type ReceivedMail = {
  to: string[];
  subject: string;
  idempotencyKey: string | null;
  messageId: string | null;
  raw: string;
};

export type MailSink = {
  url: string;
  mails: ReceivedMail[];
  /** Resolves when at least `n` messages have arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
};

export async function startMailSink(): Promise<MailSink> {
  const sink = await smtpSink();
  const mails: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  sink.onReceive(() => {
    const m = sink.received.at(-1) as Received;
    mails.push({
      to: m.to,
      subject: m.headers.get('subject') ?? '',
      idempotencyKey: m.headers.get('x-taskflow-idempotency-key') ?? null,
      messageId: m.headers.get('message-id') ?? null,
      raw: m.raw,
    });
    for (const w of waiters) w();
  });
  return {
    url: sink.url,
    mails,
    waitFor(n, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (mails.length < n) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(mails);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${n} mails, got ${mails.length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => sink.stop(),
  };
}
