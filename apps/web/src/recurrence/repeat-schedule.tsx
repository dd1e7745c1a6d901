/**
 * The friendly half of the repeat editor: a schedule kind, its days, a time with the rule's zone
 * written beside it. It edits a preset and hands back the cron rule it writes (repeat-presets.ts);
 * a rule that is no preset shows as "Custom", and is edited in the cron field instead.
 */
import { useId } from 'react';
import {
  type PresetKind,
  presetToCron,
  type RepeatPreset,
  switchPreset,
  WEEKDAY_NAMES,
} from './repeat-presets.ts';

type Props = {
  preset: RepeatPreset | null;
  /** Whether the cron field holds anything: an empty one is "choose", a foreign one "custom". */
  hasRule: boolean;
  timeZone: string;
  onCron: (cron: string) => void;
};

const KINDS: { kind: PresetKind; label: string }[] = [
  { kind: 'daily', label: 'Every day' },
  { kind: 'weekdays', label: 'Every weekday (Monday to Friday)' },
  { kind: 'weekly', label: 'Weekly on chosen days' },
  { kind: 'monthly', label: 'Monthly on a day' },
];

/** Monday first, as people read a week; cron's numbers stay underneath. */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];
const MONTH_DAYS = Array.from({ length: 31 }, (_, i) => i + 1);

export function RepeatSchedule({ preset, hasRule, timeZone, onCron }: Props) {
  const id = useId();
  const set = (next: RepeatPreset) => onCron(presetToCron(next));
  const kindValue = preset?.kind ?? (hasRule ? 'custom' : '');

  return (
    <div className="repeat-schedule">
      {/* Labels by `htmlFor`: a label around a select would name it with its options' text too. */}
      <div className="field">
        <label htmlFor={`${id}-kind`}>Repeats</label>
        <select
          id={`${id}-kind`}
          value={kindValue}
          onChange={(e) => {
            const kind = e.target.value as PresetKind | 'custom' | '';
            if (kind !== 'custom' && kind !== '') set(switchPreset(kind, preset));
          }}
        >
          {kindValue === '' && <option value="">Choose a schedule…</option>}
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
          {kindValue === 'custom' && <option value="custom">Custom rule (advanced)</option>}
        </select>
      </div>

      {preset?.kind === 'weekly' && (
        <fieldset className="repeat-days">
          <legend>On</legend>
          {WEEK_ORDER.map((d) => {
            const on = preset.days.includes(d);
            return (
              <label key={d} className="repeat-day">
                <input
                  type="checkbox"
                  checked={on}
                  // The last chosen day stays: a weekly rule on no day is no rule.
                  disabled={on && preset.days.length === 1}
                  onChange={() => {
                    const days = on ? preset.days.filter((x) => x !== d) : [...preset.days, d];
                    set({ ...preset, days: days.sort((a, b) => a - b) });
                  }}
                />
                <abbr title={WEEKDAY_NAMES[d]}>{WEEKDAY_NAMES[d]?.slice(0, 3)}</abbr>
              </label>
            );
          })}
        </fieldset>
      )}

      {preset?.kind === 'monthly' && (
        <div className="field">
          <label htmlFor={`${id}-day`}>Day of the month</label>
          <select
            id={`${id}-day`}
            value={String(preset.day)}
            onChange={(e) =>
              set({ ...preset, day: e.target.value === 'last' ? 'last' : Number(e.target.value) })
            }
          >
            {MONTH_DAYS.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
            <option value="last">Last day</option>
          </select>
          {typeof preset.day === 'number' && preset.day > 28 && (
            <small className="muted">Months without day {preset.day} are skipped.</small>
          )}
        </div>
      )}

      {preset && (
        <div className="field">
          <label htmlFor={`${id}-time`}>At</label>
          <span className="repeat-time">
            <input
              id={`${id}-time`}
              type="time"
              required
              value={preset.time}
              aria-describedby={`${id}-zone`}
              onChange={(e) => e.target.value && set({ ...preset, time: e.target.value })}
            />
            <span id={`${id}-zone`} className="repeat-zone">
              {timeZone}
            </span>
          </span>
        </div>
      )}
    </div>
  );
}
