/**
 * Ranks are jittered with Math.random and ids are random UUIDs: for a randomized run to replay
 * exactly from its seed, both come from the seed while it runs (the edge of the world replaced).
 * Plain replacements, not spies: a spy records every call, which long runs pay for.
 * Returns the function that puts the real ones back.
 */
import { rng } from './prng.ts';

export function seededRandomness(seed: number): () => void {
  const r = rng(seed ^ 0x5bd1e995);
  const hex = () =>
    Math.floor(r.next() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  const random = Math.random;
  const randomUUID = globalThis.crypto.randomUUID;
  Math.random = () => r.next();
  globalThis.crypto.randomUUID = () => {
    const h = hex() + hex() + hex() + hex();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}` as ReturnType<
      Crypto['randomUUID']
    >;
  };
  return () => {
    Math.random = random;
    globalThis.crypto.randomUUID = randomUUID;
  };
}
