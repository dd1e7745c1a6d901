/**
 * What the board, backlog and reports pages share: whether the workspace's local copy is open yet,
 * its projects (from the document, so the page works offline), and the project this tab shows,
 * remembered per person and workspace.
 */
import { readProjects } from '@taskflow/model';
import { userKey } from '../session/storage-keys.ts';
import { useWorkspace } from '../workspace-context.ts';
import { useCurrentProject } from './use-current-project.ts';
import { useDocQuery } from './use-doc-query.ts';
import { useWorkspaceReady } from './use-workspace-ready.ts';

export function useWorkspaceProject() {
  const { workspace, actorId } = useWorkspace();
  const ready = useWorkspaceReady();
  const projects = useDocQuery(workspace.doc, readProjects);
  const [project, chooseProject] = useCurrentProject(projects, userKey(actorId, 'project', workspace.name));
  return { ready, projects, project, chooseProject };
}
