/**
 * The task's description: rich, collaborative text (issue 14) bound to the task's fragment in the
 * workspace document, so what is typed is saved as it is typed and merges with others' typing.
 * The editor is loaded on demand (rich-text/rich-editor.tsx); until it is there, and for a task
 * from before fragments until the server gives it one (description-fragment.ts: a client never
 * makes one for an existing task), the plain text box saves the string as before.
 */
import { LIMITS, taskDescriptionFragment } from '@taskflow/model';
import { lazy, Suspense } from 'react';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { useWorkspace } from '../workspace-context.ts';
import { FieldNotice } from './field-notice.tsx';
import { type FieldProps, textFieldKeys } from './field-props.ts';

const RichEditor = lazy(() => import('../rich-text/rich-editor.tsx'));

export function DescriptionField({ task, edits }: FieldProps) {
  const { workspace, people, readOnly } = useWorkspace();
  const fragment = useDocQuery(workspace.doc, (doc) => taskDescriptionFragment(doc, task.id), [task.id]);
  if (fragment) {
    return (
      <div className="field">
        <span>Description</span>
        <Suspense fallback={<p className="rich-editor-loading">{task.description || 'Loading…'}</p>}>
          <RichEditor
            key={task.id}
            fragment={fragment}
            people={people}
            readOnly={readOnly}
            label="Description"
            placeholder={readOnly ? '' : 'Add a description… (Markdown shortcuts, @ to mention)'}
          />
        </Suspense>
      </div>
    );
  }
  return (
    <>
      <label className="field">
        <span>Description</span>
        <textarea
          value={edits.values.description}
          onChange={(e) => edits.type('description', e.target.value)}
          onBlur={() => edits.commit('description')}
          onKeyDown={textFieldKeys(edits, 'description', true)}
          maxLength={LIMITS.description}
          rows={5}
        />
      </label>
      <FieldNotice edits={edits} field="description" />
    </>
  );
}
