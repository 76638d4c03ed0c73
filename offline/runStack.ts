/**
 * Runs the real program (index.ts) for one stack under the offline AWS mocks, with that
 * stack's real configuration, exactly as `pulumi up` would run it but with no engine, no
 * credentials and no network. The Pulumi runtime is process-global, so runs are sequential.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { OfflineAwsMocks, OfflineWorld, RecordedInvoke, RecordedResource, ValueStyle } from "./awsMocks";
import { ProjectFiles, readStackConfig } from "../config/stackFiles";

/** Resource options that change how the engine replaces or updates a resource. */
export interface PlannedOptions {
    /** Delete the old resource before creating its replacement. */
    readonly deleteBeforeReplace?: boolean;
    /** Properties whose drift the engine ignores. */
    readonly ignoreChanges?: string[];
    /** Refuse to delete. */
    readonly protect?: boolean;
    /** Logical names of resources it waits for explicitly. */
    readonly dependsOn?: string[];
}

/** What AWS refused during a run: the run failed, for a reason in the input. */
export class AwsRefusal extends Error {
    /**
     * @param refusals each `<type> <name>: <AWS's error>`
     * @param neverServes each `<type> <name>: <why>`: what AWS accepts but would never serve
     */
    constructor(readonly refusals: readonly string[], readonly neverServes: readonly string[] = []) {
        super([
            ...(refusals.length > 0 ? [`AWS refused ${refusals.length} request(s):\n  - ${refusals.join("\n  - ")}`] : []),
            ...(neverServes.length > 0 ? [`AWS would accept but never serve ${neverServes.length} resource(s):\n  - ${neverServes.join("\n  - ")}`] : []),
        ].join("\n"));
        this.name = "AwsRefusal";
    }
}

/** Logical names of explicit dependencies (resources only; outputs cannot be named before they resolve). */
function dependencyNames(dependsOn: pulumi.ResourceOptions["dependsOn"], urns: ReadonlyMap<pulumi.Resource, string>): string[] | undefined {
    const list = Array.isArray(dependsOn) ? dependsOn : dependsOn === undefined ? [] : [dependsOn];
    const names = list.flatMap((item) => {
        const urn = pulumi.Resource.isInstance(item) ? urns.get(item) : undefined;
        return urn === undefined ? [] : [urn.split("::").pop()!];
    });
    return names.length > 0 ? names.sort() : undefined;
}

/** One resource of a run, with its place in the tree. */
export interface PlannedResource extends RecordedResource {
    /** URN as the engine would build it. */
    readonly urn: string;
    /** URN of the parent (the stack for top-level resources). */
    readonly parent?: string;
    /** Options the program set that matter for replacement. */
    readonly options: PlannedOptions;
}

/** The result of running one stack offline. */
export interface StackRun {
    /** Stack name. */
    readonly stack: string;
    /** The configuration handed to the program. */
    readonly config: Record<string, string>;
    /** Every resource registered, in order. */
    readonly resources: PlannedResource[];
    /** Every invoke made. */
    readonly invokes: RecordedInvoke[];
    /** The stack outputs, resolved. */
    readonly outputs: Record<string, unknown>;
    /** What the program logged as warnings (pulumi.log.warn), which the engine would print. */
    readonly warnings: string[];
}

/** How the SDK prints pulumi.log.warn without an engine (@pulumi/pulumi log/index.js). */
const runtimeWarning = "warning: [runtime] ";

/** What a run needs besides the stack name. */
export interface RunOptions {
    /** The project's Pulumi files. */
    readonly files: ProjectFiles;
    /** How computed values are answered. */
    readonly style: ValueStyle;
    /** The world outside the stack: hosted zones, VPCs, other stacks' outputs. */
    readonly world: OfflineWorld;
    /** Configuration to use instead of the stack file's (tests of variations). @default the stack file */
    readonly config?: Record<string, string>;
    /** The program: an entry module path, or a function. @default the project's index (index.ts, or bin/index.js when compiled) */
    readonly program?: string | Program;
    /** Mocks to record into (to inspect them even when the program fails). @default fresh mocks */
    readonly mocks?: OfflineAwsMocks;
    /**
     * Keep the SDK's diagnostics while the program runs (`--debug`: an internal error's trace).
     * Without, the run has neither stack traces nor the SDK's promise bookkeeping
     * (withoutDiagnostics): errors keep their messages. @default false
     */
    readonly diagnostics?: boolean;
}

