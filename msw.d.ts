// The `/msw` entry's types where TypeScript does not read package.json `exports` (moduleResolution node10, which
// ts-jest uses in Jest's CommonJS mode): `fastmoss-toppotential-kit/msw` then finds this file.
export * from './dist/testing/msw.js';
