/** Per-user email preferences: for each kind, off, at once, or in the daily digest. */

import { z } from 'zod';
import type { Database } from '../persistence/engine/port.ts';
import { NOTIFICATION_KINDS, type NotificationKind, notificationKindSchema } from './kinds.ts';

export const EMAIL_MODES = ['off', 'immediate', 'digest'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];
export const emailModeSchema = z.enum(EMAIL_MODES);

/**
 * What a user gets without choosing. Deadlines and invitations matter now; chatter about other
 * people's edits goes to the digest, so the defaults do not train people to ignore our mail.
 */
export const DEFAULT_EMAIL_PREFS: Record<NotificationKind, EmailMode> = {
  reminder: 'immediate',
  escalation: 'immediate',
  invitation: 'immediate',
  assigned: 'immediate',
  status_changed: 'digest',
  comment: 'digest',
  // Someone asked for this person by name: like an assignment, it matters now.
  mention: 'immediate',
  digest: 'immediate',
  system: 'immediate',
  account: 'immediate',
};

/**
 * Kinds a user cannot turn off or batch: an invitation goes to an address, not a user's
 * preferences, a digest is itself the batched form, and an account link (a password reset) is
 * useless a day late.
 */
const FIXED: ReadonlySet<NotificationKind> = new Set(['invitation', 'digest', 'account']);

export class NotificationPrefs {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** Every kind with the mode in force for this user. */
  all(userId: string): Record<NotificationKind, EmailMode> {
    const out = { ...DEFAULT_EMAIL_PREFS };
    const rows = this.#db
      .prepare<[string], { kind: string; email: string }>(
        'SELECT kind, email FROM notification_prefs WHERE user_id = ?',
      )
      .all(userId);
    for (const r of rows) {
      const kind = notificationKindSchema.safeParse(r.kind);
      const mode = emailModeSchema.safeParse(r.email);
      if (kind.success && mode.success && !FIXED.has(kind.data)) out[kind.data] = mode.data;
    }
    return out;
  }

  emailMode(userId: string, kind: NotificationKind): EmailMode {
    return this.all(userId)[kind];
  }

  set(userId: string, kind: NotificationKind, mode: EmailMode): void {
    if (FIXED.has(kind)) return;
    this.#db
      .prepare(
        `INSERT INTO notification_prefs (user_id, kind, email) VALUES (?, ?, ?)
         ON CONFLICT (user_id, kind) DO UPDATE SET email = excluded.email`,
      )
      .run(userId, kind, mode);
  }

  /** Several kinds at once, as the preferences form saves them: all of them, or none. */
  setMany(userId: string, modes: Partial<Record<NotificationKind, EmailMode>>): void {
    this.#db.transaction(() => {
      for (const [kind, mode] of Object.entries(modes)) {
        if (mode !== undefined) this.set(userId, notificationKindSchema.parse(kind), mode);
      }
    })();
  }

  /** The unsubscribe link's effect: this kind off, or every kind when none is named. */
  unsubscribe(userId: string, kind?: NotificationKind): void {
    this.#db.transaction(() => {
      for (const k of kind ? [kind] : NOTIFICATION_KINDS) this.set(userId, k, 'off');
    })();
  }
}
