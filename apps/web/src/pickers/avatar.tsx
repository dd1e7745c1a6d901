/** A person as their initials on a colour of their own (colour.ts): the same on every card and device. */
import { colourStyle, initials } from './colour.ts';
import './pickers.css';

export function Avatar({ name, size = 'small' }: { name: string; size?: 'small' | 'medium' }) {
  return (
    <span className={`avatar-initials avatar-${size}`} style={colourStyle(name)} aria-hidden="true">
      {initials(name) || '?'}
    </span>
  );
}

/** "Unassigned": an empty dashed circle in the avatar's place. */
export function NoAvatar() {
  return <span className="avatar-initials avatar-small avatar-none" aria-hidden="true" />;
}
