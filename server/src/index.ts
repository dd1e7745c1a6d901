export { type Config, ConfigError, parseConfig } from './config.ts';
export { createLogger, type Logger } from './logger.ts';
export { type RunningServer, type StartOptions, startServer } from './start-server.ts';
export { DEFAULT_WORKSPACE } from './sync/documents.ts';
export { REJECTION_REASONS, type RejectionMessage, type RejectionReason } from './sync/update-guard.ts';
export { SYNC_PATH } from './sync/websocket.ts';
