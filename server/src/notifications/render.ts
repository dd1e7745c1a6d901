/**
 * One email per notification kind: a subject, a plain-text body and a simple HTML body with the
 * same words. Everything user-written is escaped in HTML; deadlines are shown in the recipient's
 * time zone because "due 23:59" only means something in one.
 */
import { ACCOUNT_LINK_PAGE } from '../auth/account-links.ts';
import type { Notification, Payload } from './kinds.ts';

export type RenderContext = {
  /** Where the web app lives, without a trailing slash: `https://taskflow.example.com`. */
  publicUrl: string;
  recipientName: string | null;
  timeZone: string;
  unsubscribeUrl: string | null;
  /** The secret part of an account link (kind `account`), derived by the sender; null otherwise. */
  linkToken?: string | null;
};

export type RenderedEmail = { subject: string; text: string; html: string };

type Body = { subject: string; lines: string[]; action?: { label: string; link: string } };

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** Subject lines are one line: a title with a newline could inject headers in a naive mailer. */
const oneLine = (s: string): string => s.replace(/[\r\n\t]+/g, ' ').trim();

function when(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(ms));
}

function body(n: Notification, ctx: RenderContext): Body {
  switch (n.kind) {
    case 'reminder': {
      const p = n.payload;
      const due = when(p.deadlineAt, ctx.timeZone);
      return p.step === 'before'
        ? {
            subject: `Due soon: ${p.taskTitle}`,
            lines: [`"${p.taskTitle}" in ${p.workspaceName} is due ${due}.`],
            action: { label: 'Open the task', link: p.link },
          }
        : {
            subject: `Due now: ${p.taskTitle}`,
            lines: [`"${p.taskTitle}" in ${p.workspaceName} is due now (${due}).`],
            action: { label: 'Open the task', link: p.link },
          };
    }
    case 'escalation': {
      const p = n.payload;
      const who = p.assigneeName ? `assigned to ${p.assigneeName}` : 'unassigned';
      return {
        subject: `Overdue: ${p.taskTitle}`,
        lines: [
          `"${p.taskTitle}" in ${p.workspaceName} (${who}) was due ${when(p.deadlineAt, ctx.timeZone)} and is not done.`,
        ],
        action: { label: 'Open the task', link: p.link },
      };
    }
    case 'invitation': {
      const p = n.payload;
      return {
        subject: `${p.inviterName} invited you to ${p.workspaceName}`,
        lines: [`${p.inviterName} invited you to join ${p.workspaceName} on Taskflow as ${p.role}.`],
        action: { label: 'Accept the invitation', link: p.link },
      };
    }
    case 'assigned':
      return {
        subject: `Assigned to you: ${n.payload.taskTitle}`,
        lines: [
          `${n.payload.byName} assigned "${n.payload.taskTitle}" to you in ${n.payload.workspaceName}.`,
        ],
        action: { label: 'Open the task', link: n.payload.link },
      };
    case 'status_changed':
      return {
        subject: `${n.payload.taskTitle}: ${n.payload.from} → ${n.payload.to}`,
        lines: [
          `${n.payload.byName} moved "${n.payload.taskTitle}" from ${n.payload.from} to ${n.payload.to}.`,
        ],
        action: { label: 'Open the task', link: n.payload.link },
      };
    case 'comment':
      return {
        subject: `New comment on ${n.payload.taskTitle}`,
        lines: [`${n.payload.byName} commented on "${n.payload.taskTitle}":`, '', n.payload.excerpt],
        action: { label: 'Reply', link: n.payload.link },
      };
    case 'mention':
      return {
        subject: `${n.payload.byName} mentioned you in ${n.payload.taskTitle}`,
        lines: [`${n.payload.byName} mentioned you in "${n.payload.taskTitle}":`, '', n.payload.excerpt],
        action: { label: 'Open the task', link: n.payload.link },
      };
    case 'digest':
      return {
        subject: `Your Taskflow digest for ${n.payload.day}`,
        lines: n.payload.items.map((i) => `- ${i.subject}${i.link ? ` (${ctx.publicUrl}${i.link})` : ''}`),
      };
    case 'account':
      return accountBody(n.payload, ctx);
    case 'system':
      return {
        subject: n.payload.subject,
        lines: [n.payload.message],
        ...(n.payload.link ? { action: { label: 'Open Taskflow', link: n.payload.link } } : {}),
      };
  }
}

