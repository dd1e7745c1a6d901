/** One activity item: who, what (one line per changed field), and when, offline changes marked. */
import type { ReactNode } from 'react';
import { describeEntry, type Names } from './describe-entry.ts';
import { entryTimeText } from './entry-time.ts';
import type { ActivityItem } from './history-api.ts';

type Props = { item: ActivityItem; names: Names; now: Date; children?: ReactNode };

export function ActivityEntry({ item, names, now, children }: Props) {
  const lines = describeEntry(item, names);
  const [first, ...rest] = lines;
  return (
    <li className={`activity-entry${item.offline ? ' offline' : ''}`} data-kind={item.kind}>
      <p>
        <strong>{item.actorName}</strong> {first}
        {children}{' '}
        <time
          dateTime={item.arrivedAt}
          title={`Made ${new Date(item.madeAt).toLocaleString()}, arrived ${new Date(item.arrivedAt).toLocaleString()}`}
          className="muted entry-time"
        >
          {entryTimeText(item, { now })}
        </time>
      </p>
      {rest.length > 0 && (
        <ul className="activity-more">
          {rest.map((line, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines of one immutable entry never reorder.
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
    </li>
  );
}
