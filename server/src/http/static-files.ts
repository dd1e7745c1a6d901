/**
 * Serves the built web app from one directory, with the single-page-app fallback: any path that is
 * not a file (and does not look like one) gets index.html, so client-side routes survive a reload.
 * index.html and sw.js are never cached (a new deploy must reach people); Vite's content-hashed
 * files under /assets/ are cached for a year.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

const NO_CACHE = 'no-cache';
const IMMUTABLE = 'public, max-age=31536000, immutable';
const NOT_BUILT =
  "Taskflow's web app is not built yet: run `npm run build` (or `npm start`, which builds first).";

export function createStaticHandler(staticDir: string): (request: Request) => Promise<Response> {
  const root = path.resolve(staticDir);

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method Not Allowed', { status: 405, headers: { allow: 'GET, HEAD' } });
    }
    const file = resolveInside(root, new URL(request.url).pathname);
    if (file === null) return new Response('Bad Request', { status: 400 });
    if (file !== root && (await isFile(file))) return send(request, file, cacheControlFor(root, file));
    // Missing files with an extension (a stale /assets/x.js) are real 404s, not the app.
    if (path.extname(file) !== '') return new Response('Not Found', { status: 404 });
    const index = path.join(root, 'index.html');
    if (!(await isFile(index))) {
      return new Response(NOT_BUILT, {
        status: 503,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
    }
    return send(request, index, NO_CACHE);
  };
}

/** The absolute file for a URL path, or null when the path escapes the root or cannot be decoded. */
function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(root, `.${path.posix.normalize(decoded)}`);
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

function cacheControlFor(root: string, file: string): string {
  const rel = path.relative(root, file).split(path.sep).join('/');
  return rel.startsWith('assets/') ? IMMUTABLE : NO_CACHE;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function send(request: Request, file: string, cacheControl: string): Promise<Response> {
  const body = await readFile(file);
  const headers = {
    'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': String(body.byteLength),
    'cache-control': cacheControl,
    'x-content-type-options': 'nosniff',
  };
  return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
}
