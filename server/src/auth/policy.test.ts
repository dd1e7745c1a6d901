import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTIONS, can, canAssignRole, POLICY } from './policy.ts';
import { renderPolicyTable } from './policy-table.ts';

const SECURITY_MD = new URL('../../../docs/SECURITY.md', import.meta.url);

describe('policy table', () => {
  it('P1: docs/SECURITY.md prints exactly the policy table the server enforces', () => {
    const doc = readFileSync(SECURITY_MD, 'utf8');
    const match = /<!-- policy-table:start -->\n([\s\S]*?)\n<!-- policy-table:end -->/.exec(doc);
    // Cell by cell: the Markdown formatter (Biome) re-pads the columns.
    const cells = (table: string) =>
      table.split('\n').map((line) =>
        line
          .split('|')
          .map((c) => c.trim().replace(/^:?-+:?$/, '-'))
          .filter((_, i, all) => i > 0 && i < all.length - 1),
      );
    expect(match?.[1], 'the markers are missing').toBeDefined();
    expect(cells(match?.[1] ?? ''), 'regenerate with renderPolicyTable() (auth/policy-table.ts)').toEqual(
      cells(renderPolicyTable()),
    );
  });

  it('P2: nobody without a role may do anything; viewers only read; only owners make owners', () => {
    for (const a of ACTIONS) expect(can(null, a)).toBe(false);
    expect(ACTIONS.filter((a) => can('viewer', a))).toEqual([
      'workspace.read',
      'members.read',
      'project.read',
      'task.read',
      'sync.read',
      'sync.awareness',
    ]);
    expect(POLICY['sync.write']).not.toContain('viewer');
    expect(canAssignRole('admin', 'owner')).toBe(false);
    expect(canAssignRole('owner', 'owner')).toBe(true);
    expect(canAssignRole('member', 'viewer')).toBe(false);
  });
});
