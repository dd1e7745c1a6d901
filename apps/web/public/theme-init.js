// Applies the theme chosen on this device before the first paint (no light flash in dark mode).
// A plain file, not inline: the server's CSP allows scripts from our own origin only. It must stay
// a classic script in <head>, and its key and values match apps/web/src/theme/theme.ts.
try {
  const choice = localStorage.getItem('taskflow:theme');
  if (choice === 'light' || choice === 'dark') document.documentElement.dataset.theme = choice;
} catch {
  // Storage blocked: follow the system.
}
