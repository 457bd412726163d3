// Unit tests run in Node: the layout, collapse and series logic has no DOM.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['tests/**/*.test.ts'], environment: 'node' }
});
