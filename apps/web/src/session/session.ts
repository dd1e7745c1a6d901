/**
 * Who is signed in on this device, and their access token.
 *
 * - The access token lives in memory only; it is refreshed through the httpOnly refresh cookie a
 *   minute before it expires and whenever the server answers 401.
 * - Refresh tokens rotate and a reused one revokes its whole family, so two tabs must never
 *   refresh at once with the same cookie: refreshes take a Web Lock shared by every tab, and the
 *   winner hands its token to the others over a BroadcastChannel.
 * - The user and workspace list are cached (session-cache.ts), so the app opens offline. A
 *   refresh refused while online (session expired or revoked) keeps that cache and every local
 *   edit: `auth` becomes `expired` and the app asks to sign in again.
 */
import type { z } from 'zod';
import { ApiError } from '../api/api-error.ts';
import { type RequestOptions, requestJson } from '../api/http.ts';
import { allPages } from '../api/pages.ts';
import {
  registerResponseSchema,
  type TokenResponse,
  tokenResponseSchema,
  type User,
  type WorkspaceSummary,
  workspaceSummarySchema,
  workspacesResponseSchema,
} from '../api/schemas.ts';
import { browserTimeZone } from '../time-zones.ts';
import { type HeldToken, holdToken, isFresh, REFRESH_MARGIN_MS } from './access-token.ts';
import { deleteUserData } from './local-data.ts';
import { clearSessionCache, loadSessionCache, type SessionCache, saveSessionCache } from './session-cache.ts';
import { SessionExpiredError, type SessionSnapshot } from './session-state.ts';

type ChannelMessage =
  | { type: 'token'; user: User; token: HeldToken }
  | { type: 'signed-out'; userId: string }
  | { type: 'cache'; userId: string };

const LOCK_NAME = 'taskflow:auth-refresh';
const CHANNEL_NAME = 'taskflow:session';

export class Session {
  #snapshot: SessionSnapshot;
  #token: HeldToken | null = null;
  #refreshing: Promise<string> | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #listeners = new Set<() => void>();
  readonly #signOutListeners = new Set<() => Promise<void>>();
  readonly #signedOut = () => Promise.all([...this.#signOutListeners].map((listener) => listener()));
  readonly #channel = new BroadcastChannel(CHANNEL_NAME);

  constructor() {
    const cache = loadSessionCache();
    this.#snapshot = {
      user: cache?.user ?? null,
      workspaces: cache?.workspaces ?? [],
      lastWorkspaceId: cache?.lastWorkspaceId ?? null,
      auth: cache ? 'pending' : 'none',
      epoch: 0,
    };
    this.#channel.onmessage = (event: MessageEvent<ChannelMessage>) => this.#receive(event.data);
    window.addEventListener('online', () => {
      if (this.#snapshot.auth === 'pending') void this.#warmUp();
    });
  }

  /** Gets a token and the current workspace list in the background; the cache already shows. */
  start(): void {
    if (this.#snapshot.auth === 'pending') void this.#warmUp();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly get = (): SessionSnapshot => this.#snapshot;

  /** Runs at every sign-out here or in another tab, before local data goes (root.tsx closes workspaces). */
  onSignOut(listener: () => Promise<void>): () => void {
    this.#signOutListeners.add(listener);
    return () => this.#signOutListeners.delete(listener);
  }

  /** For the sync provider and every request: a live access token, refreshed when needed. */
  async accessToken(): Promise<string> {
    if (isFresh(this.#token)) return this.#token.value;
    return this.refresh();
  }

  /** One refresh at a time in this tab, and (through the lock) in this browser. */
  refresh(failedToken?: string): Promise<string> {
    if (!this.#refreshing) {
      this.#refreshing = this.#refreshOnce(failedToken).finally(() => {
        this.#refreshing = null;
      });
    }
    return this.#refreshing;
  }

  /** An authorized request; a 401 gets one refresh and one retry. */
  async api<T>(path: string, schema: z.ZodType<T> | null, options: RequestOptions = {}): Promise<T> {
    const token = await this.accessToken();
    try {
      return await requestJson(path, schema, { ...options, token });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      const fresh = await this.refresh(token);
      return requestJson(path, schema, { ...options, token: fresh });
    }
  }

  async signIn(email: string, password: string): Promise<void> {
    const answer = await requestJson('/api/v1/auth/login', tokenResponseSchema, {
      method: 'POST',
      body: { email, password },
    });
    const previous = this.#snapshot.user;
    const sameUser = previous?.id === answer.user.id;
    this.#adopt(answer);
    this.#update({
      user: answer.user,
      workspaces: sameUser ? this.#snapshot.workspaces : [],
      lastWorkspaceId: sameUser ? this.#snapshot.lastWorkspaceId : null,
      auth: 'valid',
      epoch: this.#snapshot.epoch + 1,
    });
    this.#saveCache();
    this.#post({ type: 'token', user: answer.user, token: this.#token as HeldToken });
    await this.refreshWorkspaces().catch(() => undefined);
  }

  /** `verify`: the server wants the address confirmed first (REQUIRE_EMAIL_VERIFICATION): no sign-in yet. */
  async signUp(name: string, email: string, password: string): Promise<'signed-in' | 'verify'> {
    const answer = await requestJson('/api/v1/auth/register', registerResponseSchema, {
      method: 'POST',
      body: { name, email, password, timeZone: browserTimeZone() },
    });
    if (answer.verificationRequired) return 'verify';
    await this.signIn(email, password);
    return 'signed-in';
  }

