/**
 * Runs the import rules (layer-rules.ts) over the source files, tests left out (a test may reach
 * into any layer it checks). `npm test` runs it as a step; the unit test runs it on a small tree
 * with a deliberate cycle and a deliberate upward import, to show it fails on them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import { RULES } from './layer-rules.ts';

export type LayerReport = { modules: number; imports: number; violations: IViolation[] };

export const SOURCE_ROOTS = ['packages/model/src', 'server/src', 'apps/web/src'];

/** `baseDir`: the folder the roots and the rules' paths are relative to (the repository). */
export async function checkLayers(baseDir: string, roots: string[] = SOURCE_ROOTS): Promise<LayerReport> {
  const previous = process.cwd();
  // dependency-cruiser reports and matches paths relative to the working directory.
  process.chdir(baseDir);
  try {
    const { output } = await cruise(
      roots.filter((r) => existsSync(join(baseDir, r))),
      {
        validate: true,
        ruleSet: { forbidden: [...RULES] },
        exclude: { path: ['\\.test\\.tsx?$', '/testing/', 'node_modules'] },
        doNotFollow: { path: ['node_modules'] },
        tsPreCompilationDeps: true,
        combinedDependencies: false,
        preserveSymlinks: false,
      },
    );
    const result = output as ICruiseResult;
    const imports = result.modules.reduce((n, m) => n + m.dependencies.length, 0);
    return { modules: result.summary.totalCruised, imports, violations: result.summary.violations };
  } finally {
    process.chdir(previous);
  }
}

export function describeViolation(v: IViolation): string {
  const loop = v.cycle?.length ? `: ${[v.from, ...v.cycle.map((c) => c.name)].join(' → ')}` : '';
  return `${v.rule.name}: ${v.from} → ${v.to}${loop}`;
}
