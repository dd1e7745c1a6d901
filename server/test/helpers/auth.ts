/**
 * Accounts for tests, over the real REST API: register, sign in, create workspaces, invite. A
 * session keeps its refresh cookie, so `token()` behaves like the web app's token function.
 */
export type ApiAnswer<T = unknown> = { status: number; body: T; headers: Headers };

// biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely; the assertions are the type check
export async function call<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: {
    token?: string;
    body?: unknown;
    rawBody?: string;
    cookie?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie !== undefined) headers.cookie = options.cookie;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** `tf_refresh=<value>` from a response, or undefined. */
export function refreshCookie(headers: Headers): string | undefined {
  for (const line of headers.getSetCookie()) {
    const m = /^tf_refresh=([^;]*)/.exec(line);
    if (m?.[1]) return `tf_refresh=${m[1]}`;
  }
  return undefined;
}

export type Session = {
  baseUrl: string;
  user: { id: string; email: string; name: string };
  email: string;
  password: string;
  accessToken: string;
  cookie: string;
  /** The current access token (what a provider's token function returns). */
  token: () => Promise<string>;
};

let counter = 0;

export async function register(
  baseUrl: string,
  options: { email?: string; name?: string; password?: string } = {},
): Promise<{ email: string; password: string; name: string; id: string }> {
  counter += 1;
  const email = options.email ?? `user${counter}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const password = options.password ?? 'correct horse battery staple';
  const name = options.name ?? `User ${counter}`;
  const res = await call<{ user: { id: string } }>(baseUrl, 'POST', '/auth/register', {
    body: { email, password, name },
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { email, password, name, id: res.body.user.id };
}

export async function login(baseUrl: string, email: string, password: string): Promise<Session> {
  const res = await call<{ accessToken: string; user: Session['user'] }>(baseUrl, 'POST', '/auth/login', {
    body: { email, password },
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  const cookie = refreshCookie(res.headers);
  if (!cookie) throw new Error('login set no refresh cookie');
  const session: Session = {
    baseUrl,
    user: res.body.user,
    email,
    password,
    accessToken: res.body.accessToken,
    cookie,
    token: async () => session.accessToken,
  };
  return session;
}

/** Registers a new user and signs them in. */
export async function signUp(
  baseUrl: string,
  options: { email?: string; name?: string } = {},
): Promise<Session> {
  const r = await register(baseUrl, options);
  return login(baseUrl, r.email, r.password);
}

export async function createWorkspace(session: Session, name = 'Team'): Promise<string> {
  const res = await call<{ id: string }>(session.baseUrl, 'POST', '/workspaces', {
    token: session.accessToken,
    body: { name },
  });
  if (res.status !== 201)
    throw new Error(`create workspace failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** `member` joins `workspaceId` with `role` through a real invitation, sent by `admin`. */
export async function addMember(
  admin: Session,
  workspaceId: string,
  member: Session,
  role: 'admin' | 'member' | 'viewer',
): Promise<void> {
  const inv = await call<{ url: string }>(admin.baseUrl, 'POST', `/workspaces/${workspaceId}/invite`, {
    token: admin.accessToken,
    body: { email: member.email, role },
  });
  if (inv.status !== 201) throw new Error(`invite failed: ${inv.status} ${JSON.stringify(inv.body)}`);
  const token = inv.body.url.split('/invite/')[1] ?? '';
  const res = await call(member.baseUrl, 'POST', `/invitations/${token}/accept`, {
    token: member.accessToken,
  });
  if (res.status !== 200) throw new Error(`accept failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** The first account of a fresh server: owner of the pre-accounts workspace `default`. */
export async function firstOwner(baseUrl: string): Promise<Session> {
  return signUp(baseUrl, { name: 'First Owner' });
}

/** Ann owns workspace `name`; Bob (an honest colleague) and Mallory (the attacker) are members. */
export async function annBobMallory(
  baseUrl: string,
  name: string,
): Promise<{ ann: Session; bob: Session; mallory: Session; ws: string }> {
  const ann = await signUp(baseUrl, { name: 'Ann' });
  const bob = await signUp(baseUrl, { name: 'Bob' });
  const mallory = await signUp(baseUrl, { name: 'Mallory' });
  const ws = await createWorkspace(ann, name);
  await addMember(ann, ws, bob, 'member');
  await addMember(ann, ws, mallory, 'member');
  return { ann, bob, mallory, ws };
}
