import type { Project } from '@taskflow/model';
import { ProjectSwitcher } from './project-switcher.tsx';
import { StatusPill } from './status-pill.tsx';

type Props = {
  projects: readonly Project[];
  project: Project | undefined;
  onChooseProject: (id: string) => void;
  myName: string | null;
  onChangeName: () => void;
  showArchived: boolean;
  onToggleArchived: () => void;
};

export function AppHeader(props: Props) {
  return (
    <header className="app-header">
      <h1 className="brand">Taskflow</h1>
      <ProjectSwitcher projects={props.projects} project={props.project} onChoose={props.onChooseProject} />
      <button type="button" aria-pressed={props.showArchived} onClick={props.onToggleArchived}>
        {props.showArchived ? 'Hide archived' : 'Show archived'}
      </button>
      <div className="header-end">
        {props.myName && (
          <span className="me">
            Signed in as <strong>{props.myName}</strong>{' '}
            <button type="button" className="link" onClick={props.onChangeName}>
              Change name
            </button>
          </span>
        )}
        <StatusPill />
      </div>
    </header>
  );
}
