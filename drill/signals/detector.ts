/**
 * When did a signal change? A phase moves a signal from its `previous` states to its `next`
 * states. The change counts from the first sample of the trailing run of samples in `next`:
 *
 * - evidence: when `next` holds a state `previous` lacks (seoul -> tokyo; tokyo -> seoul+tokyo),
 *   the change is the first sample in that run showing such a state;
 * - narrowing: when `next` only drops states (weighted seoul+tokyo -> tokyo), no single sample
 *   proves the change, so it counts from the start of the run; with a share s of the dropped
 *   state before, the run can start early by about (1 - s) / s polls;
 * - unchanged: when `previous` and `next` are the same, the signal must simply stay in them.
 *
 * A change is settled once `confirmSamples` samples in a row agree with it.
 */
/** One sample. */
export interface Sample {
    /** When it was taken (clock milliseconds). */
    readonly atMs: number;
    /** Its value token. */
    readonly value: string;
}

/** How a phase moves a signal. */
export type ChangeMode = "evidence" | "narrowing" | "unchanged";

/** Watches one signal through one phase. */
export class ChangeDetector {
    /** Every sample of the phase. */
    readonly samples: Sample[] = [];
    /** How the change shows. */
    readonly mode: ChangeMode;

    constructor(readonly previous: ReadonlySet<string>, readonly next: ReadonlySet<string>, private readonly confirmSamples: number) {
        const gains = [...next].some((state) => !previous.has(state));
        const drops = [...previous].some((state) => !next.has(state));
        this.mode = gains ? "evidence" : drops ? "narrowing" : "unchanged";
    }

    /** Records a sample. */
    add(sample: Sample): void {
        this.samples.push(sample);
    }

    /** Index of the first sample of the trailing run of samples in `next`. */
    private runStart(): number {
        let start = this.samples.length;
        while (start > 0 && this.next.has(this.samples[start - 1].value)) {
            start--;
        }
        return start;
    }

    /** Index of the sample the change counts from, if it has happened. */
    private changeIndex(): number | undefined {
        if (this.mode === "unchanged") {
            return undefined;
        }
        const start = this.runStart();
        if (start === this.samples.length) {
            return undefined;
        }
        if (this.mode === "narrowing") {
            return start;
        }
        const index = this.samples.findIndex((sample, at) => at >= start && !this.previous.has(sample.value));
        return index < 0 ? undefined : index;
    }

    /** When the signal changed (clock milliseconds), if it has. */
    get changedAtMs(): number | undefined {
        const index = this.changeIndex();
        return index === undefined ? undefined : this.samples[index].atMs;
    }

    /** When a state of `next` that `previous` lacks was first seen, even if it did not last. */
    get firstSeenAtMs(): number | undefined {
        return this.samples.find((sample) => this.next.has(sample.value) && !this.previous.has(sample.value))?.atMs;
    }

    /** True once the change is confirmed (always true for an unchanged signal). */
    get settled(): boolean {
        if (this.mode === "unchanged") {
            return true;
        }
        const index = this.changeIndex();
        return index !== undefined && this.samples.length - index >= this.confirmSamples;
    }

    /** Samples in neither `previous` nor `next`: failures, or states the model does not expect. */
    get strays(): number {
        return this.samples.filter((sample) => !this.previous.has(sample.value) && !this.next.has(sample.value)).length;
    }

    /** How many of the latest samples in a row are outside `next`. */
    get trailingMisses(): number {
        let count = 0;
        for (let at = this.samples.length - 1; at >= 0 && !this.next.has(this.samples[at].value); at--) {
            count++;
        }
        return count;
    }

    /** The latest value, if any. */
    get latest(): string | undefined {
        return this.samples.at(-1)?.value;
    }
}
