/**
 * AWS's API models as botocore ships them (`data/<service>/<version>/service-2.json`), for tests
 * that compare the program's limits and facts with the models when botocore is installed.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";

/** The model versions the program's facts are read from. */
export const services: Record<string, string> = {
    elbv2: "2015-12-01", route53: "2013-04-01", globalaccelerator: "2018-08-08", cloudwatch: "2010-08-01", autoscaling: "2011-01-01",
    "route53-recovery-cluster": "2019-12-02", "route53-recovery-control-config": "2020-11-02",
};

/** A shape of a model, as much as the tests read. */
export interface Shape {
    readonly type: string;
    readonly min?: number;
    readonly max?: number;
    readonly pattern?: string;
    readonly enum?: string[];
    readonly required?: string[];
    readonly documentation?: string;
    readonly members?: Readonly<Record<string, { readonly shape: string; readonly documentation?: string }>>;
}

/** botocore's data folder, or undefined when botocore is not installed. */
export function botocoreData(): string | undefined {
    try {
        const directory = execFileSync("python3", ["-c", "import botocore,os;print(os.path.dirname(botocore.__file__))"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
        return path.join(directory, "data");
    } catch {
        return undefined;
    }
}

/** The shapes of one service's model (plain or gzipped). */
export function loadShapes(data: string, service: string): Record<string, Shape> {
    const base = path.join(data, service, services[service], "service-2.json");
    const text = fs.existsSync(base) ? fs.readFileSync(base, "utf8") : zlib.gunzipSync(fs.readFileSync(`${base}.gz`)).toString("utf8");
    return (JSON.parse(text) as { shapes: Record<string, Shape> }).shapes;
}

/** A model's documentation as plain text: tags dropped, white space collapsed. */
export function plainText(html: string | undefined): string {
    return (html ?? "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
}