function accountBody(p: Payload<'account'>, ctx: RenderContext): Body {
  const notYou = 'If it was not you, choose a new password now: it signs out every device.';
  if (p.purpose === 'password_changed') {
    return {
      subject: 'Your Taskflow password was changed',
      lines: [`The password of the Taskflow account ${p.toEmail} was just changed.`, notYou],
      action: { label: 'Reset my password', link: '/forgot-password' },
    };
  }
  if (p.purpose === 'email_changed') {
    return {
      subject: 'Your Taskflow email address was changed',
      lines: [
        `The Taskflow account that used ${p.toEmail} now uses ${p.newEmail ?? 'another address'}; this address no longer signs in.`,
        'If it was not you, answer this email or ask your Taskflow administrator for help.',
      ],
    };
  }
  const page = ACCOUNT_LINK_PAGE[p.purpose];
  const link = `${page}?${new URLSearchParams({ token: ctx.linkToken ?? '' })}`;
  const until = when(p.expiresAt ?? 0, ctx.timeZone);
  switch (p.purpose) {
    case 'password_reset':
      return {
        subject: 'Reset your Taskflow password',
        lines: [
          `Someone asked to reset the password of the Taskflow account ${p.toEmail}.`,
          `The link works once, until ${until}. If it was not you, ignore this email: your password stays as it is.`,
        ],
        action: { label: 'Choose a new password', link },
      };
    case 'email_change':
      return {
        subject: 'Confirm your new Taskflow email address',
        lines: [
          `Someone asked to use ${p.toEmail} for their Taskflow account.`,
          `The address changes only when the link is opened (once, until ${until}). If it was not you, ignore this email.`,
        ],
        action: { label: 'Confirm this address', link },
      };
    case 'email_verify':
      return {
        subject: 'Confirm your email for Taskflow',
        lines: [
          `Your Taskflow account ${p.toEmail} is almost ready: confirm the address to sign in.`,
          `The link works once, until ${until}. If you did not sign up, ignore this email.`,
        ],
        action: { label: 'Confirm my email', link },
      };
  }
}

export function renderEmail(n: Notification, ctx: RenderContext): RenderedEmail {
  const b = body(n, ctx);
  const greeting = ctx.recipientName ? `Hello ${ctx.recipientName},` : 'Hello,';
  const action = b.action && { label: b.action.label, url: `${ctx.publicUrl}${b.action.link}` };
  const footer = ctx.unsubscribeUrl
    ? `You get this email because of your Taskflow notification settings. Unsubscribe: ${ctx.unsubscribeUrl}`
    : n.kind === 'account'
      ? 'You get this email because it was asked for on Taskflow with this address.'
      : 'You get this email because someone invited you to Taskflow.';
  const text = [
    greeting,
    '',
    ...b.lines,
    ...(action ? ['', `${action.label}: ${action.url}`] : []),
    '',
    '--',
    footer,
  ]
    .join('\n')
    .concat('\n');
  const para = (s: string) => (s === '' ? '' : `<p>${escapeHtml(s)}</p>`);
  const footerHtml = ctx.unsubscribeUrl
    ? `You get this email because of your Taskflow notification settings. <a href="${escapeHtml(ctx.unsubscribeUrl)}">Unsubscribe</a>`
    : escapeHtml(footer);
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    para(greeting),
    ...b.lines.map(para),
    action ? `<p><a href="${escapeHtml(action.url)}">${escapeHtml(action.label)}</a></p>` : '',
    `<hr><p style="color:#666;font-size:12px">${footerHtml}</p>`,
    '</body></html>',
  ].join('');
  return { subject: oneLine(b.subject).slice(0, 200), text, html };
}
