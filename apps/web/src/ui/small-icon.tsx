/**
 * A 16×16 drawing that is either decoration beside a word (hidden from assistive technology) or,
 * `label` given, an image named by it (a card shows the icon without the word). The shapes are the
 * caller's; the naming rules are kept here once.
 */
import type { ReactNode } from 'react';

type Props = {
  className: string;
  /** The image's name; without it the icon is decoration. */
  label?: string | undefined;
  /** Extra `data-*` attributes tests and styles read (e.g. `data-priority`). */
  data?: Record<`data-${string}`, string>;
  children: ReactNode;
};

export function SmallIcon({ className, label, data, children }: Props) {
  if (label === undefined) {
    return (
      <svg className={className} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
        {children}
      </svg>
    );
  }
  return (
    <svg
      className={className}
      viewBox="0 0 16 16"
      width="16"
      height="16"
      role="img"
      aria-label={label}
      {...data}
    >
      <title>{label}</title>
      {children}
    </svg>
  );
}
