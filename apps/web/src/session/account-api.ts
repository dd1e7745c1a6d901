/**
 * Account self-service over REST (issue 15): the signed-out requests (forgot, reset, confirm an
 * address, resend a confirmation) and the signed-in changes (name, email, password). Answers are
 * zod-checked like every other; errors arrive as ApiError with the server's message.
 */
import { z } from 'zod';
import { requestJson } from '../api/http.ts';
import { type User, userSchema } from '../api/schemas.ts';
import type { Session } from './session.ts';

const messageSchema = z.object({ message: z.string() });

export async function askPasswordReset(email: string): Promise<string> {
  const answer = await requestJson('/api/v1/auth/password/forgot', messageSchema, {
    method: 'POST',
    body: { email },
  });
  return answer.message;
}

export function resetPassword(token: string, password: string): Promise<void> {
  return requestJson('/api/v1/auth/password/reset', null, { method: 'POST', body: { token, password } });
}

const verifiedSchema = z.object({
  purpose: z.enum(['sign_up', 'email_change']),
  user: userSchema.nullable(),
});
export type Verified = z.infer<typeof verifiedSchema>;

export function confirmEmail(token: string): Promise<Verified> {
  return requestJson('/api/v1/auth/email/verify', verifiedSchema, { method: 'POST', body: { token } });
}

export async function resendConfirmation(email: string): Promise<string> {
  const answer = await requestJson('/api/v1/auth/email/verify/resend', messageSchema, {
    method: 'POST',
    body: { email },
  });
  return answer.message;
}

const meSchema = z.object({ user: userSchema });

export async function changeName(session: Session, name: string): Promise<User> {
  const answer = await session.api('/api/v1/me', meSchema, { method: 'PATCH', body: { name } });
  session.setProfile(answer.user);
  return answer.user;
}

export async function changeEmail(session: Session, email: string, currentPassword: string): Promise<string> {
  const answer = await session.api('/api/v1/me/email', messageSchema, {
    method: 'POST',
    body: { email, currentPassword },
  });
  return answer.message;
}

export function changePassword(
  session: Session,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  return session.api('/api/v1/me/password', null, {
    method: 'POST',
    body: { currentPassword, newPassword },
  });
}
