import type { CameraLivenessPolicy, LivenessEvidence } from '@attendance/protocol';
import { AppError } from '../errors.js';

/**
 * Applies a camera's liveness policy to the faces of one identify request, before anything is searched
 * or written. Only `enforce` refuses: every face must carry evidence (`liveness_required`) whose decision
 * is `real`, whose score reaches the policy threshold and whose challenge did not fail (passed, when the
 * camera requires the challenge) — otherwise `spoof_detected`. One refused face refuses the whole request.
 * Errors name the face index only; the evidence itself is not personal but is not echoed either.
 */
export function enforceLiveness(
  policy: CameraLivenessPolicy,
  faces: readonly { liveness?: LivenessEvidence | undefined }[],
): void {
  if (policy.mode !== 'enforce') return;
  for (const [i, face] of faces.entries()) {
    const evidence = face.liveness;
    if (!evidence || evidence.decision === 'unchecked') {
      throw new AppError(
        'liveness_required',
        `faces[${i}]: this camera requires liveness evidence (liveness.score and liveness.decision)`,
        { face: i },
      );
    }
    if (evidence.decision === 'too_small') {
      throw new AppError('liveness_required', `faces[${i}]: face too small for a liveness decision`, {
        face: i,
        decision: evidence.decision,
      });
    }
    const challengeMissing =
      policy.require_challenge && evidence.challenge !== 'passed' && evidence.challenge !== 'failed';
    if (challengeMissing) {
      throw new AppError(
        'liveness_required',
        `faces[${i}]: this camera requires a passed head-turn challenge`,
        {
          face: i,
        },
      );
    }
    const spoof =
      evidence.decision === 'spoof' || evidence.score < policy.threshold || evidence.challenge === 'failed';
    if (spoof) {
      throw new AppError('spoof_detected', `faces[${i}]: liveness check failed`, {
        face: i,
        decision: evidence.decision,
        threshold: policy.threshold,
      });
    }
  }
}
