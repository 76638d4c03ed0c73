/** The exit-code helpers every command shares (domain/exitCodes.ts): a closed pipe on the output, the command line read before a run, and the run's exit code. */
import { spawnSync } from "node:child_process";
import { EventEmitter } from "node:events";
import * as path from "node:path";
import { expect } from "chai";
import { ExitCode, InputError, quietOnClosedPipe, readCommandLine, runCommand } from "../../domain/exitCodes";

/** An error as a stream reports it. */
const streamError = (code: string) => Object.assign(new Error(`write ${code}`), { code });

describe("a closed pipe (quietOnClosedPipe)", () => {
    it("drops EPIPE, which a reader that went away (| head) causes, instead of ending with a stack trace", () => {
        const stream = new EventEmitter();
        quietOnClosedPipe(stream);
        expect(() => stream.emit("error", streamError("EPIPE"))).to.not.throw();
    });

    it("still throws any other write error when nothing else listens, and leaves it to a command that listens itself", () => {
        const alone = new EventEmitter();
        quietOnClosedPipe(alone);
        expect(() => alone.emit("error", streamError("ENOSPC"))).to.throw("write ENOSPC");
        const drill = new EventEmitter();
        drill.on("error", () => undefined);
        quietOnClosedPipe(drill);
        expect(() => drill.emit("error", streamError("EIO"))).to.not.throw();
    });
});

describe("a command line read before the run (readCommandLine)", () => {
    class MistakeError extends InputError {}
    type Parsed = { readonly kind: "help" } | { readonly kind: "run"; readonly target: string };
    const usage = "Usage: npm run thing -- run TARGET\n";
    const read = (parse: () => Parsed) => {
        const written = { out: "", err: "" };
        const line = readCommandLine("thing", usage, parse, MistakeError, { out: (text) => (written.out += text), err: (text) => (written.err += text) });
        return { line, written };
    };

    it("hands back the parsed command, writing nothing", () => {
        expect(read(() => ({ kind: "run", target: "seoul" }))).to.deep.equal({ line: { command: { kind: "run", target: "seoul" } }, written: { out: "", err: "" } });
    });

    it("answers --help with the usage on stdout, exit 0", () => {
        expect(read(() => ({ kind: "help" }))).to.deep.equal({ line: { answered: ExitCode.clean }, written: { out: usage, err: "" } });
    });

    it("answers a usage mistake with the command's name, the message and the usage on stderr, exit 2", () => {
        const answer = read(() => {
            throw new MistakeError("unknown command rnu: use run");
        });
        expect(answer).to.deep.equal({ line: { answered: ExitCode.badInput }, written: { out: "", err: `thing: unknown command rnu: use run\n\n${usage}` } });
    });

    it("lets any other error escape, an input error of another kind too (runCommand prints it without the usage)", () => {
        expect(() => read(() => {
            throw new InputError("no Pulumi.yaml in /tmp");
        })).to.throw(InputError, "no Pulumi.yaml in /tmp");
        expect(() => read(() => {
            throw new TypeError("a bug");
        })).to.throw(TypeError, "a bug");
    });
});

describe("a command's run (runCommand)", () => {
    /** A process of the test's own: its streams, its exit code, its `beforeExit`; what was written to stderr. */
    const fakeProcess = () => {
        const host = Object.assign(new EventEmitter(), {
            stdout: new EventEmitter(),
            stderr: Object.assign(new EventEmitter(), { written: "", write(text: string) { host.stderr.written += text; } }),
            exitCode: undefined as number | string | null | undefined,
        });
        return host;
    };
    /** Lets the settled command's callbacks run. */
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    const unfinished = "plan: internal error, please report it: nothing was left to run but the command had not finished (a promise that never settles, such as a stack's program or a resource input that never resolves)\n";

    it("sets the exit code the command resolves with, and says nothing when the process then runs out of work", async () => {
        const host = fakeProcess();
        runCommand("plan", async () => ExitCode.findings, false, host);
        await settle();
        host.emit("beforeExit");
        expect({ code: host.exitCode, err: host.stderr.written }).to.deep.equal({ code: ExitCode.findings, err: "" });
    });

    it("prints an input error as its message alone, exit 2", async () => {
        const host = fakeProcess();
        runCommand("plan", () => Promise.reject(new InputError("no Pulumi.yaml in /tmp")), false, host);
        await settle();
        host.emit("beforeExit");
        expect({ code: host.exitCode, err: host.stderr.written }).to.deep.equal({ code: ExitCode.badInput, err: "plan: no Pulumi.yaml in /tmp\n" });
    });

    it("ends as an internal error (exit 3, one line) when nothing is left to run and the command never finished, instead of Node's silent exit 0", async () => {
        const host = fakeProcess();
        runCommand("plan", () => new Promise<number>(() => undefined), false, host);
        await settle();
        expect(host.exitCode, "nothing until the process runs out of work").to.equal(undefined);
        host.emit("beforeExit");
        expect({ code: host.exitCode, err: host.stderr.written }).to.deep.equal({ code: ExitCode.internal, err: unfinished });
    });

    it("does so in a real process, whose event loop empties with the command unfinished", async () => {
        // The compiled module (bin/ is built before the tests): a plain Node process, as the commands run.
        const compiled = path.join(__dirname, "..", "..", "bin", "domain", "exitCodes.js");
        const script = `require(${JSON.stringify(compiled)}).runCommand("plan", () => new Promise(() => {}), false);`;
        const result = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
        expect({ status: result.status, stderr: result.stderr, stdout: result.stdout }).to.deep.equal({ status: ExitCode.internal, stderr: unfinished, stdout: "" });
    });
});
