/**
 * Where the command palette lives: a button in the header of every workspace view, and Ctrl/Cmd+K
 * anywhere on the page (palette-shortcut.ts). Closing gives focus back to whatever had it — the
 * field being typed in, the card, the button.
 */
import { useCallback, useContext, useEffect, useRef, useState } from 'react';
import { WorkspaceContext } from '../workspace-context.ts';
import { CommandPalette } from './command-palette.tsx';
import { isPaletteShortcut } from './palette-shortcut.ts';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function PaletteLauncher({ view }: { view: string | undefined }) {
  // Outside a workspace (home, settings) there is nothing to search.
  if (!useContext(WorkspaceContext)) return null;
  return <Launcher view={view} />;
}

function Launcher({ view }: { view: string | undefined }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);

  const show = useCallback(() => {
    returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setOpen(true);
  }, []);
  const close = useCallback(() => setOpen(false), []);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!isPaletteShortcut(e)) return;
      // The browser's own Ctrl+K (its search bar) stays out of the way.
      e.preventDefault();
      e.stopPropagation();
      if (open) close();
      else show();
    };
    // Capture: a field or a drag handle that stops the key on its way up still lets this one through.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open, show, close]);

  useEffect(() => {
    if (open) return;
    const target = returnTo.current;
    returnTo.current = null;
    if (target?.isConnected) target.focus();
  }, [open]);

  return (
    <>
      <button
        ref={button}
        type="button"
        className="palette-button"
        aria-haspopup="dialog"
        aria-keyshortcuts={isMac ? 'Meta+K' : 'Control+K'}
        onClick={show}
      >
        Search <kbd className="palette-kbd">{isMac ? '⌘K' : 'Ctrl K'}</kbd>
      </button>
      {open && <CommandPalette view={view} onClose={close} />}
    </>
  );
}
