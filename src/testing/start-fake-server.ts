import { buildFakeServer, type FakeServer } from '../server/build-fake-server.js';
import { listenFailure } from '../server/listen-failure.js';
import { SystemError } from '../kit-errors.js';
import type { FakeServerOptions } from '../server/options.js';

export interface StartFakeServerOptions extends FakeServerOptions {
  /** Address to bind. Default 127.0.0.1 (loopback only). */
  readonly host?: string;
  /** Port to listen on. Default 0: a free one, so parallel test files never collide. */
  readonly port?: number;
}

export interface StartedFakeServer {
  /** e.g. http://127.0.0.1:41234, no trailing slash: append the endpoint's path (or use it as the app's base URL). */
  readonly url: string;
  /** The fake's Fastify instance, for `inject()` beside the socket. */
  readonly app: FakeServer;
  /** Forgets what earlier requests changed (per-token quota and rate limits, seeded draws): see FakeServer.reset. */
  reset(): void;
  /**
   * Stops listening, closes idle connections at once (a kept-alive one included: the test that made it is done with
   * it), and lets requests in flight finish, answered with `Connection: close` (a `latency` delay ends at once). The
   * quiet wait of a server's drain (see docs/security-and-limits.md, Shutdown) is for clients of a running server, not for a test's own.
   */
  close(): Promise<void>;
}

/**
 * Builds the fake (buildFakeServer's options) and listens on a free loopback port: for tests that need a real URL,
 * e.g. for an HTTP client under test. Close it when done (`after(() => fake.close())`).
 */
export async function startFakeServer(options: StartFakeServerOptions = {}): Promise<StartedFakeServer> {
  const { host = '127.0.0.1', port = 0, ...fakeOptions } = options;
  const app = buildFakeServer(fakeOptions);
  let url: string;
  try {
    url = await app.listen({ host, port });
  } catch (error) {
    await app.close();
    const failure = listenFailure(error);
    const advice =
      failure?.about === 'host'
        ? `The host option must be an address of this machine (${failure.why}): 127.0.0.1, the default, or 0.0.0.0.`
        : 'Pass another port, or 0 for a free one.';
    throw new SystemError(`Failed to start the fake server on ${host}:${port}: ${(error as Error).message}. ${advice}`, { cause: error });
  }
  const close = async (): Promise<void> => {
    app.server.closeIdleConnections();
    await app.close();
  };
  return { url, app, reset: () => app.reset(), close };
}
