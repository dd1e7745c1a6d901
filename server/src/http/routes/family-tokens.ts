/**
 * The access tokens each refresh family (one login) has minted and that have not expired yet, so
 * ending a family (logout, refresh-token reuse) also revokes its live access tokens instead of
 * leaving them valid for up to 15 minutes. In memory: after a restart only the refresh side is
 * revoked, and those access tokens run out within 15 minutes.
 */
type Minted = { jti: string; expiresAt: number };

export class FamilyTokens {
  readonly #byFamily = new Map<string, Minted[]>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  add(familyId: string, jti: string, expiresAt: number): void {
    const now = this.#now();
    const live = (this.#byFamily.get(familyId) ?? []).filter((t) => t.expiresAt > now);
    live.push({ jti, expiresAt });
    this.#byFamily.set(familyId, live);
    if (this.#byFamily.size > 50_000) this.#prune(now);
  }

  take(familyId: string): Minted[] {
    const tokens = this.#byFamily.get(familyId) ?? [];
    this.#byFamily.delete(familyId);
    return tokens;
  }

  #prune(now: number): void {
    for (const [family, tokens] of this.#byFamily) {
      const live = tokens.filter((t) => t.expiresAt > now);
      if (live.length === 0) this.#byFamily.delete(family);
      else this.#byFamily.set(family, live);
    }
  }
}
