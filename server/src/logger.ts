import { type Logger, pino } from 'pino';

export type { Logger };

/** JSON lines on stdout. Never log tokens or document content: log ids, sizes and reasons. */
export function createLogger(level: string): Logger {
  return pino({ name: 'taskflow', level });
}
