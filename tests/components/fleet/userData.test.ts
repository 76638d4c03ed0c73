import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { servedRegionOf } from "../../../components/fleet/demoPage";
import { demoUserData } from "../../../components/fleet/userData";

/** A stand-in for the instance metadata service that insists on IMDSv2 tokens, as configured. */
function fakeMetadataService(facts: Record<string, string>): Promise<http.Server> {
    const server = http.createServer((request, response) => {
        if (request.method === "PUT" && request.url === "/latest/api/token") {
            response.end("token-1");
            return;
        }
        const fact = facts[(request.url ?? "").replace("/latest/meta-data/", "")];
        if (request.headers["x-aws-ec2-metadata-token"] !== "token-1" || fact === undefined) {
            response.statusCode = 401;
            response.end();
            return;
        }
        response.end(fact);
    });
    return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** GET `url`, retried until the demo server listens: the event waited for, bounded at 30 s for a loaded machine. */
async function get(url: string): Promise<{ status: number; body: string; region: string | null }> {
    const deadline = Date.now() + 30_000;
    for (;;) {
        try {
            const response = await fetch(url);
            return { status: response.status, body: await response.text(), region: response.headers.get("x-served-region") };
        } catch (error) {
            if (Date.now() > deadline) {
                throw error;
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
    }
}

describe("demo app (user data)", () => {
    let metadata: http.Server;
    let app: ChildProcess;
    let port: number;

    before(async () => {
        metadata = await fakeMetadataService({ "placement/region": "ap-northeast-1", "placement/availability-zone": "ap-northeast-1c", "instance-id": "i-0123456789abcdef0" });
        const probe = http.createServer();
        port = await new Promise<number>((resolve) => probe.listen(0, "127.0.0.1", () => resolve((probe.address() as AddressInfo).port)));
        await new Promise((resolve) => probe.close(resolve));
        const script = demoUserData({ port, healthPath: "/health" });
        const server = /cat > \/opt\/demo\/server.py <<'PY'\n([\s\S]*?)\nPY\n/.exec(script)![1];
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "demo-")), "server.py");
        fs.writeFileSync(file, server);
        app = spawn("python3", [file], { env: { ...process.env, DEMO_IMDS_ENDPOINT: `http://127.0.0.1:${(metadata.address() as AddressInfo).port}` }, stdio: "ignore" });
    });

    after(() => {
        app?.kill();
        metadata?.close();
    });

    it("serves a page naming the region, AZ and instance, which the drill's probe reads back", async () => {
        const page = await get(`http://127.0.0.1:${port}/`);
        expect(page.status).to.equal(200);
        expect(servedRegionOf(page.body)).to.equal("ap-northeast-1");
        expect(page.body).to.include("ap-northeast-1c").and.include("i-0123456789abcdef0");
        expect(page.region).to.equal("ap-northeast-1");
    });

    it("answers the health check path", async () => {
        const health = await get(`http://127.0.0.1:${port}/health`);
        expect(health).to.deep.equal({ status: 200, body: "ok", region: "ap-northeast-1" });
    });

    it("is a valid bash script that installs and starts the service", () => {
        const script = demoUserData({ port: 80, healthPath: "/health" });
        expect(script).to.match(/^#!\/bin\/bash\nset -euo pipefail\n/);
        expect(script).to.include("systemctl enable --now demo.service");
        expect(script).to.include("DynamicUser=yes");
    });
});
