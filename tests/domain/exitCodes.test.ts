/** The exit-code helpers every command shares (domain/exitCodes.ts): here, a closed pipe on the output. */
import { EventEmitter } from "node:events";
import { expect } from "chai";
import { quietOnClosedPipe } from "../../domain/exitCodes";

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
