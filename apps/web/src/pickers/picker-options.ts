/**
 * What a picker lists for what was typed, as plain data (picker.tsx draws it). Type-ahead narrows
 * the options to those whose label or keywords contain every typed word at a word's start ("lo"
 * finds "Lowest" and "Ada Lovelace"), case and accents ignored. A picker that can create (labels)
 * adds "Create …" for a text no option has exactly, at the end so Enter keeps the best match.
 */
import { foldForSearch } from '@taskflow/model';

export type PickerOption = {
  id: string;
  label: string;
  /** Other words that find it: "me" for "Assign to me", the email of a person. */
  keywords?: string;
};

/** An entry of the list: an option, or the offer to create one from the typed text. */
export type PickerEntry = { kind: 'option'; option: PickerOption } | { kind: 'create'; text: string };

function words(text: string): string[] {
  return foldForSearch(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export function optionMatches(option: PickerOption, query: string): boolean {
  const wanted = words(query);
  if (wanted.length === 0) return true;
  const have = words(`${option.label} ${option.keywords ?? ''}`);
  return wanted.every((w) => have.some((h) => h.startsWith(w)));
}

export type CreateRule = {
  /** Why this text cannot be created (too long, too many), or null when it can. */
  refusal(text: string): string | null;
};

export function pickerEntries(
  options: readonly PickerOption[],
  query: string,
  create?: CreateRule,
): PickerEntry[] {
  const entries: PickerEntry[] = options
    .filter((option) => optionMatches(option, query))
    .map((option) => ({ kind: 'option', option }));
  const text = query.trim();
  const same = text.toLocaleLowerCase();
  // "Bug" when "bug" exists picks "bug": two labels that differ only in case are a typo, not a choice.
  if (create && text && !options.some((o) => o.label.toLocaleLowerCase() === same)) {
    if (create.refusal(text) === null) entries.push({ kind: 'create', text });
  }
  return entries;
}

/** The active entry after an arrow, Home or End key; the list wraps as the palette's does. */
export function stepActive(active: number, count: number, key: string): number {
  if (count === 0) return -1;
  const last = count - 1;
  switch (key) {
    case 'ArrowDown':
      return active >= last ? 0 : active + 1;
    case 'ArrowUp':
      return active <= 0 ? last : active - 1;
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return Math.min(Math.max(active, 0), last);
  }
}
