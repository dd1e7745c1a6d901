/**
 * Runs the real server (`server/src/main.ts`) as a child process, the way `npm start` does, and
 * finds its port from the line it prints on listen. Killing it for real is the point: kill -9
 * tests need a process to kill.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const LISTENING = /^taskflow listening on (http:\/\/[^\s]+:(\d+))$/m;

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

export type ServerProcess = {
  port: number;
  url: string;
  wsUrl: string;
  child: ChildProcess;
  exited: Promise<Exit>;
  /** Everything the process printed so far, for failure messages. */
  output(): string;
  /** Sends SIGKILL now, synchronously: nothing more runs in the server after this. */
  kill9(): void;
  /** Sends `signal` and resolves with the exit and how long it took. */
  stop(signal?: NodeJS.Signals): Promise<Exit & { ms: number }>;
};

export async function spawnServer(options: {
  dataDir: string;
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATA_DIR: options.dataDir,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    out += chunk;
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({ code, signal }) as Exit);

  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: string) => {
      out += chunk;
      const match = LISTENING.exec(out);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    exited.then((e) => reject(new Error(`server exited (${e.code ?? e.signal}) before listening:\n${out}`)));
  });
  const port = Number(new URL(url).port);

  return {
    port,
    url,
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    child,
    exited,
    output: () => out,
    kill9: () => {
      child.kill('SIGKILL');
    },
    stop: async (signal = 'SIGTERM') => {
      const started = performance.now();
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const exit = await exited;
      return { ...exit, ms: performance.now() - started };
    },
  };
}