/** A Pulumi program: creates resources, returns the stack outputs. */
export type Program = () => Promise<Record<string, unknown>>;

function loadProgram(file: string): Program {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(file) as Program | { default: Program };
    return typeof loaded === "function" ? loaded : loaded.default;
}

/**
 * Pulumi's promise bookkeeping: the SDK's runtime passes each promise it makes through
 * `debuggablePromise` (@pulumi/pulumi runtime/debuggable.js, internal to the SDK), which captures a
 * stack, defines three properties, keeps the promise in a set and chains two more reactions, for a
 * report of promises still pending when the process exits. About 4,900 promises a run of the
 * fixture's seoul stack.
 */
interface PromiseBookkeeping {
    /** Hands back `promise` (or one settling with it), recorded as pending under `context` until it settles. */
    debuggablePromise: <T>(promise: Promise<T>, context: unknown) => Promise<T>;
}

/** The SDK's bookkeeping module, or undefined when a version of the SDK has none by that name (runs then keep it). */
function sdkBookkeeping(): PromiseBookkeeping | undefined {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const loaded = require("@pulumi/pulumi/runtime/debuggable") as Partial<PromiseBookkeeping>;
        return typeof loaded.debuggablePromise === "function" ? loaded as PromiseBookkeeping : undefined;
    } catch {
        return undefined;
    }
}

/** Runs under way without diagnostics, and what to restore when the last one ends. */
let runsWithoutDiagnostics = 0;
let limitOutside = Error.stackTraceLimit;
let bookkeepingOutside: PromiseBookkeeping["debuggablePromise"] | undefined;

/**
 * The bookkeeping's stand-in during a run: hands the promise back as it is.
 * @param promise a promise of the SDK's runtime
 */
const untracked = <T>(promise: Promise<T>): Promise<T> => promise;

/**
 * Runs `work` without the SDK's diagnostics, then restores them; overlapping calls restore them
 * when the last of them ends. Meanwhile `Error.stackTraceLimit` is 0 (errors have their message
 * and no frames: the SDK captures a stack for every resource and every promise, for source
 * positions an offline run never reads) and the SDK's promises skip its bookkeeping
 * ({@link PromiseBookkeeping}): its report at exit is of promises a run never waited for, and an
 * offline run waits for every registration itself (runStack); a program that never finishes is
 * an internal error of the command (runCommand, domain/exitCodes.ts). Stack traces were a third
 * of a run's time; the bookkeeping a quarter to a third of what was left (60 runs of the
 * fixture's seoul stack in one process: 2.05 CPU-s with it, 1.4 to 1.55 without). A run registers
 * the same resources with the same inputs and has the same outputs and warnings either way
 * (tests/offline/planner.test.ts); the order of registration follows the promises' timing, which
 * the bookkeeping's reactions change: the plan sorts resources, and every shipped example's plan
 * is byte for byte the same with and without `--debug`.
 * @param work what to run
 */
export async function withoutDiagnostics<T>(work: () => Promise<T>): Promise<T> {
    const bookkeeping = sdkBookkeeping();
    if (runsWithoutDiagnostics++ === 0) {
        limitOutside = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        bookkeepingOutside = bookkeeping?.debuggablePromise;
        if (bookkeeping) {
            bookkeeping.debuggablePromise = untracked;
        }
    }
    try {
        return await work();
    } finally {
        if (--runsWithoutDiagnostics === 0) {
            Error.stackTraceLimit = limitOutside;
            if (bookkeeping && bookkeepingOutside) {
                bookkeeping.debuggablePromise = bookkeepingOutside;
            }
        }
    }
}

/** Runs `stack` offline; rejects with the program's own error (e.g. invalid configuration). */
export function runStack(stack: string, options: RunOptions): Promise<StackRun> {
    return options.diagnostics ? runProgram(stack, options) : withoutDiagnostics(() => runProgram(stack, options));
}

