import { registerSW } from 'virtual:pwa-register';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { PasteLimitNotice } from './paste-limit/paste-limit-notice.tsx';
import { Root } from './root.tsx';
import { Session } from './session/session.ts';
import { SessionContext } from './session/use-session.ts';
import './styles.css';

// The CSP forbids eval (server/src/http/security-headers.ts): zod must not even probe for it.
z.config({ jitless: true });

// One session per page, outside React: StrictMode's double effects must not refresh twice.
const session = new Session();
session.start();
registerSW({ immediate: true });

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <SessionContext.Provider value={session}>
      <Root />
      <PasteLimitNotice />
    </SessionContext.Provider>
  </StrictMode>,
);
