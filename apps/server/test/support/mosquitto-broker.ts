/**
 * @module A real Mosquitto broker (Debian's `/usr/sbin/mosquitto`, `MOSQUITTO_BIN` overrides) on a free
 * port with a throwaway configuration: anonymous; without `persistence` a restart forgets retained messages and
 * sessions, with it both are saved in a temporary directory at shutdown. Never the machine's own broker on 1883.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { freePort } from './server-process.js';

const MOSQUITTO_BIN = process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto';

export class MosquittoBroker {
  private child: ChildProcess | null = null;
  private output = '';
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'mosquitto-test-'));

  private constructor(
    readonly port: number,
    private readonly persistence: boolean,
  ) {}

  static async start(options: { persistence?: boolean } = {}): Promise<MosquittoBroker> {
    const broker = new MosquittoBroker(await freePort(), options.persistence ?? false);
    await broker.start();
    return broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const config = path.join(this.dir, 'mosquitto.conf');
    writeFileSync(
      config,
      [
        `listener ${this.port} 127.0.0.1`,
        'allow_anonymous true',
        // Started as root, mosquitto would switch to the `mosquitto` user and could not save to our directory.
        `user ${userInfo().username}`,
        `persistence ${String(this.persistence)}`,
        `persistence_location ${this.dir}/`,
        'log_dest stderr',
      ].join('\n'),
    );
    const child = spawn(MOSQUITTO_BIN, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`mosquitto exited with ${child.exitCode}: ${this.output}`);
      if (await accepts(this.port)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`mosquitto did not listen on ${this.port}: ${this.output}`);
  }

  /** Stops the broker (SIGTERM); without persistence, its retained messages and sessions are gone. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
