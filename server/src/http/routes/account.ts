/**
 * Account self-service (issue 15): forgot and reset a password, change it, change the email
 * address (proven by a link to the new one), and confirm a sign-up's address when
 * REQUIRE_EMAIL_VERIFICATION is on. Links are single use and expire (accounts/account-tokens.ts);
 * their emails go through the outbox in the transaction that made the link, so a link exists
 * exactly when its email is on its way (and retried until it is sent).
 *
 * No account enumeration: asking for a reset or a new verification link answers the same 202 for
 * an address with or without an account, and the work behind it is one indexed lookup either way.
 */
import { z } from 'zod';
import type { AccountLinkPurpose } from '../../auth/account-links.ts';
import { LoginLimiter } from '../../auth/login-limiter.ts';
import { hashPassword, PASSWORD_MAX, verifyPassword } from '../../auth/passwords.ts';
import { ApiError } from '../../errors.ts';
import type { ApiContext, ApiDeps } from '../api-types.ts';
import { clientAddress } from '../client-address.ts';
import type { RouteTable } from '../route-table.ts';
import { registerBody } from '../schemas.ts';
import { readBody } from '../validate.ts';
import { writeWorkspace } from '../workspace-doc.ts';

const email = z.string().trim().max(254).pipe(z.email());
/** The same rules as at registration. */
const password = registerBody.shape.password;
const token = z.string().min(1).max(200);
/** Checked against the stored hash, so only its length is bounded (as at sign-in). */
const currentPassword = z.string().min(1).max(PASSWORD_MAX);

export const forgotBody = z.object({ email }).strict();
export const resetBody = z.object({ token, password }).strict();
export const verifyEmailBody = z.object({ token }).strict();
export const resendBody = z.object({ email }).strict();
export const changePasswordBody = z.object({ currentPassword, newPassword: password }).strict();
export const changeEmailBody = z.object({ email, currentPassword }).strict();

type Deps = Pick<
  ApiDeps,
  | 'users'
  | 'accountTokens'
  | 'refreshTokens'
  | 'loginLimiter'
  | 'outbox'
  | 'atomically'
  | 'now'
  | 'live'
  | 'logger'
  | 'workspaces'
  | 'hocuspocus'
>;

/** Ends one session: its refresh tokens and the access tokens it minted (auth.ts owns the latter). */
export type EndSession = (familyId: string) => void;

const SENT = (what: string) => ({ message: `If an account has this address, ${what} is on its way.` });

const linkError = (failure: 'unknown' | 'used' | 'expired') =>
  new ApiError(
    'invalid_token',
    failure === 'expired'
      ? 'This link has expired. Ask for a new one.'
      : failure === 'used'
        ? 'This link was already used. Ask for a new one if you still need it.'
        : 'This link is not valid. Ask for a new one.',
  );

