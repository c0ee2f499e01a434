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
  },
});
