/**
 * @module A simulated entrance as its own process, so a test can SIGKILL it mid-queue or mid-replay.
 * `AGENT_CONFIG` (JSON) says what to do:
 * - `send`: send the camera's planned sightings (`pauseMs` apart), printing `sent <n> queued <m>` after
 *   each, then wait to be killed;
 * - `drain`: replay the durable queue, printing the dispatcher's log lines; exit 0 once it is empty.
 */
import { SimulatedAgent } from './simulated-agent.js';
import { buildPlan, type PlanOptions } from './sighting-plan.js';

export interface AgentProcessConfig {
  mode: 'send' | 'drain';
  baseUrl: string;
  apiKey: string;
  queueDir: string;
  plan: Omit<PlanOptions, 'base'> & { base: string };
  cameraId: string;
  pauseMs: number;
}

const config = JSON.parse(process.env['AGENT_CONFIG'] ?? '{}') as AgentProcessConfig;
const agent = new SimulatedAgent({
  baseUrl: config.baseUrl,
  apiKey: config.apiKey,
  queueDir: config.queueDir,
  onLog: (level, message) => console.log(`${level} ${message}`),
});

if (config.mode === 'drain') {
  const drained = await agent.drain(60_000);
  agent.close();
  console.log(drained ? 'drained' : `still queued ${String(agent.queued)}`);
  process.exit(drained ? 0 : 1);
} else {
  const plan = buildPlan({ ...config.plan, base: new Date(config.plan.base) });
  await agent.run(plan.agents.get(config.cameraId) ?? [], {
    pauseMs: config.pauseMs,
    onSent: (index) => console.log(`sent ${String(index + 1)} queued ${String(agent.tally.queued)}`),
  });
  console.log('done');
  setInterval(() => undefined, 60_000); // stays up, replaying, until the test kills it
}