  /** The account's new name or address (Settings, an email link), here and in the other tabs. */
  setProfile(user: User): void {
    if (this.#snapshot.user?.id !== user.id) return;
    this.#update({ user });
    this.#saveCache(true);
  }

  /**
   * Revokes the session on the server (best effort: offline, the device is still wiped), closes
   * every open workspace, then deletes this user's databases and cached data.
   */
  async signOut(): Promise<void> {
    const user = this.#snapshot.user;
    if (!user) return;
    // The cookie alone ends the session on the server; the bearer (if any) also revokes its jti.
    const token = this.#token?.value ?? null;
    clearTimeout(this.#timer);
    this.#token = null;
    await requestJson('/api/v1/auth/logout', null, { method: 'POST', token }).catch(() => undefined);
    this.#update({ user: null, workspaces: [], lastWorkspaceId: null, auth: 'none' });
    clearSessionCache();
    this.#post({ type: 'signed-out', userId: user.id });
    await this.#signedOut();
    await deleteUserData(user.id);
  }

  async refreshWorkspaces(): Promise<readonly WorkspaceSummary[]> {
    const workspaces = await allPages(
      (path, schema) => this.api(path, schema),
      '/api/v1/workspaces',
      workspacesResponseSchema,
      (p) => p.workspaces,
    );
    this.#update({ workspaces });
    this.#saveCache(true);
    return workspaces;
  }

  async createWorkspace(name: string): Promise<WorkspaceSummary> {
    const created = await this.api('/api/v1/workspaces', workspaceSummarySchema, {
      method: 'POST',
      body: { name },
    });
    this.#update({ workspaces: [...this.#snapshot.workspaces.filter((w) => w.id !== created.id), created] });
    this.#saveCache(true);
    return created;
  }

  rememberWorkspace(workspaceId: string): void {
    if (this.#snapshot.lastWorkspaceId === workspaceId) return;
    this.#update({ lastWorkspaceId: workspaceId });
    this.#saveCache();
  }

  async #warmUp(): Promise<void> {
    try {
      await this.accessToken();
      await this.refreshWorkspaces();
    } catch {
      // Offline or expired: the snapshot already says which; the cache keeps the app usable.
    }
  }

  async #refreshOnce(failedToken: string | undefined): Promise<string> {
    const run = async (): Promise<string> => {
      // Another tab may have refreshed while this one waited for the lock.
      if (isFresh(this.#token) && this.#token.value !== failedToken) return this.#token.value;
      let answer: TokenResponse;
      try {
        answer = await requestJson('/api/v1/auth/refresh', tokenResponseSchema, { method: 'POST' });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          this.#token = null;
          if (this.#snapshot.user) this.#update({ auth: 'expired' });
          throw new SessionExpiredError();
        }
        if (!isFresh(this.#token) && this.#snapshot.auth === 'valid') this.#update({ auth: 'pending' });
        throw error;
      }
      const current = this.#snapshot.user;
      if (current && current.id !== answer.user.id) {
        // The cookie belongs to someone else (signed in from another tab): start over as them.
        location.reload();
      }
      this.#adopt(answer);
      this.#update({ user: answer.user, auth: 'valid' });
      this.#saveCache();
      this.#post({ type: 'token', user: answer.user, token: this.#token as HeldToken });
      return answer.accessToken;
    };
    // Web Locks exist in every browser we support; without them (old engines) a tab refreshes alone.
    if (!navigator.locks) return run();
    return navigator.locks.request(LOCK_NAME, run);
  }

  #adopt(answer: TokenResponse): void {
    this.#setToken(holdToken(answer.accessToken, answer.expiresIn));
  }

  #setToken(token: HeldToken): void {
    this.#token = token;
    clearTimeout(this.#timer);
    const delay = Math.max(5_000, token.expiresAt - Date.now() - REFRESH_MARGIN_MS);
    this.#timer = setTimeout(() => void this.refresh().catch(() => undefined), delay);
  }

  #receive(message: ChannelMessage): void {
    const user = this.#snapshot.user;
    switch (message.type) {
      case 'token': {
        if (user && user.id !== message.user.id) {
          location.reload();
          return;
        }
        if (this.#token && this.#token.expiresAt >= message.token.expiresAt) return;
        this.#setToken(message.token);
        const wasExpired = this.#snapshot.auth === 'expired';
        if (!user) {
          // Signed in from another tab: take over its cached workspace list.
          const cache = loadSessionCache();
          this.#update({ user: message.user, workspaces: cache?.workspaces ?? [], auth: 'valid' });
          return;
        }
        this.#update({ auth: 'valid', epoch: this.#snapshot.epoch + (wasExpired ? 1 : 0) });
        return;
      }
      case 'signed-out': {
        if (user?.id !== message.userId) return;
        clearTimeout(this.#timer);
        this.#token = null;
        this.#update({ user: null, workspaces: [], lastWorkspaceId: null, auth: 'none' });
        void this.#signedOut();
        return;
      }
      case 'cache': {
        const cache = loadSessionCache();
        if (!user || cache?.user.id !== user.id) return;
        this.#update({ workspaces: cache.workspaces, user: cache.user });
        return;
      }
    }
  }

  #saveCache(announce = false): void {
    const { user, workspaces, lastWorkspaceId } = this.#snapshot;
    if (!user) return;
    const cache: SessionCache = { user, workspaces: [...workspaces], lastWorkspaceId };
    saveSessionCache(cache);
    if (announce) this.#post({ type: 'cache', userId: user.id });
  }

  #post(message: ChannelMessage): void {
    this.#channel.postMessage(message);
  }

  #update(patch: Partial<SessionSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...patch };
    for (const l of this.#listeners) l();
  }
}
