/**
 * Hands a file the app made (or fetched with the session's token, which a plain link could not
 * send) to the browser's download, under `name`.
 */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // After the click has handed the URL to the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
