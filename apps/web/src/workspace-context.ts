/** What every component of the board needs: the workspace, who is editing, and names of people. */
import type { Editor } from '@taskflow/model';
import { createContext, useContext } from 'react';
import type { Workspace } from './sync/workspace.ts';

export type WorkspaceContextValue = {
  workspace: Workspace;
  actorId: string;
  editor: Editor;
  /** actorId → display name. */
  people: Record<string, string>;
  /** Viewers, and anyone the server connected read-only: every edit control is off. */
  readOnly: boolean;
};

export const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

export function useWorkspace(): WorkspaceContextValue {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error('useWorkspace outside <WorkspaceContext>');
  return value;
}

export function personName(people: Record<string, string>, id: string | null): string {
  if (id === null) return '';
  return people[id] ?? id;
}
