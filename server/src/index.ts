export { type Config, ConfigError, parseConfig } from './config.ts';
export { ERROR_CODES, ERROR_STATUS, type ErrorBody, type ErrorCode } from './errors.ts';
export { createLogger, type Logger } from './logger.ts';
export { type RunningServer, type StartOptions, startServer } from './start-server.ts';
export { AUTH_REASONS, DEFAULT_WORKSPACE } from './sync/documents.ts';
export { CLOSE_FORBIDDEN, CLOSE_UNAUTHENTICATED } from './sync/live-connections.ts';
export { REJECTION_REASONS, type RejectionMessage, type RejectionReason } from './sync/update-guard.ts';
export { SYNC_PATH } from './sync/websocket.ts';
