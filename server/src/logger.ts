import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/**
 * Keys whose values never reach a log line. Nothing logs them on purpose (we log ids, sizes,
 * reasons and route templates); this is the second line of defence, for an object logged whole by
 * mistake (a request's headers, a parsed body, an error carrying its options). Top level and one
 * level down (`{ err: { headers } }`, `{ body: { password } }`).
 */
const SECRET_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'cookie',
  '"set-cookie"',
  'smtpUrl',
  'html',
  'text',
];
export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.headers.${key}`]);

/**
 * JSON lines on stdout (or `destination`: tests read them). Never log tokens or document content:
 * log ids, sizes and reasons.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { name: 'taskflow', level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
