/**
 * Who I am, Settings and Sign out. On a wide screen they sit in the header; on a phone they fold
 * into a "Menu" disclosure so the header keeps the sync status and the bell in view. The panel is
 * not unmounted while sign-out asks for confirmation (its dialog lives inside it), so clicks and
 * Escape inside it do not close it.
 */
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { NARROW, useMediaQuery } from './use-media-query.ts';

export function AccountMenu({ children }: { children: ReactNode }) {
  const narrow = useMediaQuery(NARROW);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      // A dialog opened from the menu handles its own Escape.
      if (e.key !== 'Escape' || document.querySelector('dialog[open]')) return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (!narrow) return <>{children}</>;
  return (
    <div className="account-menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="account-menu-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        Menu
      </button>
      {open && (
        <div id={panelId} className="account-menu-panel">
          {children}
        </div>
      )}
    </div>
  );
}
