/** The command line, the progress output and the real HTTP prober (on a loopback server). */
import * as http from "node:http";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { expect } from "chai";
import { parseCommand, usage, UsageError } from "../../drill/cli/args";
import { streamProgress } from "../../drill/cli/progress";
import { nodeHttpProber } from "../../drill/clients/realNetwork";
import { servedRegionMarker } from "../../components/fleet/demoPage";
import { drillCommand, projectDir, repositoryRoot, temporaryDirectory } from "./fakes";
import { loopbackServer } from "./loopback";

const cwd = "/home/ops/project";
const parse = (...argv: string[]) => parseCommand(argv, cwd, "/repo");

describe("drill command line", () => {
    describe("arguments", () => {
        it("parses simulate", () => {
            expect(parse("simulate", "--fail", "seoul", "--json")).to.deep.equal({ kind: "simulate", target: "seoul", lever: "config", json: true, projectDir: "/repo" });
            expect(parse("simulate", "--fail", "seoul", "--lever", "fault")).to.deep.include({ kind: "simulate", lever: "fault" });
        });

        it("parses run with defaults, paths from the working directory", () => {
            const command = parse("run", "--fail", "ap-northeast-2", "--out", "reports", "--project", "..");
            expect(command.kind).to.equal("run");
            if (command.kind !== "run") {
                return;
            }
            expect(command.options).to.include({ target: "ap-northeast-2", lever: "config", dryRun: false, force: false, pollSeconds: 5, outDir: path.join(cwd, "reports"), projectDir: "/home/ops" });
            expect(command.options.timeoutSeconds).to.equal(undefined);
        });

        it("parses the health-check lever, dry run, force, poll and timeout", () => {
            const command = parse("run", "--fail", "seoul", "--lever", "health-check", "--dry-run", "--force", "--poll", "2.5", "--timeout", "600");
            expect(command.kind === "run" && command.options).to.include({ lever: "health-check", dryRun: true, force: true, pollSeconds: 2.5, timeoutSeconds: 600 });
        });

        it("accepts --poll 2, the shortest poll (item 13)", () => {
            const command = parse("run", "--fail", "seoul", "--poll", "2");
            expect(command.kind === "run" && command.options.pollSeconds).to.equal(2);
        });

        it("parses restore and unlock, with the state file from the working directory", () => {
            expect(parse("restore", "--state", "s.json")).to.deep.equal({ kind: "restore", projectDir: "/repo", stateFile: path.join(cwd, "s.json"), force: false, yes: false });
            expect(parse("restore", "--force", "--yes")).to.deep.equal({ kind: "restore", projectDir: "/repo", stateFile: undefined, force: true, yes: true });
            expect(parse("unlock", "--force", "--yes", "--project", "..")).to.deep.equal({ kind: "unlock", projectDir: "/home/ops", stateFile: undefined, force: true, yes: true });
        });

        it("lists under --help what --force may skip and what it never overrides (issue 22, item 5)", () => {
            const force = usage.slice(usage.indexOf("  --force"), usage.indexOf("  --yes"));
            expect(force).to.match(/run: go on although a signal that is only measured .* has no valid baseline reading: it cannot harm\s+users/s);
            expect(force).to.match(/Never overridden,\s+--force or not: the health of every region that would take the traffic \(endpoint\s+check, combined check, followed alarms, routing control, accelerator endpoints and\s+dial\)/);
            expect(force).to.match(/restore: also put back values someone changed since the drill/);
        });

        it("parses shift with its defaults, and a failback with its hold-down (issue 24, item 5)", () => {
            const command = parse("shift", "--from", "seoul");
            expect(command.kind === "shift" && command.options).to.deep.include({ target: "seoul", steps: [50, 0], back: false, pollSeconds: 15, preScale: false, preScaleWaitSeconds: 600, dryRun: false, projectDir: "/repo" });
            expect(command.kind === "shift" && command.options.holdSeconds).to.equal(undefined);
            const back = parse("shift", "--back", "--from", "ap-northeast-2", "--hold-down", "300", "--hold", "120", "--dry-run");
            expect(back.kind === "shift" && back.options).to.deep.include({ target: "ap-northeast-2", back: true, holdDownSeconds: 300, holdSeconds: 120, dryRun: true });
            const steps = parse("shift", "--from", "seoul", "--steps", "99,50,1,0", "--pre-scale", "--pre-scale-wait", "900");
            expect(steps.kind === "shift" && steps.options).to.deep.include({ steps: [99, 50, 1, 0], preScale: true, preScaleWaitSeconds: 900 });
        });

        it("parses run --pre-scale (issue 24, item 3)", () => {
            const command = parse("run", "--fail", "seoul", "--pre-scale");
            expect(command.kind === "run" && command.options).to.include({ preScale: true, preScaleWaitSeconds: 600 });
            const plain = parse("run", "--fail", "seoul");
            expect(plain.kind === "run" && plain.options.preScale, "off by default").to.equal(false);
        });

        it("says under --help which control planes a shift needs, and that it is no outage lever", () => {
            expect(usage).to.match(/Route 53's API \(us-east-1\) and Global Accelerator's configuration\s+API \(us-west-2\): a planned move, not a lever for a region outage/);
        });

        it("asks for help without a command", () => {
            expect(parse()).to.deep.equal({ kind: "help" });
            expect(parse("run", "--help")).to.deep.equal({ kind: "help" });
        });

        const mistakes: [string[], RegExp][] = [
            [["run"], /run needs --fail/],
            [["explode", "--fail", "seoul"], /unknown command explode/],
            [["run", "--fail", "seoul", "--lever", "dns"], /--lever must be config, health-check, fault, routing-control, got dns/],
            [["run", "--fail", "seoul", "--poll", "0"], /--poll must be a positive number of seconds, got 0/],
            [["run", "--fail", "seoul", "--poll", "0.01"], /--poll must be at least 2 seconds .*got 0.01/],
            [["run", "--fail", "seoul", "--poll", "1.99"], /--poll must be at least 2 seconds/],
            [["restore", "--fail", "seoul"], /--fail is not an option of restore/],
            [["restore", "--lever", "config"], /--lever is not an option of restore/],
            [["run", "--fail", "seoul", "--yes"], /--yes is an option of restore and unlock/],
            [["simulate", "--fail", "seoul", "--state", "x"], /--state is an option of run/],
            [["run", "--fail", "seoul", "--json"], /--json is an option of simulate/],
            [["simulate", "--fail", "seoul", "--lever", "alarm"], /--lever must be config, health-check, fault, routing-control, got alarm/],
            [["run", "--fail", "seoul", "--bogus"], /bogus/],
            [["run", "extra", "--fail", "seoul"], /unexpected argument extra/],
            [["shift"], /shift needs --from/],
            [["shift", "--from", "seoul", "--steps", "100,0"], /--steps must list whole percentages from 99 down to 0/],
            [["shift", "--from", "seoul", "--steps", "50,50"], /each below the one before/],
            [["shift", "--from", "seoul", "--steps", "25,50"], /each below the one before/],
            [["shift", "--from", "seoul", "--steps", "50,-1"], /--steps must list whole percentages/],
            [["shift", "--from", "seoul", "--steps", "50.5"], /--steps must list whole percentages/],
            [["shift", "--from", "seoul", "--hold-down", "60"], /--hold-down is an option of shift --back/],
            [["shift", "--back", "--from", "seoul", "--steps", "50,0"], /--back returns in the shift's own steps/],
            [["shift", "--fail", "seoul"], /--fail is not an option of shift/],
            [["shift", "--from", "seoul", "--poll", "1"], /--poll must be at least 2 seconds/],
            [["run", "--fail", "seoul", "--back"], /--back is an option of shift/],
            [["simulate", "--fail", "seoul", "--pre-scale"], /--pre-scale is an option of run and shift/],
        ];
        for (const [argv, message] of mistakes) {
            it(`rejects ${argv.join(" ")}`, () => {
                expect(() => parse(...argv)).to.throw(UsageError, message);
            });
        }
    });

    describe("without the Pulumi CLI (item 12)", () => {
        it("drill run prints one line saying what to install and exits 2", () => {
            const result = spawnSync(process.execPath, [...drillCommand, "run", "--fail", "seoul", "--project", projectDir, "--state", path.join(temporaryDirectory(), "state.json")], {
                encoding: "utf8", cwd: repositoryRoot, env: { ...process.env, PATH: path.dirname(process.execPath), DRILL_TEST_WORLD: "" },
            });
            expect(result.status, result.stderr).to.equal(2);
            expect(result.stderr).to.equal("drill: drill run needs the Pulumi CLI, and `pulumi version` failed (not found on PATH): install it (https://www.pulumi.com/docs/iac/download-install/), put it on PATH and log in to the stacks' backend (pulumi login)\n");
        });
    });

    describe("progress", () => {
        function stream(isTTY: boolean) {
            const written: string[] = [];
            return { written, isTTY, columns: 40, write: (text: string) => written.push(text) };
        }

        it("prints plain lines, and no board, when not on a terminal", () => {
            const output = stream(false);
            const progress = streamProgress(output);
            progress.board(["board"]);
            progress.event("step");
            expect(output.written).to.deep.equal(["step\n"]);
        });

        it("redraws the board in place on a terminal, with events scrolling above it", () => {
            const output = stream(true);
            const progress = streamProgress(output);
            progress.board(["a", "b"]);
            progress.event("step");
            progress.board(["c"]);
            expect(output.written.join("")).to.equal("a\nb\n\x1b[2A\x1b[0Jstep\na\nb\n\x1b[2A\x1b[0Jc\n");
        });

        it("cuts board lines to the terminal width so that redrawing stays in place", () => {
            const output = stream(true);
            streamProgress(output).board(["x".repeat(100)]);
            expect(output.written[0]).to.equal(`${"x".repeat(38)}~\n`);
        });
    });

    describe("real HTTP prober", () => {
        const seen: { host?: string; connection?: string }[] = [];
        const server = loopbackServer(() => http.createServer((request, response) => {
            seen.push({ host: request.headers.host, connection: request.headers.connection });
            if (request.url === "/slow") {
                return;
            }
            if (request.headers.host === "header.example.com") {
                response.writeHead(200, { "X-Served-Region": "ap-northeast-1" }).end("<html></html>");
                return;
            }
            response.writeHead(200, { "Content-Type": "text/html" }).end(`<html><body ${servedRegionMarker("ap-northeast-2")}>hi</body></html>`);
        }));

        it("reads the region from the page marker, on a fresh connection", async () => {
            const result = await nodeHttpProber.probe({ url: `http://127.0.0.1:${server.port()}/`, timeoutMs: 2000 });
            expect(result).to.deep.equal({ status: 200, servedRegion: "ap-northeast-2" });
            expect(seen.at(-1)?.connection).to.equal("close");
        });

        it("presents the host header it is given and prefers the X-Served-Region header", async () => {
            const result = await nodeHttpProber.probe({ url: `http://127.0.0.1:${server.port()}/`, hostHeader: "header.example.com", timeoutMs: 2000 });
            expect(result).to.deep.equal({ status: 200, servedRegion: "ap-northeast-1" });
            expect(seen.at(-1)?.host).to.equal("header.example.com");
        });

        it("gives up after its timeout", async () => {
            const result = await nodeHttpProber.probe({ url: `http://127.0.0.1:${server.port()}/slow`, timeoutMs: 100 });
            expect(result.error).to.match(/no response within 100 ms/);
        });
    });
});
