export * from './board.ts';
export { BULK_LIMIT, type BulkAction, type BulkResult, bulkActionSchema, bulkUpdateTasks } from './bulk.ts';
export * from './changes.ts';
export * from './checklists.ts';
export { commentWalks, countCommentWalk } from './comment-index.ts';
export {
  type Block as CommentBlock,
  commentMentions,
  type Inline as CommentInline,
  parseComment,
} from './comment-markdown.ts';
export * from './comments.ts';
export * from './conflicts.ts';
export * from './deletion.ts';
export {
  addDescriptionFragments,
  DESCRIPTION_FRAGMENT_KEY,
  descriptionFragment,
  followDescriptionFragments,
  fragmentMentions,
  fragmentPlainText,
  liveBefore,
  observeDescriptionMentions,
  taskDescriptionFragment,
} from './description-fragment.ts';
export type { Editor } from './doc.ts';
export { columnsMap, newId, projectsMap } from './doc.ts';
export * from './errors.ts';
export {
  applyChanges,
  decodeFlatState,
  encodeFlatState,
  type FlatState,
  readFlatState,
  viewOfFlat,
} from './flat-state.ts';
export * from './keys.ts';
export * from './links.ts';
export * from './lost-edits.ts';
export * from './observe.ts';
export * from './origin.ts';
export * from './people.ts';
export { isPlacement, placementEntries, winningEntry } from './placement.ts';
export * from './projects.ts';
export { compareRanked } from './rank.ts';
export { liveColumns, readColumns, readProject, readProjects } from './read.ts';
export * from './restore.ts';
export * from './schema.ts';
export * from './seed.ts';
export * from './sprints.ts';
export * from './structure.ts';
export { structureIndex, structureIndexReads } from './structure-index.ts';
export { checkStructure } from './structure-rules.ts';
export {
  LINK_RELATIONS,
  LINK_TYPES,
  type LinkRelation,
  type LinkType,
  STRUCTURE_LIMITS,
} from './structure-stored.ts';
export * from './task-filter.ts';
export * from './task-index.ts';
export * from './task-order.ts';
export * from './task-search.ts';
export * from './tasks.ts';
export * from './timers.ts';
export { UNDO_LIMIT, UndoHistory, type UndoHistoryOptions, type UndoResult, type UndoState } from './undo.ts';
export * from './update-inspection.ts';
export * from './update-inspection-craft.ts';
export {
  FORGERY_REASONS,
  type Forgery,
  type ForgeryReason,
  findForgery,
  type Person,
} from './update-inspection-rules.ts';
export * from './views.ts';
export { readWatchers, taskFollowers, watchTask } from './watchers.ts';
export { countWorklogWalk, worklogWalks } from './worklog-index.ts';
export * from './worklogs.ts';
export * from './workspace-view.ts';
