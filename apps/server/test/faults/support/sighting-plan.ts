/**
 * @module What several simulated edge agents will send, decided up front, so a fault test can compute the
 * exact set of attendance events the database must end up with, whatever fails in between.
 */
import { randomUnitVector, seededRandom, vectorAtCosine } from '../../support/embeddings.js';

export const PLAN_MODEL = 'default-512';
const DIM = 512;

/** One identify an agent sends: one face, seen at `capturedAt`. */
export interface Sighting {
  readonly cameraId: string;
  /** Unique per camera; the agent's idempotency key is `<camera>-<seq>`. */
  readonly seq: number;
  /** Index into `plan.people`, or null for a stranger (never recorded). */
  readonly person: number | null;
  readonly embedding: readonly number[];
  readonly capturedAt: Date;
  /** Sightings that must produce the same single event share this key; null for strangers. */
  readonly window: string | null;
}

export interface SightingPlan {
  /** Enrolled faces, one per person. */
  readonly people: readonly (readonly number[])[];
  /** Per camera, in capture order. */
  readonly agents: ReadonlyMap<string, readonly Sighting[]>;
  /** Every window that must hold exactly one event. */
  readonly expectedWindows: ReadonlySet<string>;
}

export interface PlanOptions {
  seed: number;
  cameras: number;
  people: number;
  rounds: number;
  /** People each camera sees per round (the same people at every camera: they race for one event). */
  peoplePerRound: number;
  strangersPerRound: number;
  /**
   * `slots`: round r happens at base + r hours, every camera sees the round's people within a few
   *   seconds, and COOLDOWN_SECONDS must be ≥ 60 and < 1 h: one event per person and round.
   * `every-sighting`: COOLDOWN_SECONDS=0, so every known sighting is its own event and only the
   *   idempotency key stops a replay from storing it twice.
   * `live`: captured now (the cooldown cache is used) with the default 12 h cooldown: one event per person.
   */
  windows: 'slots' | 'every-sighting' | 'live';
  /** Start of the plan's timeline; `slots` and `every-sighting` lie in the past (replays judged by the DB). */
  base?: Date;
}

/** Builds a deterministic plan. In `live` mode capture times are placeholders; the agent stamps them. */
export function buildPlan(options: PlanOptions): SightingPlan {
  const random = seededRandom(options.seed);
  const people = Array.from({ length: options.people }, () => randomUnitVector(DIM, random));
  const base = options.base ?? new Date(Date.now() - 48 * 3_600_000);
  const agents = new Map<string, Sighting[]>();
  const expectedWindows = new Set<string>();
  for (let camera = 0; camera < options.cameras; camera++) {
    const cameraId = `fault-cam-${String(camera)}`;
    const sightings: Sighting[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const roundStart = base.getTime() + round * 3_600_000;
      const seen: (number | null)[] = [];
      for (let i = 0; i < options.peoplePerRound; i++) {
        seen.push((round * options.peoplePerRound + i) % options.people);
      }
      for (let i = 0; i < options.strangersPerRound; i++) seen.push(null);
      for (const [slot, person] of seen.entries()) {
        const seq = sightings.length;
        const capturedAt = new Date(roundStart + camera * 1_000 + slot * 100);
        const window =
          person === null
            ? null
            : options.windows === 'slots'
              ? `${String(person)}@${String(round)}`
              : options.windows === 'live'
                ? String(person)
                : `${cameraId}-${String(seq)}`;
        if (window !== null) expectedWindows.add(window);
        const embedding =
          person === null ? randomUnitVector(DIM, random) : vectorAtCosine(people[person] ?? [], 0.9, random);
        sightings.push({ cameraId, seq, person, embedding, capturedAt, window });
      }
    }
    agents.set(cameraId, sightings);
  }
  return { people, agents, expectedWindows };
}

/** Total sightings in the plan. */
export function sightingCount(plan: SightingPlan): number {
  let total = 0;
  for (const sightings of plan.agents.values()) total += sightings.length;
  return total;
}
