// Preloaded into the servers under test (with --expose-gc): on SIGUSR2, collect garbage and print
// the live heap, the resident set and the memory outside the JS heap (Buffers, zlib), so memory per
// idle connection is measured as what stays alive, not only as RSS (which also holds heap the
// engine keeps reserved after the handshake burst).
process.on('SIGUSR2', () => {
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  process.stdout.write(`bench-heap ${m.heapUsed} ${m.rss} ${m.external}\n`);
});
