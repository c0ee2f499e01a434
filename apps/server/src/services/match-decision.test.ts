import { describe, expect, it } from 'vitest';
import { candidate } from '../../test/support/candidates.js';
import { decideMatch } from './match-decision.js';

describe(decideMatch.name, () => {
  it('nobody enrolled → none', () => {
    expect(decideMatch([], 0.45, 0.02)).toEqual({ kind: 'none' });
  });

  it('threshold is a similarity: at or above matches, below is unknown', () => {
    expect(decideMatch([candidate('a', 0.45)], 0.45, 0.02).kind).toBe('match');
    expect(decideMatch([candidate('a', 0.4499)], 0.45, 0.02).kind).toBe('unknown');
  });

  it('margin is measured to the best template of a DIFFERENT person', () => {
    const decision = decideMatch(
      [candidate('a', 0.9), candidate('a', 0.89), candidate('b', 0.6)],
      0.45,
      0.02,
    );
    expect(decision).toMatchObject({ kind: 'match', best: { personId: 'a' } });
    expect(decision.kind !== 'none' && decision.margin).toBeCloseTo(0.3);
  });

  it('two people within the margin → ambiguous; just outside → match', () => {
    expect(decideMatch([candidate('a', 0.7), candidate('b', 0.69)], 0.45, 0.02).kind).toBe('ambiguous');
    expect(decideMatch([candidate('a', 0.7), candidate('b', 0.67)], 0.45, 0.02).kind).toBe('match');
  });

  it('without a runner-up the margin is null', () => {
    expect(decideMatch([candidate('a', 0.7)], 0.45, 0.02)).toMatchObject({ kind: 'match', margin: null });
  });
});
