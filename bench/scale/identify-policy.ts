import { CALIBRATED_THRESHOLDS } from '@attendance/protocol';
import type { Config } from '../../apps/server/src/config.js';
import type { RecheckPolicy } from '../../apps/server/src/services/search-with-recheck.js';
import { MODEL } from './load.js';

/** The two-stage search policy a server with `matching` applies to the bench's model (its own threshold). */
export function identifyPolicy(matching: Config['matching']): RecheckPolicy {
  const threshold = matching.perModelThreshold[MODEL] ?? CALIBRATED_THRESHOLDS[MODEL] ?? matching.threshold;
  return { ...matching, threshold };
}
