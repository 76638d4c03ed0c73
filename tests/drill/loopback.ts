/** A test HTTP(S) server on loopback, for the real prober: started before a group of tests, closed after. */
import * as http from "node:http";
import { AddressInfo } from "node:net";

/**
 * Starts `create()`'s server on 127.0.0.1 (a free port) before the tests of the enclosing
 * `describe` and closes it, with its open connections, after them.
 * @param create Builds the server (HTTP or HTTPS) and its handler.
 * @returns The port, read once the server listens.
 */
export function loopbackServer(create: () => http.Server): { port(): number } {
    let server: http.Server | undefined;
    let port = 0;
    before(async () => {
        const started = create();
        server = started;
        await new Promise<void>((resolve) => started.listen(0, "127.0.0.1", resolve));
        port = (started.address() as AddressInfo).port;
    });
    after(() => {
        server?.closeAllConnections();
        server?.close();
    });
    return { port: () => port };
}
