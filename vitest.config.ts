import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    // Argon2id at the vault floor takes ~0.2 s a vault; two cores.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
