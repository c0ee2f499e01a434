import type { MatchStatus } from '@attendance/protocol';
import type { TestServer } from '../../support/test-server.js';
import { identify } from './attendance-client.js';
import { eventually } from './cache-test-kit.js';

/** Keeps identifying `faces` (3 concurrent sightings each per round) until `stop()`; tallies statuses. */
export function startTraffic(server: TestServer, faces: Map<string, number[]>, random: () => number) {
  const seen = new Map<string, MatchStatus[]>();
  let running = true;
  let rounds = 0;
  const loop = (async () => {
    while (running) {
      await Promise.all(
        [...faces].flatMap(([personId, face]) =>
          Array.from({ length: 3 }, async () => {
            const status = await identify(server, face, random);
            seen.set(personId, [...(seen.get(personId) ?? []), status]);
          }),
        ),
      );
      rounds += 1;
    }
  })();
  return {
    seen,
    rounds: () => rounds,
    untilRounds: (n: number) => eventually(() => rounds >= n, 20_000),
    stop: async () => {
      running = false;
      await loop; // rethrows any identify that did not answer 200
    },
  };
}
