/** The page: waits for the local copy, asks for a name once, then shows the board of one project. */
import { readPeople, readProjects, setPersonName } from '@taskflow/model';
import { useEffect, useMemo, useState } from 'react';
import { AppHeader } from './components/app-header.tsx';
import { BoardPage } from './components/board-page.tsx';
import { ErrorBanner } from './components/error-banner.tsx';
import { LostMoveNotices } from './components/lost-move-notices.tsx';
import { NameDialog } from './components/name-dialog.tsx';
import { useCurrentProject } from './hooks/use-current-project.ts';
import { useDocVersion } from './hooks/use-doc-version.ts';
import { attempt } from './hooks/use-error-banner.ts';
import { editorFor, loadIdentity } from './identity/identity.ts';
import type { Workspace } from './sync/workspace.ts';
import { WorkspaceContext, type WorkspaceContextValue } from './workspace-context.ts';

export function App({ workspace }: { workspace: Workspace }) {
  const [ready, setReady] = useState(false);
  const [identity, setIdentity] = useState(loadIdentity);
  const [askName, setAskName] = useState(false);
  const [showArchived, setShowArchived] = useState(false);
  const { doc } = workspace;
  const version = useDocVersion(doc);

  useEffect(() => {
    let live = true;
    void workspace.ready.then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [workspace]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is how a document change reaches these memos.
  const people = useMemo(() => readPeople(doc), [doc, version]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: as above.
  const projects = useMemo(() => readProjects(doc), [doc, version]);
  const [project, chooseProject] = useCurrentProject(projects);
  const editor = useMemo(() => editorFor(identity.actorId), [identity.actorId]);

  // Record the name in the document so others see who did what; a no-op when it is already there.
  const knownName = people[identity.actorId];
  useEffect(() => {
    if (ready && identity.name && knownName !== identity.name) {
      const name = identity.name;
      attempt(() => setPersonName(doc, editor, identity.actorId, name));
    }
  }, [ready, identity, knownName, doc, editor]);

  const context = useMemo<WorkspaceContextValue>(
    () => ({ workspace, actorId: identity.actorId, editor, people }),
    [workspace, identity.actorId, editor, people],
  );

  if (!ready) {
    return (
      <p className="loading" role="status">
        Opening your workspace…
      </p>
    );
  }

  return (
    <WorkspaceContext.Provider value={context}>
      <AppHeader
        projects={projects}
        project={project}
        onChooseProject={chooseProject}
        myName={identity.name}
        onChangeName={() => setAskName(true)}
        showArchived={showArchived}
        onToggleArchived={() => setShowArchived((v) => !v)}
      />
      <main className="main">
        {project ? (
          <BoardPage key={project.id} projectId={project.id} showArchived={showArchived} version={version} />
        ) : (
          <p className="empty">
            This workspace has no projects on this device yet. It gets its first project from the server the
            first time you connect; you can also create one now with “New project”.
          </p>
        )}
      </main>
      <LostMoveNotices version={version} />
      <ErrorBanner />
      {(identity.name === null || askName) && (
        <NameDialog
          initial={identity.name ?? ''}
          onDone={(name) => {
            setIdentity({ actorId: identity.actorId, name });
            setAskName(false);
          }}
          onCancel={identity.name === null ? undefined : () => setAskName(false)}
        />
      )}
    </WorkspaceContext.Provider>
  );
}
