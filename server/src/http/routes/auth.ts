/**
 * Accounts and sessions: register, login, refresh, logout, me. The refresh token lives only in an
 * httpOnly, SameSite=Strict cookie scoped to /api/v1/auth; the access token is returned in the
 * body and sent as a bearer header, so no other route is reachable with ambient credentials.
 */
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { signAccessToken } from '../../auth/access-tokens.ts';
import { hashPassword, verifyPassword } from '../../auth/passwords.ts';
import { ApiError } from '../../errors.ts';
import { isAllowedOrigin } from '../../net/origin.ts';
import { DEFAULT_WORKSPACE } from '../../sync/documents.ts';
import type { ApiContext, ApiDeps } from '../api-types.ts';
import { clientAddress } from '../client-address.ts';
import type { RouteTable } from '../route-table.ts';
import { loginBody, registerBody } from '../schemas.ts';
import { readBody } from '../validate.ts';
import { accountRoutes } from './account.ts';
import { FamilyTokens } from './family-tokens.ts';

export const REFRESH_COOKIE = 'tf_refresh';
const COOKIE_PATH = '/api/v1/auth';
const DEFAULT_WORKSPACE_NAME = 'My workspace';

const publicUser = (u: { id: string; email: string; name: string }) => ({
  id: u.id,
  email: u.email,
  name: u.name,
});

