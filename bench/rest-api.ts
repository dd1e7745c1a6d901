/** A signed-in REST user for the REST bench: register, log in, then JSON calls with the bearer token. */

export type Api = {
  token: string;
  userId: string;
  /** One request; throws unless the status is `expect`. Answers the parsed JSON. */
  call(method: string, path: string, body: unknown, expect: number): Promise<unknown>;
};

export async function signIn(baseUrl: string): Promise<Api> {
  const api = `${baseUrl}/api/v1`;
  const post = (path: string, body: unknown) =>
    fetch(`${api}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const account = { email: 'rest-bench@example.com', password: 'rest-bench-password-1', name: 'Rest Bench' };
  const registered = await post('/auth/register', account);
  if (registered.status !== 201) throw new Error(`register: ${registered.status} ${await registered.text()}`);
  const login = await post('/auth/login', { email: account.email, password: account.password });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
  const { accessToken, user } = (await login.json()) as { accessToken: string; user: { id: string } };
  return apiAs(baseUrl, accessToken, user.id);
}

/** The REST user with this token on the server at `baseUrl` (also: the same account after a restart). */
export function apiAs(baseUrl: string, accessToken: string, userId: string): Api {
  const api = `${baseUrl}/api/v1`;
  return {
    token: accessToken,
    userId,
    async call(method, path, body, expect) {
      const res = await fetch(`${api}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${accessToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const answer = (await res.json()) as unknown;
      if (res.status !== expect)
        throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(answer)}`);
      return answer;
    },
  };
}
