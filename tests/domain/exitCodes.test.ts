/** The exit-code helpers every command shares (domain/exitCodes.ts): a closed pipe on the output, and the command line read before a run. */
import { EventEmitter } from "node:events";
import { expect } from "chai";
import { ExitCode, InputError, quietOnClosedPipe, readCommandLine } from "../../domain/exitCodes";

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
