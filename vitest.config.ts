import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // onnxruntime-node and sharp are native: keep tests in forked processes, never VM-sandboxed threads.
    pool: 'forks',
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll waits for a page or a server to catch up (a debounced search, a live update). Its default
    // of 1 s is less than one round trip takes when every test file runs at once on a 2-core machine.
    expect: { poll: { timeout: 15_000 } },
  },
});
