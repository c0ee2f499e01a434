import type { Candidate } from '../repositories/template.repository.js';

export type MatchDecision =
  | { kind: 'none' }
  | { kind: 'unknown' | 'ambiguous'; best: Candidate; similarity: number; margin: number | null }
  | { kind: 'match'; best: Candidate; similarity: number; margin: number | null };

/**
 * Decides from nearest candidates (best first, several per person possible):
 * - nobody → `none`; best similarity below `threshold` → `unknown`;
 * - a different person within `ambiguityMargin` of the best → `ambiguous` (treated as unknown);
 * - otherwise `match`. `margin` = best − best similarity of another person (null without a runner-up).
 */
export function decideMatch(
  candidates: readonly Candidate[],
  threshold: number,
  ambiguityMargin: number,
): MatchDecision {
  const best = candidates[0];
  if (!best) return { kind: 'none' };
  const runnerUp = candidates.find((c) => c.personId !== best.personId);
  const margin = runnerUp ? best.similarity - runnerUp.similarity : null;
  if (best.similarity < threshold) return { kind: 'unknown', best, similarity: best.similarity, margin };
  if (margin !== null && margin < ambiguityMargin) {
    return { kind: 'ambiguous', best, similarity: best.similarity, margin };
  }
  return { kind: 'match', best, similarity: best.similarity, margin };
}
