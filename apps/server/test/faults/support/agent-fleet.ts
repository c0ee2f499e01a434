/**
 * @module Several simulated entrances running a plan at once, each with its own durable queue directory.
 */
import path from 'node:path';
import { SimulatedAgent } from './simulated-agent.js';
import type { SightingPlan } from './sighting-plan.js';

export { eventually } from '../../cache/helpers/cache-test-kit.js';

export interface FleetOptions {
  baseUrl: string;
  apiKey: string;
  dir: string;
  pauseMs: number;
  live?: boolean;
}

export interface AgentFleet {
  readonly agents: readonly SimulatedAgent[];
  /** Sightings handed to the agents so far (answered or queued). */
  sent(): number;
  /**
   * Every agent sends its sightings from fraction `from` to `to` of its plan (e.g. 0 → 1/3), concurrently;
   * resolves when all have. Phases make "traffic before, during and after the fault" independent of speed.
   */
  run(from: number, to: number): Promise<void>;
  /** Waits for every started run to end and every queue to empty, then closes the agents. */
  finish(timeoutMs: number): Promise<void>;
  /** Stops every agent now (a failed test must not leave them writing into a deleted directory). */
  abort(): Promise<void>;
}

export function createFleet(plan: SightingPlan, options: FleetOptions): AgentFleet {
  let sent = 0;
  const runs: Promise<void>[] = [];
  const agents = [...plan.agents.keys()].map(
    (cameraId) =>
      new SimulatedAgent({
        baseUrl: options.baseUrl,
        apiKey: options.apiKey,
        queueDir: path.join(options.dir, 'queues', cameraId),
      }),
  );
  const sightingsOf = [...plan.agents.values()];
  return {
    agents,
    sent: () => sent,
    run(from, to) {
      const phase = agents.map((agent, index) => {
        const sightings = sightingsOf[index] ?? [];
        const slice = sightings.slice(Math.round(from * sightings.length), Math.round(to * sightings.length));
        return agent.run(slice, {
          pauseMs: options.pauseMs,
          live: options.live ?? false,
          onSent: () => (sent += 1),
        });
      });
      runs.push(...phase);
      return Promise.all(phase).then(() => undefined);
    },
    async abort() {
      for (const agent of agents) agent.close();
      await Promise.allSettled(runs);
    },
    async finish(timeoutMs) {
      await Promise.all(runs);
      const drained = await Promise.all(agents.map((agent) => agent.drain(timeoutMs)));
      for (const agent of agents) agent.close();
      const left = agents.map((agent) => agent.queued).reduce((a, b) => a + b, 0);
      if (!drained.every(Boolean)) {
        throw new Error(`${String(left)} request(s) still queued after ${String(timeoutMs)} ms`);
      }
    },
  };
}
