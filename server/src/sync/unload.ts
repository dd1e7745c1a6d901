import type { Hocuspocus } from '@hocuspocus/server';

/**
 * Unloads every document once its sockets are gone, so no Awareness timer or debounced store
 * outlives the server. Documents still loaded after `timeoutMs` are destroyed directly: their
 * updates are already in SQLite.
 */
export async function unloadAll(hocuspocus: Hocuspocus, timeoutMs: number): Promise<void> {
  hocuspocus.closeConnections();
  if (hocuspocus.getDocumentsCount() > 0) {
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
      hocuspocus.configuration.extensions.push({
        async afterUnloadDocument() {
          if (hocuspocus.getDocumentsCount() === 0) resolve();
        },
      });
      // Runs debounced stores now; each unloads its document when done.
      hocuspocus.flushPendingStores();
      for (const document of hocuspocus.documents.values()) void hocuspocus.unloadDocument(document);
    });
    clearTimeout(timer);
  }
  for (const document of hocuspocus.documents.values()) document.destroy();
  hocuspocus.documents.clear();
}
