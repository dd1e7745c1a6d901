/** Settings' appearance choice: System / Light / Dark, applied at once and kept on this device. */
import { useState } from 'react';
import { readTheme, setTheme, THEME_CHOICES, type ThemeChoice } from './theme.ts';

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

export function ThemeSwitch() {
  const [choice, setChoice] = useState<ThemeChoice>(readTheme);
  return (
    <fieldset className="theme-switch">
      <legend>Appearance</legend>
      <div className="segmented">
        {THEME_CHOICES.map((c) => (
          <label key={c}>
            <input
              type="radio"
              name="theme"
              value={c}
              checked={choice === c}
              onChange={() => {
                setTheme(c);
                setChoice(c);
              }}
            />
            {LABELS[c]}
          </label>
        ))}
      </div>
      <p className="hint-text muted">
        Kept on this device. System follows your device’s light or dark setting.
      </p>
    </fieldset>
  );
}
