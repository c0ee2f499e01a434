import type { Candidate } from '../repositories/template.repository.js';
import { decideMatch, type MatchDecision } from './match-decision.js';

export interface RecheckPolicy {
  threshold: number;
  ambiguityMargin: number;
  /** HNSW breadth of the first search. */
  efSearchFast: number;
  /** HNSW breadth of the recheck (and of every search when `efSearchFast` ≥ it). */
  efSearch: number;
  /** A first answer is final when it is a match at least this far above the threshold. */
  clearMatchMargin: number;
}

/** A match far enough above the threshold that a wider search could not change the answer in practice. */
function isClearMatch(decision: MatchDecision, threshold: number, clearMatchMargin: number): boolean {
  return decision.kind === 'match' && decision.similarity >= threshold + clearMatchMargin;
}

/**
 * A narrow HNSW search first, then the same search at full breadth unless the first found a clear match
 * (the recheck answers with whichever of the two found the nearer template).
 * When a narrow search misses the true nearest person, what it finds instead is a stranger's template near
 * or below the threshold: an uncertain answer, never (in every miss measured at 100k–1M) a clear match
 * (docs/scale.md, "Two-stage search"). So a person at the door is answered by the cheap search and only
 * uncertain answers pay for the wide one. `search` runs one search at the given breadth.
 */
export async function searchWithRecheck<Found extends { candidates: Candidate[] }>(
  search: (efSearch: number) => Promise<Found>,
  policy: RecheckPolicy,
): Promise<Found & { decision: MatchDecision; rechecked: boolean }> {
  const { threshold, ambiguityMargin, efSearchFast, efSearch, clearMatchMargin } = policy;
  const first = await search(Math.min(efSearchFast, efSearch));
  const decision = decideMatch(first.candidates, threshold, ambiguityMargin);
  if (efSearchFast >= efSearch || isClearMatch(decision, threshold, clearMatchMargin)) {
    return { ...first, decision, rechecked: false };
  }
  const full = await search(efSearch);
  // HNSW is not monotonic in its breadth: should the wide search miss a template the narrow one found, that
  // template is still nearer to the probe, so the answer with the nearer best candidate stands.
  const nearer = bestSimilarity(first) > bestSimilarity(full) ? first : full;
  return { ...nearer, decision: decideMatch(nearer.candidates, threshold, ambiguityMargin), rechecked: true };
}

const bestSimilarity = ({ candidates }: { candidates: Candidate[] }) =>
  candidates[0]?.similarity ?? -Infinity;
