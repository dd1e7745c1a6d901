/**
 * CSV as spreadsheets read it (RFC 4180): comma separated, CRLF line ends, and a field quoted when
 * it holds a comma, a quote, or a line break, its quotes doubled. Numbers are written as the
 * server sent them, so a spreadsheet gets the report's exact values, not the table's formatting.
 */
export type CsvValue = string | number | null;

export function csvField(value: CsvValue): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly CsvValue[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows]
    .map((row) => row.map(csvField).join(','))
    .join('\r\n')
    .concat('\r\n');
}

/** A file name safe on every system: `burndown-Sprint 1/2` → `burndown-sprint-1-2.csv`. */
export function csvFileName(...parts: string[]): string {
  const slug = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'report'}.csv`;
}

/** Saves the text through the browser's download (a Blob URL on a temporary link). */
export function downloadCsv(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has read the URL by the time the click returns in every engine we support;
  // a later revoke only keeps the memory free.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
