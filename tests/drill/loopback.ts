/** A test HTTP(S) server on loopback, for the real prober: started before a group of tests, closed after. */
import * as http from "node:http";
import { AddressInfo } from "node:net";

/**
 * Starts `create()`'s server on 127.0.0.1 (a free port) before the tests of the enclosing
 * `describe` and closes it, with its open connections, after them.
 * @param create Builds the server (HTTP or HTTPS) and its handler.
 * @param at Where to listen: another loopback address (127.0.0.2) and a port (another server's, so
 *   that one name can lead to either). @default 127.0.0.1, a free port
 * @returns The port, read once the server listens.
 */
export function loopbackServer(create: () => http.Server, at: { readonly host?: string; readonly port?: () => number } = {}): { port(): number; server(): http.Server } {
    let server: http.Server | undefined;
    let port = 0;
    before(async () => {
        const started = create();
        server = started;
        await new Promise<void>((resolve) => started.listen(at.port?.() ?? 0, at.host ?? "127.0.0.1", resolve));
        port = (started.address() as AddressInfo).port;
    });
    after(() => {
        server?.closeAllConnections();
        server?.close();
    });
    return { port: () => port, server: () => server! };
}
