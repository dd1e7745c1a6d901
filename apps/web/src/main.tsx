import { registerSW } from 'virtual:pwa-register';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { openWorkspace } from './sync/workspace.ts';
import './styles.css';

// Until accounts and workspaces exist there is one built-in workspace, `default`.
const workspace = openWorkspace('default');
registerSW({ immediate: true });

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <App workspace={workspace} />
  </StrictMode>,
);
