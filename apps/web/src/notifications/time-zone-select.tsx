/** A select of the browser's IANA zones; a value it does not list (from the server) stays first. */
import { timeZones } from '../time-zones.ts';

type Props = { value: string; onChange: (zone: string) => void; disabled?: boolean };

export function TimeZoneSelect({ value, onChange, disabled }: Props) {
  const zones = timeZones();
  return (
    <select value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
      {(zones.includes(value) ? zones : [value, ...zones]).map((z) => (
        <option key={z} value={z}>
          {z}
        </option>
      ))}
    </select>
  );
}