export function authRoutes(
  routes: RouteTable,
  deps: Pick<
    ApiDeps,
    | 'users'
    | 'workspaces'
    | 'refreshTokens'
    | 'accountTokens'
    | 'requireEmailVerification'
    | 'hocuspocus'
    | 'revoked'
    | 'loginLimiter'
    | 'registerLimiter'
    | 'key'
    | 'authenticator'
    | 'outbox'
    | 'atomically'
    | 'now'
    | 'live'
    | 'logger'
    | 'origins'
    | 'cookieSecure'
    | 'metrics'
  >,
): void {
  const { users, workspaces, refreshTokens, revoked, loginLimiter, registerLimiter, key, atomically } = deps;
  const families = new FamilyTokens();

  const tooMany = (seconds: number, scope: 'login' | 'register') => {
    deps.metrics?.rateLimitRefusals.inc({ scope });
    return new ApiError('rate_limited', `Too many attempts. Try again in ${seconds} s.`, undefined, {
      'retry-after': String(seconds),
    });
  };

  const secure = (c: ApiContext) =>
    deps.cookieSecure === 'true' ||
    (deps.cookieSecure === 'auto' && new URL(c.req.url).protocol === 'https:');

  /** The cookie routes act on ambient credentials: only our own pages (or non-browsers) may call them. */
  const checkOrigin = (c: ApiContext) => {
    if (!isAllowedOrigin(deps.origins, c.req.header('origin'), c.req.header('host'))) {
      throw new ApiError('forbidden', 'This origin may not use the session cookie.');
    }
  };

  /** A new access token for a session (refresh family), plus its cookie. */
  const session = async (
    c: ApiContext,
    userId: string,
    refresh: { token: string; familyId: string; expiresAt: number },
  ) => {
    const user = users.get(userId);
    if (!user) throw new ApiError('unauthenticated', 'This account no longer exists.');
    const access = await signAccessToken(key, user.id, Date.now, refresh.familyId);
    families.add(refresh.familyId, access.jti, Date.now() + access.expiresIn * 1000);
    setCookie(c, REFRESH_COOKIE, refresh.token, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: secure(c),
      path: COOKIE_PATH,
      maxAge: Math.max(0, Math.floor((refresh.expiresAt - Date.now()) / 1000)),
    });
    return c.json({ accessToken: access.token, expiresIn: access.expiresIn, user: publicUser(user) }, 200);
  };

  /** Ends a refresh family: its refresh tokens and every access token it minted. */
  const endFamily = (familyId: string) => {
    refreshTokens.revokeFamily(familyId);
    for (const t of families.take(familyId)) revoked.revoke(t.jti, t.expiresAt);
  };

  const clearCookie = (c: ApiContext) =>
    deleteCookie(c, REFRESH_COOKIE, { path: COOKIE_PATH, secure: secure(c) });

  const unverified = () =>
    new ApiError(
      'email_unverified',
      'Confirm your email address first: open the link we sent to it (or ask for a new one).',
    );

  accountRoutes(routes, deps, endFamily);

  routes.open(
    {
      method: 'post',
      path: '/auth/register',
      summary:
        'Create an account. The first account ever becomes owner of the workspace that predates accounts.',
      body: registerBody,
      status: 201,
      errors: ['invalid_input', 'email_taken', 'rate_limited'],
    },
    async (c) => {
      const address = clientAddress(c);
      const wait = await registerLimiter.retryAfter('', address);
      if (wait > 0) throw tooMany(wait, 'register');
      await registerLimiter.recordFailure('', address);
      const body = await readBody(c, registerBody);
      const passwordHash = await hashPassword(body.password);
      // Synchronous from here: no other registration can interleave between create and the check.
      const verify = deps.requireEmailVerification;
      const user = atomically(() => {
        const created = users.create({
          email: body.email,
          name: body.name,
          passwordHash,
          unverified: verify,
        });
        if (created === 'email_taken') return created;
        if (body.timeZone !== undefined) users.setTimeZone(created.id, body.timeZone);
        if (users.count() === 1 && !workspaces.exists(DEFAULT_WORKSPACE)) {
          workspaces.create(DEFAULT_WORKSPACE_NAME, created.id, DEFAULT_WORKSPACE);
        }
        if (verify) {
          // Sign-in waits for this link (REQUIRE_EMAIL_VERIFICATION); it replaces the welcome.
          const link = deps.accountTokens.issue(created.id, 'email_verify');
          deps.outbox.enqueue({
            key: `account:${link.id}`,
            userId: created.id,
            now: deps.now(),
            kind: 'account',
            payload: {
              toEmail: created.email,
              purpose: 'email_verify',
              linkId: link.id,
              expiresAt: link.expiresAt,
            },
          });
          return created;
        }
        // The welcome email is an outbox event of the same transaction: both exist, or neither.
        deps.outbox.enqueue({
          key: `welcome:${created.id}`,
          userId: created.id,
          now: deps.now(),
          kind: 'system',
          payload: {
            subject: 'Welcome to Taskflow',
            message:
              `Your account ${created.email} is ready. Create a workspace or open an invitation link to join one.`.slice(
                0,
                5000,
              ),
            link: '/',
          },
        });
        return created;
      });
      if (user === 'email_taken')
        throw new ApiError('email_taken', 'An account with this email already exists.');
      deps.logger.info({ user: user.id }, 'account created');
      return c.json({ user: publicUser(user), verificationRequired: verify }, 201);
    },
  );

  routes.open(
    {
      method: 'post',
      path: '/auth/login',
      summary: 'Sign in: an access token in the body, the refresh token in the tf_refresh cookie.',
      body: loginBody,
      status: 200,
      errors: ['invalid_input', 'invalid_credentials', 'email_unverified', 'rate_limited'],
    },
    async (c) => {
      const body = await readBody(c, loginBody);
      const address = clientAddress(c);
      const email = body.email.trim();
      const wait = await loginLimiter.retryAfter(email, address);
      if (wait > 0) throw tooMany(wait, 'login');
      const found = users.withPasswordByEmail(email);
      // Unknown email: the same verification work against a dummy hash, then the same answer.
      const ok = await verifyPassword(found?.passwordHash, body.password);
      if (!ok || !found) {
        await loginLimiter.recordFailure(email, address);
        deps.metrics?.loginFailures.inc();
        throw new ApiError('invalid_credentials', 'The email or password is not right.');
      }
      loginLimiter.recordSuccess(email);
      // Only after the password: otherwise the answer would say which addresses are unconfirmed.
      if (users.isEmailUnverified(found.user.id)) throw unverified();
      return session(c, found.user.id, refreshTokens.issue(found.user.id));
    },
  );

  routes.open(
    {
      method: 'post',
      path: '/auth/refresh',
      summary:
        'A new access token and a rotated refresh cookie. Reusing a retired refresh token ends its whole session; the one just rotated is accepted again while its successor is unused (a crash lost the cookie).',
      status: 200,
      errors: ['unauthenticated', 'email_unverified', 'forbidden'],
    },
    async (c) => {
      checkOrigin(c);
      const token = getCookie(c, REFRESH_COOKIE);
      const result = token ? refreshTokens.rotate(token) : { ok: false as const, reason: 'invalid' as const };
      if (!result.ok) {
        if (result.reason === 'reused' && result.familyId) {
          endFamily(result.familyId);
          if (result.userId) deps.live.closeUser(result.userId, 'session ended: refresh token reused');
          deps.logger.warn({ user: result.userId }, 'refresh token reused: session family revoked');
        }
        clearCookie(c);
        throw new ApiError('unauthenticated', 'The session has ended: sign in again.');
      }
      if (users.isEmailUnverified(result.userId)) {
        endFamily(result.familyId);
        clearCookie(c);
        throw unverified();
      }
      if (result.replayed) {
        deps.logger.info(
          { user: result.userId },
          'refresh token presented again before its successor: successor reissued (crash grace)',
        );
      }
      return session(c, result.userId, {
        token: result.token,
        familyId: result.familyId,
        expiresAt: result.expiresAt,
      });
    },
  );

  routes.open(
    {
      method: 'post',
      path: '/auth/logout',
      summary:
        "Sign out: revokes this session's refresh tokens and access token, and closes the user's sync sockets.",
      status: 204,
      errors: ['forbidden'],
    },
    async (c) => {
      checkOrigin(c);
      const bearer = /^Bearer ([^\s]+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      const who = bearer ? await deps.authenticator.authenticate(bearer) : null;
      const cookie = getCookie(c, REFRESH_COOKIE);
      const family = cookie ? refreshTokens.familyOf(cookie) : undefined;
      // A cookie of another user (a shared browser) is still ended: it is this browser's session.
      if (family) endFamily(family.familyId);
      if (who) revoked.revoke(who.jti, who.exp * 1000);
      const userIds = new Set([who?.user.id, family?.userId].filter((u): u is string => u !== undefined));
      for (const userId of userIds) deps.live.closeUser(userId);
      clearCookie(c);
      return c.body(null, 204);
    },
  );

  routes.forCaller(
    {
      method: 'get',
      path: '/me',
      summary: 'The signed-in user.',
      status: 200,
      errors: ['unauthenticated'],
    },
    (c, { user }) => {
      // null until they choose one: then the workspace's zone applies to their reminders.
      return c.json({ user: { ...publicUser(user), timeZone: users.chosenTimeZone(user.id) ?? null } }, 200);
    },
  );
}
