/** `node --import tsx scripts/layers/check.ts`: prints what breaks the import rules; exit 1 if any. */
import { fileURLToPath } from 'node:url';
import { checkLayers, describeViolation } from './layer-check.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const report = await checkLayers(root);
for (const v of report.violations) console.log(`  ${describeViolation(v)}`);
console.log(
  `imports checked: ${report.imports} in ${report.modules} files; ${report.violations.length} break the layer and cycle rules`,
);
process.exit(report.violations.length === 0 ? 0 : 1);
