/** "Alice changed the description while you were editing — yours will replace theirs", with the choice. */

import type { Conflict } from './field-edits.ts';
import type { TaskField } from './task-form.ts';

type Props = {
  conflict: Conflict;
  /** The display name of who changed it; null when it was me, in another tab or device. */
  who: string | null;
  onKeepMine: (field: TaskField) => void;
  onTakeTheirs: (field: TaskField) => void;
};

const PREVIEW_CHARS = 140;

function preview(text: string): string {
  if (text.trim() === '') return '(empty)';
  return text.length > PREVIEW_CHARS ? `“${text.slice(0, PREVIEW_CHARS)}…”` : `“${text}”`;
}

export function FieldConflictNotice({ conflict, who, onKeepMine, onTakeTheirs }: Props) {
  const { field, theirs } = conflict;
  return (
    <div className="notice field-conflict" role="alert">
      <p>
        {who === null
          ? `You changed the ${field} elsewhere while you were editing here — this text will replace it.`
          : `${who} changed the ${field} while you were editing — yours will replace theirs.`}
      </p>
      <p>
        {who === null ? 'Saved' : 'Theirs'}: {preview(theirs)}
      </p>
      <div className="notice-actions">
        <button type="button" onClick={() => onKeepMine(field)}>
          Keep mine
        </button>
        <button type="button" onClick={() => onTakeTheirs(field)}>
          Take theirs
        </button>
      </div>
    </div>
  );
}
