/** The protocol's bounds (Headcount): people in one hall. */
const HEADCOUNT_MAX = 10_000;

export type HeadcountInput = { ok: true; value: number | null } | { ok: false };

/** A typed headcount: a whole number 0–10,000, or empty (not counted yet). */
export function parseHeadcount(text: string): HeadcountInput {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  if (!/^\d+$/.test(trimmed)) return { ok: false };
  const value = Number(trimmed);
  return value <= HEADCOUNT_MAX ? { ok: true, value } : { ok: false };
}
