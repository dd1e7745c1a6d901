import type { AnchorHTMLAttributes } from 'react';
import { followLink } from './navigation.ts';

type Props = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'onClick'> & { href: string };

/** A real link (it opens in a new tab, it can be copied); a plain click stays in the app. */
export function Link({ href, children, ...rest }: Props) {
  return (
    <a href={href} {...rest} onClick={followLink}>
      {children}
    </a>
  );
}
