import { describe, expect, it } from 'vitest';
import type { Candidate } from '../repositories/template.repository.js';
import { candidate } from '../../test/support/candidates.js';
import { searchWithRecheck, type RecheckPolicy } from './search-with-recheck.js';

const POLICY: RecheckPolicy = {
  threshold: 0.45,
  ambiguityMargin: 0.02,
  efSearchFast: 64,
  efSearch: 200,
  clearMatchMargin: 0.1,
};

/** Runs the policy over a search that answers `narrow` at the first breadth and `wide` at full breadth. */
async function run(narrow: Candidate[], wide: Candidate[], policy = POLICY) {
  const breadths: number[] = [];
  const found = await searchWithRecheck((efSearch) => {
    breadths.push(efSearch);
    return Promise.resolve({ candidates: efSearch >= policy.efSearch ? wide : narrow });
  }, policy);
  return { breadths, decision: found.decision, rechecked: found.rechecked };
}

describe(searchWithRecheck.name, () => {
  it('keeps a match at least the margin above the threshold from the narrow search', async () => {
    const { breadths, decision, rechecked } = await run([candidate('a', 0.55)], [candidate('b', 0.9)]);
    expect(breadths).toEqual([64]);
    expect(rechecked).toBe(false);
    expect(decision).toMatchObject({ kind: 'match', best: { personId: 'a' } });
  });

  it('rechecks a match within the margin, and answers what the wide search found', async () => {
    const { breadths, decision, rechecked } = await run([candidate('a', 0.5499)], [candidate('b', 0.6)]);
    expect(breadths).toEqual([64, 200]);
    expect(rechecked).toBe(true);
    expect(decision).toMatchObject({ kind: 'match', best: { personId: 'b' } });
  });

  it('keeps the narrow answer when the wide search found nothing nearer (HNSW is not monotonic)', async () => {
    const { breadths, decision } = await run([candidate('a', 0.5)], [candidate('b', 0.47)]);
    expect(breadths).toEqual([64, 200]);
    expect(decision).toMatchObject({ kind: 'match', best: { personId: 'a' } });
  });

  it('rechecks unknown, ambiguous and empty answers', async () => {
    for (const narrow of [[candidate('a', 0.3)], [candidate('a', 0.8), candidate('b', 0.79)], []]) {
      const { breadths } = await run(narrow, [candidate('c', 0.7)]);
      expect(breadths).toEqual([64, 200]);
    }
  });

  it('searches once, at full breadth, when the first breadth is not narrower', async () => {
    const policy = { ...POLICY, efSearchFast: 300 };
    const { breadths, decision } = await run([], [candidate('a', 0.3)], policy);
    expect(breadths).toEqual([200]);
    expect(decision.kind).toBe('unknown');
  });
});
