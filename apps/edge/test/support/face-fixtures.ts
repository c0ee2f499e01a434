import type { FacePipeline } from '@attendance/vision';
import { decodeImageFile, loadNodePipeline } from '@attendance/vision/node';
import { MODELS_DIR, lfwPeople, photosOf, strangerPhotos } from './shared-fixtures.js';

export interface DoorFixture {
  readonly modelId: string;
  readonly threshold: number;
  /** lfw-dev folder names of the people to enroll (their first two photos pass quality). */
  readonly people: string[];
  /** Per person, photos after the two enrolled ones that pass quality (what the camera sees). */
  readonly probes: Map<string, string[]>;
  /** Stranger photos that pass quality. */
  readonly strangers: string[];
}

/** Test detector size: 320 keeps the run short on 2 CPU cores. */
export const TEST_DET_SIZE = 320;

async function passes(pipeline: FacePipeline, photo: string): Promise<boolean> {
  const faces = await pipeline.analyze(await decodeImageFile(photo), { embed: 'none' });
  return faces.length === 1 && faces[0]?.quality.ok === true;
}

/**
 * Picks `peopleCount` lfw-dev people and `strangerCount` strangers whose photos pass the pipeline's
 * quality checks (refusals are tested elsewhere; here every face should reach the server).
 */
export async function selectDoorFixture(peopleCount: number, strangerCount: number): Promise<DoorFixture> {
  const pipeline = await loadNodePipeline({ modelsDir: MODELS_DIR, detSize: TEST_DET_SIZE });
  try {
    const people: string[] = [];
    const probes = new Map<string, string[]>();
    for (const person of lfwPeople()) {
      if (people.length === peopleCount) break;
      const [first, second, ...rest] = photosOf(person);
      if (!first || !second || !(await passes(pipeline, first)) || !(await passes(pipeline, second))) {
        continue;
      }
      const usable: string[] = [];
      for (const photo of rest) if (usable.length < 2 && (await passes(pipeline, photo))) usable.push(photo);
      if (usable.length === 0) continue;
      people.push(person);
      probes.set(person, usable);
    }
    const strangers: string[] = [];
    for (const photo of strangerPhotos()) {
      if (strangers.length === strangerCount) break;
      if (await passes(pipeline, photo)) strangers.push(photo);
    }
    return { modelId: pipeline.modelId, threshold: pipeline.defaultThreshold, people, probes, strangers };
  } finally {
    await pipeline.dispose();
  }
}

/**
 * The door sequence: each person once, strangers in between, and some people a second time (they must
 * be answered "already recorded", not recorded twice).
 */
export function doorSequence(fixture: DoorFixture): string[] {
  const sequence: string[] = [];
  const strangers = [...fixture.strangers];
  fixture.people.forEach((person) => {
    sequence.push(fixture.probes.get(person)?.[0] ?? '');
    const stranger = strangers.shift();
    if (stranger) sequence.push(stranger);
  });
  for (const person of fixture.people.slice(0, 2)) {
    const again = fixture.probes.get(person)?.[1];
    if (again) sequence.push(again);
  }
  sequence.push(...strangers);
  return sequence.filter((photo) => photo !== '');
}
