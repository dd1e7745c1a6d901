/**
 * Shows a picker's <dialog> as modal once mounted, under its anchor when it has one, and gives
 * focus back on unmount to what had it when the picker opened (the card, the panel's button).
 */
import { type RefObject, useLayoutEffect, useState } from 'react';

/** Below the anchor, inside the window (above it when there is no room below). */
function placeUnder(dialog: HTMLDialogElement, anchor: Element): void {
  const rect = anchor.getBoundingClientRect();
  const width = dialog.offsetWidth;
  const height = dialog.offsetHeight;
  const left = Math.max(8, Math.min(rect.left, window.innerWidth - width - 8));
  const below = rect.bottom + 4;
  const top = below + height > window.innerHeight - 8 ? Math.max(8, rect.top - height - 4) : below;
  dialog.style.margin = '0';
  dialog.style.left = `${left}px`;
  dialog.style.top = `${top}px`;
}

export function usePickerDialog(
  ref: RefObject<HTMLDialogElement | null>,
  anchor: Element | null | undefined,
) {
  // Read at the first render: by the first effect, showModal has moved focus into the dialog.
  const [returnTo] = useState(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement : null,
  );
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // On a narrow screen it stays centred: under the anchor it would run off the side.
    if (dialog && anchor?.isConnected && window.innerWidth > 600) placeUnder(dialog, anchor);
  }, [ref, anchor]);
  useLayoutEffect(() => {
    const dialog = ref.current;
    return () => {
      // Closed first: while a modal dialog is open the page behind it is inert and takes no focus.
      if (dialog?.open) dialog.close();
      if (returnTo?.isConnected) returnTo.focus();
    };
  }, [ref, returnTo]);
}
