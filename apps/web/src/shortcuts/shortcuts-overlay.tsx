/**
 * The `?` overlay: every shortcut of the registry (shortcut-registry.ts) by group, as the board's
 * handler reads them, so what it lists is what the keys do. Viewers are not shown the keys that
 * edit (the handler ignores those for them). A modal dialog: Escape, the Close button or a click
 * outside closes it and focus goes back where it was.
 */
import { useId, useRef } from 'react';
import { usePickerDialog } from '../pickers/use-picker-dialog.ts';
import { chordLabel, chordPress, SHORTCUT_GROUPS, SHORTCUTS } from './shortcut-registry.ts';
import './shortcuts.css';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function ShortcutsOverlay({ readOnly, onClose }: { readOnly: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  usePickerDialog(ref, null);
  const shown = SHORTCUTS.filter((s) => !(s.edits && readOnly));
  return (
    <dialog
      ref={ref}
      className="dialog shortcuts-overlay"
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => e.target === e.currentTarget && onClose()}
      onKeyDown={(e) => e.stopPropagation()}
    >
      <div className="detail-header">
        <h2 id={titleId}>Keyboard shortcuts</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="muted shortcuts-note">
        On the board, when you are not typing in a field. With tasks marked by X, the actions apply to all of
        them as one change.
      </p>
      {SHORTCUT_GROUPS.map((group) => {
        const entries = shown.filter((s) => s.group === group);
        if (entries.length === 0) return null;
        return (
          <section key={group} aria-label={group}>
            <h3>{group}</h3>
            <dl className="shortcuts-list">
              {entries.map((s) => (
                <div key={s.action} className="shortcut-row" data-shortcut={s.action}>
                  <dt>
                    {s.chords.map((c, i) => (
                      <span key={chordPress(c)}>
                        {i > 0 && <span className="muted"> or </span>}
                        <kbd data-press={chordPress(c)}>{chordLabel(c, isMac)}</kbd>
                      </span>
                    ))}
                  </dt>
                  <dd>{s.description}</dd>
                </div>
              ))}
            </dl>
          </section>
        );
      })}
    </dialog>
  );
}
