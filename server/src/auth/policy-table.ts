import { ACTIONS, can, ROLES } from './policy.ts';

/** The policy table as Markdown, as docs/SECURITY.md prints it (a test keeps the two equal). */
export function renderPolicyTable(): string {
  const header = `| action | ${ROLES.join(' | ')} |`;
  const rule = `| --- | ${ROLES.map(() => ':-:').join(' | ')} |`;
  const rows = ACTIONS.map(
    (a) => `| \`${a}\` | ${ROLES.map((r) => (can(r, a) ? 'yes' : '—')).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}
