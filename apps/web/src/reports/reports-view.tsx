/**
 * A project's reports as tabs, one report drawn at a time (each is a request and a chart). The
 * range applies to the reports over days and weeks; the burndown has its sprint, velocity its
 * last sprints. The chosen tab is in the address (`?report=cfd`), so a reload reopens it.
 */
import type { Project } from '@taskflow/model';
import { useId, useState } from 'react';
import { useSprints } from '../planning/use-sprints.ts';
import { navigate, useLocation } from '../router/navigation.ts';
import { useWorkspace } from '../workspace-context.ts';
import { BurndownReport } from './burndown-report.tsx';
import { CfdReport } from './cfd-report.tsx';
import { CreatedResolvedReport } from './created-resolved-report.tsx';
import { CycleTimeReport } from './cycle-time-report.tsx';
import { defaultRange } from './day-range.ts';
import type { DayRange } from './reports-api.ts';
import { TimeReport } from './time-report.tsx';
import { VelocityReport } from './velocity-report.tsx';
import './reports.css';
import { TabList, tabPanelProps } from '../ui/tab-list.tsx';

const TABS = [
  { key: 'burndown', label: 'Burndown', ranged: false },
  { key: 'velocity', label: 'Velocity', ranged: false },
  { key: 'cfd', label: 'Cumulative flow', ranged: true },
  { key: 'cycle-time', label: 'Cycle time', ranged: true },
  { key: 'created-resolved', label: 'Created vs resolved', ranged: true },
  { key: 'time', label: 'Time', ranged: true },
] as const;
type Tab = (typeof TABS)[number]['key'];

function tabOf(search: string): Tab {
  const asked = new URLSearchParams(search).get('report');
  return TABS.find((t) => t.key === asked)?.key ?? 'burndown';
}

export function ReportsView({ project }: { project: Project }) {
  const { workspace } = useWorkspace();
  const here = new URL(useLocation(), location.origin);
  const tab = tabOf(here.search);
  const [range, setRange] = useState<DayRange>(defaultRange);
  const sprints = useSprints(workspace.doc, project.id);
  const id = useId();
  const ranged = TABS.find((t) => t.key === tab)?.ranged ?? false;

  const choose = (key: Tab) => {
    const query = new URLSearchParams(here.search);
    query.set('report', key);
    navigate(`${here.pathname}?${query}`, { replace: true });
  };
  // An emptied date field keeps the last full range rather than asking the server about half of one.
  const setDay = (end: keyof DayRange, value: string) => {
    if (value) setRange((r) => ({ ...r, [end]: value }));
  };

  const props = { projectId: project.id, projectKey: project.key, range };
  return (
    <div className="reports">
      <TabList id={id} label="Reports" tabs={TABS} selected={tab} onSelect={choose} />
      <div {...tabPanelProps(id, tab)} className="report-panel">
        {ranged && (
          <fieldset className="report-range">
            <legend className="visually-hidden">Days the report covers</legend>
            <label className="inline-field">
              <span>From</span>
              <input
                type="date"
                value={range.from}
                max={range.to}
                onChange={(e) => setDay('from', e.target.value)}
              />
            </label>
            <label className="inline-field">
              <span>To</span>
              <input
                type="date"
                value={range.to}
                min={range.from}
                onChange={(e) => setDay('to', e.target.value)}
              />
            </label>
          </fieldset>
        )}
        {tab === 'burndown' ? (
          <BurndownReport sprints={sprints} />
        ) : tab === 'velocity' ? (
          <VelocityReport projectId={project.id} projectKey={project.key} />
        ) : tab === 'cfd' ? (
          <CfdReport {...props} />
        ) : tab === 'cycle-time' ? (
          <CycleTimeReport {...props} />
        ) : tab === 'created-resolved' ? (
          <CreatedResolvedReport {...props} />
        ) : (
          <TimeReport {...props} />
        )}
      </div>
    </div>
  );
}
