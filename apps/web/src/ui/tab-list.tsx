/**
 * A row of tabs (WAI-ARIA tabs: `tablist`, each `tab` naming the one panel it controls). The
 * panel is the caller's: `tabPanelProps(id, selected)` gives it the matching id and label.
 */
export type Tab<K extends string> = { key: K; label: string };

export function TabList<K extends string>(props: {
  id: string;
  label: string;
  tabs: readonly Tab<K>[];
  selected: K;
  onSelect: (key: K) => void;
}) {
  return (
    <div role="tablist" aria-label={props.label} className="tab-list">
      {props.tabs.map((t) => (
        <button
          key={t.key}
          type="button"
          role="tab"
          id={`${props.id}-${t.key}`}
          aria-selected={props.selected === t.key}
          aria-controls={`${props.id}-panel`}
          onClick={() => props.onSelect(t.key)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

/** The attributes of the panel a `TabList` with this id controls. */
export function tabPanelProps(id: string, selected: string) {
  return { role: 'tabpanel', id: `${id}-panel`, 'aria-labelledby': `${id}-${selected}` } as const;
}