export function accountRoutes(routes: RouteTable, deps: Deps, endSession: EndSession): void {
  const { users, accountTokens, atomically } = deps;
  // Requests that send mail: a few per address and account, so nobody floods an inbox through us.
  const mailLimiter = new LoginLimiter({ perAccount: 5, perAddress: 50, windowMs: 15 * 60_000 });

  const tooMany = (seconds: number) =>
    new ApiError('rate_limited', `Too many requests. Try again in ${seconds} s.`, undefined, {
      'retry-after': String(seconds),
    });

  const limitMail = (c: ApiContext, key: string) => {
    const address = clientAddress(c);
    const wait = mailLimiter.retryAfter(key.toLowerCase(), address);
    if (wait > 0) throw tooMany(wait);
    mailLimiter.recordFailure(key.toLowerCase(), address);
  };

  /** A new link and its email, in one transaction (call inside `atomically`). */
  const mailLink = (userId: string, purpose: AccountLinkPurpose, toEmail: string) => {
    const link = accountTokens.issue(userId, purpose, purpose === 'email_change' ? toEmail : null);
    deps.outbox.enqueue({
      key: `account:${link.id}`,
      userId,
      now: deps.now(),
      kind: 'account',
      payload: { toEmail, purpose, linkId: link.id, expiresAt: link.expiresAt },
    });
  };

  /** A notice without a link (password or address changed), in the caller's transaction. */
  const notify = (
    userId: string,
    purpose: 'password_changed' | 'email_changed',
    toEmail: string,
    newEmail?: string,
  ) => {
    deps.outbox.enqueue({
      key: `account:${purpose}:${userId}:${crypto.randomUUID()}`,
      userId,
      now: deps.now(),
      kind: 'account',
      payload: { toEmail, purpose, linkId: null, expiresAt: null, ...(newEmail ? { newEmail } : {}) },
    });
  };

  /** Ends the user's sessions (all, or all but `keep`) after a password change. */
  const endSessions = (userId: string, families: readonly string[]) => {
    for (const family of families) endSession(family);
    // Their sockets: revoked access tokens are found by the sweep; do it now, not in 2 s.
    deps.live.sweep();
    deps.logger.info({ user: userId, sessions: families.length }, 'sessions ended by a password change');
  };

  /** Checks the signed-in user's current password, slowing down a guesser holding their token. */
  const checkCurrentPassword = async (c: ApiContext, user: { id: string; email: string }, given: string) => {
    const address = clientAddress(c);
    const wait = await deps.loginLimiter.retryAfter(user.email, address);
    if (wait > 0) throw tooMany(wait);
    if (!(await verifyPassword(users.passwordHash(user.id), given))) {
      await deps.loginLimiter.recordFailure(user.email, address);
      throw new ApiError('wrong_password', 'The current password is not right.');
    }
  };

  routes.open(
    {
      method: 'post',
      path: '/auth/password/forgot',
      summary:
        'Mail a password-reset link (single use, 1 hour) to the address, if an account has it. Always 202 with the same body.',
      body: forgotBody,
      status: 202,
      errors: ['invalid_input', 'rate_limited'],
    },
    async (c) => {
      const body = await readBody(c, forgotBody);
      limitMail(c, body.email);
      atomically(() => {
        const userId = users.idByEmail(body.email);
        const user = userId ? users.get(userId) : undefined;
        if (user) mailLink(user.id, 'password_reset', user.email);
      });
      return c.json(SENT('a link to reset its password'), 202);
    },
  );

  routes.open(
    {
      method: 'post',
      path: '/auth/password/reset',
      summary:
        "Set a new password with a reset link's token. Ends every session of the account; the link works once.",
      body: resetBody,
      status: 204,
      errors: ['invalid_input', 'invalid_token'],
    },
    async (c) => {
      const body = await readBody(c, resetBody);
      const passwordHash = await hashPassword(body.password);
      const done = atomically(() => {
        const link = accountTokens.redeem(body.token, ['password_reset']);
        if (typeof link === 'string') throw linkError(link);
        users.setPasswordHash(link.userId, passwordHash);
        // Whoever held the account before may have asked to move it to their own address.
        accountTokens.revoke(link.userId, ['email_change']);
        // The link reached the address: it is proven, whatever a sign-up's link did.
        users.markEmailVerified(link.userId);
        const families = deps.refreshTokens.liveFamiliesOf(link.userId);
        for (const f of families) deps.refreshTokens.revokeFamily(f);
        const user = users.get(link.userId);
        if (user) notify(user.id, 'password_changed', user.email);
        return { userId: link.userId, families };
      });
      endSessions(done.userId, done.families);
      deps.live.closeUser(done.userId, 'password reset');
      deps.logger.info({ user: done.userId }, 'password reset');
      return c.body(null, 204);
    },
  );

  routes.forCaller(
    {
      method: 'post',
      path: '/me/password',
      summary: 'Change my password (the current one is required). Ends every other session; this one stays.',
      body: changePasswordBody,
      status: 204,
      errors: ['unauthenticated', 'invalid_input', 'wrong_password', 'rate_limited'],
    },
    async (c, { user, body }) => {
      await checkCurrentPassword(c, user, body.currentPassword);
      const passwordHash = await hashPassword(body.newPassword);
      const keep = c.get('auth').sessionId;
      const families = atomically(() => {
        users.setPasswordHash(user.id, passwordHash);
        // A reset link asked for before the change must not undo it, nor an email change asked
        // for by whoever knew the old password move the account away.
        accountTokens.revoke(user.id, ['password_reset', 'email_change']);
        const others = deps.refreshTokens.liveFamiliesOf(user.id).filter((f) => f !== keep);
        for (const f of others) deps.refreshTokens.revokeFamily(f);
        notify(user.id, 'password_changed', user.email);
        return others;
      });
      endSessions(user.id, families);
      return c.body(null, 204);
    },
  );

  routes.forCaller(
    {
      method: 'post',
      path: '/me/email',
      summary:
        'Change my email address: a link (single use, 24 hours) goes to the new address, which replaces the old one only when the link is opened.',
      body: changeEmailBody,
      status: 202,
      errors: ['unauthenticated', 'invalid_input', 'wrong_password', 'email_taken', 'rate_limited'],
    },
    async (c, { user, body }) => {
      await checkCurrentPassword(c, user, body.currentPassword);
      if (body.email.toLowerCase() === user.email.toLowerCase()) {
        throw new ApiError('invalid_input', 'This is already your email address.');
      }
      limitMail(c, user.id);
      atomically(() => {
        const holder = users.idByEmail(body.email);
        if (holder !== undefined && holder !== user.id) {
          throw new ApiError('email_taken', 'Another account already uses this email address.');
        }
        mailLink(user.id, 'email_change', body.email);
      });
      return c.json({ message: `A link to confirm ${body.email} is on its way to that address.` }, 202);
    },
  );

  routes.open(
    {
      method: 'post',
      path: '/auth/email/verify',
      summary:
        "Confirm an email address with its link's token: a sign-up's (then sign-in works) or an email change's (then the address changes).",
      body: verifyEmailBody,
      status: 200,
      errors: ['invalid_input', 'invalid_token', 'email_taken'],
    },
    async (c) => {
      const body = await readBody(c, verifyEmailBody);
      const result = atomically(() => {
        const link = accountTokens.redeem(body.token, ['email_verify', 'email_change']);
        if (typeof link === 'string') throw linkError(link);
        if (link.purpose === 'email_change' && link.email !== null) {
          const previous = users.get(link.userId)?.email;
          // Thrown inside the transaction: the link stays unused and nothing changes.
          const changed = users.setEmail(link.userId, link.email);
          if (changed === 'email_taken') {
            throw new ApiError('email_taken', 'Another account took this email address meanwhile.');
          }
          if (changed === 'not_found') throw linkError('unknown');
          // The old address hears of it: the owner, if someone else did this with their password.
          if (previous) notify(link.userId, 'email_changed', previous, link.email);
        }
        users.markEmailVerified(link.userId);
        return { userId: link.userId, purpose: link.purpose };
      });
      const user = users.get(result.userId);
      deps.logger.info({ user: result.userId, purpose: result.purpose }, 'email confirmed');
      return c.json(
        {
          purpose: result.purpose === 'email_change' ? 'email_change' : 'sign_up',
          user: user ? { id: user.id, email: user.email, name: user.name } : null,
        },
        200,
      );
    },
  );

  routes.open(
    {
      method: 'post',
      path: '/auth/email/verify/resend',
      summary:
        'Mail a new sign-up confirmation link, if the address belongs to an account that has not confirmed it. Always 202 with the same body.',
      body: resendBody,
      status: 202,
      errors: ['invalid_input', 'rate_limited'],
    },
    async (c) => {
      const body = await readBody(c, resendBody);
      limitMail(c, body.email);
      atomically(() => {
        const userId = users.idByEmail(body.email);
        const user = userId ? users.get(userId) : undefined;
        if (user && users.isEmailUnverified(user.id)) mailLink(user.id, 'email_verify', user.email);
      });
      return c.json(SENT('a new confirmation link'), 202);
    },
  );
}

/** Renames the person, and in every workspace document they belong to, so members see it now. */
export async function renameUser(
  deps: Pick<ApiDeps, 'users' | 'workspaces' | 'hocuspocus' | 'logger'>,
  user: { id: string },
  name: string,
): Promise<void> {
  deps.users.setName(user.id, name);
  for (const membership of deps.workspaces.listFor(user.id)) {
    try {
      await writeWorkspace(deps, membership.id, { id: user.id, name }, () => undefined);
    } catch (error) {
      // The account has the name; a document that cannot take it now gets it at the next connection.
      deps.logger.warn({ err: error, workspace: membership.id }, 'could not write a new display name');
    }
  }
}
