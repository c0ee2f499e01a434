/**
 * @module Several simulated entrances running a plan at once, each with its own durable queue directory.
 */
import path from 'node:path';
import { SimulatedAgent } from './simulated-agent.js';
import type { SightingPlan } from './sighting-plan.js';

export { eventually } from '../../cache/helpers/cache-test-kit.js';

export interface AgentFleet {
  readonly agents: readonly SimulatedAgent[];
  /** Sightings handed to the agents so far (answered or queued). */
  sent(): number;
  /** Waits for every agent to finish its plan and empty its queue, then closes them. */
  finish(timeoutMs: number): Promise<void>;
  /** Stops every agent now (a failed test must not leave them writing into a deleted directory). */
  abort(): Promise<void>;
}

export function startAgents(
  plan: SightingPlan,
  options: { baseUrl: string; apiKey: string; dir: string; pauseMs: number; live?: boolean },
): AgentFleet {
  let sent = 0;
  const agents: SimulatedAgent[] = [];
  const runs: Promise<void>[] = [];
  for (const [cameraId, sightings] of plan.agents) {
    const agent = new SimulatedAgent({
      baseUrl: options.baseUrl,
      apiKey: options.apiKey,
      queueDir: path.join(options.dir, 'queues', cameraId),
    });
    agents.push(agent);
    runs.push(
      agent.run(sightings, {
        pauseMs: options.pauseMs,
        live: options.live ?? false,
        onSent: () => (sent += 1),
      }),
    );
  }
  return {
    agents,
    sent: () => sent,
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
