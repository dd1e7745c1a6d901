/**
 * Where email goes: an SMTP server (`SMTP_URL`, through nodemailer), or, when none is configured,
 * one JSON object per line in `<DATA_DIR>/outbox-mail.jsonl`, so a self-hoster without mail can
 * still read invitations and reminders (the README must say so).
 */
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createTransport } from 'nodemailer';

export const MAIL_FILE = 'outbox-mail.jsonl';

export type MailMessage = {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** With angle brackets: `<abc@taskflow>`. */
  messageId: string;
  headers: Record<string, string>;
};

export type Mailer = {
  readonly kind: 'smtp' | 'file';
  /** Resolves once the server accepted the message (or the line is written); rejects otherwise. */
  send(message: MailMessage): Promise<void>;
  close(): void;
};

export type MailerOptions = {
  /** `smtp://user:pass@host:587` or `smtps://…`; undefined means the file transport. */
  smtpUrl?: string | undefined;
  dataDir: string;
  /** Per connection step; short, so a hung server fails the attempt instead of stalling the sender. */
  timeoutMs?: number;
};

export function createMailer(options: MailerOptions): Mailer {
  return options.smtpUrl
    ? smtpMailer(options.smtpUrl, options.timeoutMs ?? 15_000)
    : fileMailer(options.dataDir);
}

function smtpMailer(url: string, timeoutMs: number): Mailer {
  const transport = createTransport({
    url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    kind: 'smtp',
    async send(m) {
      await transport.sendMail({ ...m });
    },
    close() {
      transport.close();
    },
  };
}

function fileMailer(dataDir: string): Mailer {
  // nodemailer's JSON transport builds the same message object the SMTP path would send.
  const transport = createTransport({ jsonTransport: true });
  const file = path.join(dataDir, MAIL_FILE);
  return {
    kind: 'file',
    async send(m) {
      const info = await transport.sendMail({ ...m });
      await mkdir(dataDir, { recursive: true });
      const line = typeof info.message === 'string' ? info.message : JSON.stringify(info.message);
      await appendFile(file, `${line}\n`);
    },
    close() {
      transport.close();
    },
  };
}
