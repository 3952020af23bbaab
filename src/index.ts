export { buildFakeServer } from './server/build-fake-server.js';
export type { FakeServerOptions } from './server/options.js';
export type * from './generated/types.js';