/** runStack's run, with the SDK's diagnostics as the caller left them. */
async function runProgram(stack: string, options: RunOptions): Promise<StackRun> {
    const config = options.config ?? readStackConfig(options.files, stack);
    const mocks = options.mocks ?? new OfflineAwsMocks(stack, options.style, options.world);
    await pulumi.runtime.setMocks(mocks, options.files.project, stack, options.style === "reference");
    pulumi.runtime.setAllConfig(config);

    const urns = new Map<pulumi.Resource, string>();
    const parents = new Map<string, string>();
    const stackUrn = `urn:pulumi:${stack}::${options.files.project}::pulumi:pulumi:Stack::${options.files.project}-${stack}`;
    const typePath = new Map<pulumi.Resource, string>();
    const program = typeof options.program === "function"
        ? options.program
        : loadProgram(options.program ?? path.resolve(__dirname, "..", "index"));
    const resourceOptions = new Map<string, PlannedOptions>();
    let outputs;
    let failure: unknown;
    // The SDK also rejects the stack's own output promises with the program's error, and nobody
    // awaits those: keep such rejections inside this run instead of letting them end the process.
    const escaped: unknown[] = [];
    const keep = (reason: unknown) => { escaped.push(reason); };
    process.on("unhandledRejection", keep);
    // Without an engine the SDK prints the program's warnings with console.warn; the plan reports
    // them itself (with the loader's, which are the same), so they are collected, not printed.
    const warnings: string[] = [];
    const consoleWarn = console.warn;
    console.warn = (...args: unknown[]) => {
        const [first] = args;
        if (typeof first === "string" && first.startsWith(runtimeWarning) && args.length === 1) {
            warnings.push(first.slice(runtimeWarning.length));
        } else {
            consoleWarn(...args);
        }
    };
    try {
        outputs = await pulumi.runtime.runInPulumiStack(async () => {
            pulumi.runtime.registerStackTransformation((args) => {
                const parentPath = args.opts.parent ? typePath.get(args.opts.parent) : undefined;
                const qualifiedType = parentPath ? `${parentPath}$${args.type}` : args.type;
                const urn = `urn:pulumi:${stack}::${options.files.project}::${qualifiedType}::${args.name}`;
                typePath.set(args.resource, qualifiedType);
                urns.set(args.resource, urn);
                parents.set(urn, (args.opts.parent && urns.get(args.opts.parent)) || stackUrn);
                const { deleteBeforeReplace, ignoreChanges, protect } = args.opts as pulumi.CustomResourceOptions;
                resourceOptions.set(urn, { deleteBeforeReplace, ignoreChanges, protect, dependsOn: dependencyNames(args.opts.dependsOn, urns) });
                return undefined;
            });
            return program();
        });
    } catch (error) {
        failure = error;
    } finally {
        // Like the engine at the end of a run: wait until every registration has been answered.
        await pulumi.runtime.disconnect().catch((error: unknown) => { failure ??= error; });
        await new Promise((resolve) => setImmediate(resolve));
        process.off("unhandledRejection", keep);
        console.warn = consoleWarn;
    }
    failure ??= escaped[0];
    if (mocks.refusals.length > 0 || mocks.neverServes.length > 0) {
        // The engine fails a deployment when any resource or invoke fails; AWS's reason is the news.
        throw new AwsRefusal(mocks.refusals, mocks.neverServes);
    }
    if (failure !== undefined) {
        throw failure;
    }

    const byKey = new Map([...parents.keys()].map((urn) => [urnKey(urn), urn]));
    const resources = mocks.resources.map((resource) => {
        const urn = byKey.get(`${resource.type}::${resource.name}`) ?? `urn:pulumi:${stack}::${options.files.project}::${resource.type}::${resource.name}`;
        return { ...resource, urn, parent: urn === stackUrn ? undefined : parents.get(urn) ?? stackUrn, options: resourceOptions.get(urn) ?? {} };
    });
    return { stack, config, resources, invokes: mocks.invokes, outputs: (outputs ?? {}) as Record<string, unknown>, warnings };
}

/** `type::name` of a URN, the key that joins the transformation's view with the mocks'. */
function urnKey(urn: string): string {
    const parts = urn.split("::");
    return `${parts[2].split("$").pop()}::${parts[3]}`;
}
