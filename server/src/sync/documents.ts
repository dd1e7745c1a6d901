/**
 * Which documents exist. Until accounts arrive (issue 3) there is one built-in workspace, and so
 * one document: `default`. Unknown names are refused in onAuthenticate, before Hocuspocus loads
 * anything: refusing in onLoadDocument leaks the Y.Doc and a timer (hocuspocus#1156).
 */
import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';

export const DEFAULT_WORKSPACE = 'default';

export function isKnownDocument(name: string): boolean {
  return name === DEFAULT_WORKSPACE;
}

/** The provider receives this as the PermissionDenied reason. */
export const UNKNOWN_DOCUMENT_REASON = 'unknown-document';

export const documentPolicy: Extension = {
  extensionName: 'taskflow-document-policy',
  async onAuthenticate({ documentName }: onAuthenticatePayload) {
    if (!isKnownDocument(documentName)) {
      // Hocuspocus reads `reason` for the PermissionDenied message it sends back.
      throw Object.assign(new Error(`unknown document "${documentName.slice(0, 100)}"`), {
        reason: UNKNOWN_DOCUMENT_REASON,
      });
    }
  },
};
