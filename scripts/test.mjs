#!/usr/bin/env node
/**
 * `npm test`: everything, in order — browser check, types, lint/format, import layers, unit + property +
 * integration (Vitest), the production build, then e2e in Debian's Chromium (Playwright).
 * Ends with one line `N passed, N failed` summing every suite (also written to
 * .reports/summary.txt for .ci/run). Type check, lint and build count as one test each.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reports = join(root, '.reports');
const CHROMIUM = '/usr/bin/chromium';
const CADDY = '/usr/bin/caddy';
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

let passed = 0;
let failed = 0;
const lines = [];

function run(cmd, args, env = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return { ok: r.status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

function step(name, cmd, args) {
  console.log(`\n━━ ${name}`);
  const r = run(cmd, args);
  if (r.ok) passed++;
  else failed++;
  lines.push(`${r.ok ? 'ok  ' : 'FAIL'} ${name} (${r.seconds}s)`);
  return r.ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The tests' programs from Debian, installed when missing and we are root: Chromium for the
 * browser tests, Caddy for the reverse-proxy test of the documented Caddyfile, PostgreSQL and Redis
 * for the scale-out tests (they start their own, on free ports). Returns whether
 * Chromium is there (without Caddy only that one test fails, saying why).
 */
function ensureDebianTools() {
  const wanted = [
    { pkg: 'chromium', path: CHROMIUM },
    { pkg: 'caddy', path: CADDY },
    // Issue 16: the tests start their own PostgreSQL and Redis (server/test/helpers/engines.ts).
    { pkg: 'postgresql', path: '/usr/lib/postgresql/15/bin/initdb' },
    { pkg: 'redis-server', path: '/usr/bin/redis-server' },
  ].filter((t) => !existsSync(t.path));
  if (wanted.length > 0 && typeof process.getuid === 'function' && process.getuid() === 0) {
    const names = wanted.map((t) => t.pkg);
    console.log(`Missing: installing Debian packages ${names.join(', ')}…`);
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update', '-q'], env).ok) run('apt-get', ['install', '-y', '-q', ...names], env);
  }
  for (const t of wanted)
    if (!existsSync(t.path))
      console.error(
        `\nThe tests need ${t.path}. Install it as root:\n  apt-get install -y ${t.pkg}\n(no test tool downloads its own programs).`,
      );
  return existsSync(CHROMIUM);
}

const bin = (name) => join(root, 'node_modules', '.bin', name);

const haveBrowser = ensureDebianTools();
step('types (tsc --noEmit)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
step('lint + format (biome check)', bin('biome'), ['check', '.']);
step('import layers and cycles (dependency-cruiser)', process.execPath, [
  '--import',
  'tsx',
  join(root, 'scripts', 'layers', 'check.ts'),
]);

console.log('\n━━ unit, property and integration tests (vitest)');
const vitestJson = join(reports, 'vitest.json');
const v = run(bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
const vr = readJson(vitestJson);
if (vr) {
  passed += vr.numPassedTests;
  // A file that fails to load has no failed tests but must still fail the run.
  failed += vr.numFailedTests + (vr.numFailedTests === 0 && !v.ok ? 1 : 0);
  lines.push(
    `${v.ok ? 'ok  ' : 'FAIL'} vitest: ${vr.numPassedTests} passed, ${vr.numFailedTests} failed (${v.seconds}s)`,
  );
} else {
  failed++;
  lines.push(`FAIL vitest: no report (${v.seconds}s)`);
}

const built = step('build (vite build)', bin('vite'), ['build', '--logLevel', 'warn']);

if (haveBrowser && built) {
  console.log('\n━━ browser tests (playwright, Debian chromium)');
  const pwJson = join(reports, 'playwright.json');
  const p = spawnSync(bin('playwright'), ['test', '--reporter=list,json'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson },
  });
  const pr = readJson(pwJson);
  if (pr?.stats) {
    const ok = pr.stats.expected + (pr.stats.flaky ?? 0);
    const bad = pr.stats.unexpected;
    passed += ok;
    failed += bad;
    lines.push(`${p.status === 0 ? 'ok  ' : 'FAIL'} playwright: ${ok} passed, ${bad} failed`);
    if (p.status !== 0 && bad === 0) {
      failed++;
      lines.push('FAIL playwright exited non-zero');
    }
  } else {
    failed++;
    lines.push('FAIL playwright: no report');
  }
} else {
  failed++;
  lines.push(`FAIL playwright: not run (${haveBrowser ? 'build failed' : 'no Chromium'})`);
}

const summary = `${passed} passed, ${failed} failed`;
console.log(`\n${lines.join('\n')}`);
writeFileSync(join(reports, 'summary.txt'), `${summary}\n`);
console.log(summary);
process.exit(failed === 0 ? 0 : 1);
