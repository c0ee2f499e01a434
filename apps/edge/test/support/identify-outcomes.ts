import type { FaceResult } from '@attendance/protocol';
import type { DispatchOutcome } from '../../src/queue/identify-dispatcher.js';

/** The server's answer for one face of a track: Ada when known, nobody when unknown. */
export function faceResult(status: FaceResult['status'], trackId = 't1'): FaceResult {
  return {
    status,
    track_id: trackId,
    person:
      status === 'unknown'
        ? null
        : { id: '00000000-0000-4000-8000-000000000001', name: 'Ada', external_id: null },
    similarity: 0.7,
    margin: null,
    event_id: null,
  };
}

/** A dispatch that the server answered with one face result. */
export function answeredOutcome(status: FaceResult['status'], trackId = 't1'): DispatchOutcome {
  return {
    kind: 'answered',
    response: { model: 'm', threshold: 0.4, results: [faceResult(status, trackId)] },
  };
}
