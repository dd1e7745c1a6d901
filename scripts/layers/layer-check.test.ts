import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLayers, describeViolation } from './layer-check.ts';

/** A throwaway tree laid out like the repository, so the real rules apply to it. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'taskflow-layers-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const roots: string[] = [];
const check = async (files: Record<string, string>) => {
  const root = tree(files);
  roots.push(root);
  const report = await checkLayers(root, ['packages/model/src', 'server/src', 'apps/web/src']);
  return report.violations.map(describeViolation);
};

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('the import rules', () => {
  it('L1: pass a tree whose imports only run down', async () => {
    const found = await check({
      'server/src/logger.ts': 'export const log = 1;\n',
      'server/src/persistence/store.ts': "import { log } from '../logger.ts';\nexport const store = log;\n",
      'server/src/http/route.ts':
        "import { store } from '../persistence/store.ts';\nexport const r = store;\n",
      'apps/web/src/a.ts': 'export const a = 1;\n',
    });
    expect(found).toEqual([]);
  });

  it('L2: fail on a deliberate import cycle', async () => {
    const found = await check({
      'apps/web/src/session.ts':
        "import { open } from './workspace.ts';\nexport const session = () => open;\n",
      'apps/web/src/workspace.ts':
        "import { session } from './session.ts';\nexport const open = () => session;\n",
    });
    expect(found.some((v) => v.startsWith('no-cycle:'))).toBe(true);
  });

  it('L5: fail on folders that import each other, even without a file cycle', async () => {
    const found = await check({
      'apps/web/src/components/form.ts': 'export const field = 1;\n',
      'apps/web/src/components/detail.ts':
        "import { panel } from '../panel/panel.ts';\nexport const d = panel;\n",
      'apps/web/src/panel/panel.ts':
        "import { field } from '../components/form.ts';\nexport const panel = field;\n",
    });
    expect(found.some((v) => v.startsWith('no-cycle:'))).toBe(false);
    expect(found.some((v) => v.startsWith('no-folder-cycle:'))).toBe(true);
  });

  it('L3: fail on an import that runs back up the server layers', async () => {
    const found = await check({
      'server/src/http/schema.ts': 'export const TABLE = 1;\n',
      'server/src/persistence/migrations.ts':
        "import { TABLE } from '../http/schema.ts';\nexport const m = TABLE;\n",
    });
    expect(found).toEqual([
      'server-layer-persistence: server/src/persistence/migrations.ts → server/src/http/schema.ts',
    ]);
  });

  it('L4: fail when the packages cross: the model or the web app importing the server, the web app importing Node', async () => {
    const found = await check({
      'server/src/errors.ts': 'export const e = 1;\n',
      'apps/web/src/errors.ts': "import { e } from '../../../server/src/errors.ts';\nexport const w = e;\n",
      'packages/model/src/index.ts':
        "import { e } from '../../../server/src/errors.ts';\nexport const m = e;\n",
      'apps/web/src/files.ts': "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n",
    });
    expect(found.map((v) => v.split(':')[0]).sort()).toEqual([
      'model-and-web-without-node',
      'model-knows-no-app',
      'web-and-server-apart',
    ]);
  });
});
