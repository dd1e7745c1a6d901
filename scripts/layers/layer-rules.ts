/**
 * The import rules `npm test` holds the code to (docs/ARCHITECTURE.md, "Layers"): no import cycle
 * anywhere, the three packages in one direction (apps/web → packages/model ← server), the model
 * and the web app free of Node's built-ins, and the server's folders stacked so that an import only
 * runs down. Written as dependency-cruiser rules; layer-check.ts runs them.
 */
import type { IForbiddenRuleType } from 'dependency-cruiser';

/**
 * The server's layers, bottom first: a file may import its own layer and the ones below it.
 * Base files hold no feature knowledge; observability measures and logs for everyone above it;
 * cluster carries bytes and signals between processes (Redis, PostgreSQL leases) and knows no
 * feature, so persistence, sync, protection and notifications may all use it; persistence stores
 * bytes and knows no feature; accounts
 * and auth know people; sync serves documents; protection limits rates and breaks circuits for the
 * layers above; notifications and automations are features that
 * sync hands changes to; reports read history; transfer moves data in and out (backup, export,
 * imports); http is the REST face; services.ts builds the parts; start-server.ts
 * and main.ts wire one process.
 */
export const SERVER_LAYERS: readonly { name: string; paths: readonly string[] }[] = [
  { name: 'base', paths: ['config', 'errors', 'logger', 'periodic', 'zoned-time'].map((f) => `${f}\\.ts$`) },
  { name: 'observability', paths: ['observability/'] },
  { name: 'cluster', paths: ['cluster/'] },
  { name: 'persistence', paths: ['persistence/'] },
  { name: 'net, auth', paths: ['net/', 'auth/'] },
  { name: 'accounts', paths: ['accounts/'] },
  { name: 'sync', paths: ['sync/'] },
  { name: 'protection', paths: ['protection/'] },
  { name: 'history', paths: ['history/'] },
  { name: 'reports', paths: ['reports/'] },
  { name: 'notifications', paths: ['notifications/'] },
  { name: 'automations', paths: ['automations/'] },
  { name: 'transfer', paths: ['transfer/'] },
  { name: 'http', paths: ['http/'] },
  { name: 'services', paths: ['services\\.ts$'] },
  { name: 'process', paths: ['start-server\\.ts$', 'main\\.ts$', 'index\\.ts$'] },
];

const SERVER = '^server/src/';
const under = (paths: readonly string[]) => `${SERVER}(${paths.join('|')})`;

function layerRules(): IForbiddenRuleType[] {
  return SERVER_LAYERS.slice(0, -1).map((layer, i) => ({
    name: `server-layer-${layer.name.replace(/\W+/g, '-')}`,
    comment: `server/src layer "${layer.name}" imports a layer above it: ${SERVER_LAYERS.slice(i + 1)
      .map((l) => l.name)
      .join(', ')}`,
    severity: 'error',
    from: { path: under(layer.paths) },
    to: { path: under(SERVER_LAYERS.slice(i + 1).flatMap((l) => l.paths)) },
  }));
}

export const RULES: readonly IForbiddenRuleType[] = [
  {
    name: 'no-cycle',
    comment: 'files that import each other in a loop: one of them must give the other a callback or option',
    severity: 'error',
    from: {},
    to: { circular: true },
  },
  {
    name: 'no-folder-cycle',
    comment: 'folders that import each other in a loop: move the shared piece down into its own place',
    severity: 'error',
    scope: 'folder',
    from: {},
    to: { circular: true },
  },
  {
    name: 'model-knows-no-app',
    comment: 'packages/model is the domain: it imports neither the server nor the web app',
    severity: 'error',
    from: { path: '^packages/model/' },
    to: { path: '^(server|apps)/' },
  },
  {
    name: 'web-and-server-apart',
    comment: 'the web app and the server share only packages/model',
    severity: 'error',
    from: { path: '^(apps/web|server)/' },
    to: { path: '^(apps/web|server)/', pathNot: '^$1/' },
  },
  {
    name: 'model-and-web-without-node',
    comment: 'the model is pure and the web app runs in a browser: no Node built-ins',
    severity: 'error',
    from: { path: '^(packages/model|apps/web)/' },
    to: { dependencyTypes: ['core'] },
  },
  ...layerRules(),
];
