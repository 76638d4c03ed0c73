import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { ConfigError } from "../../config/load";
import {
    findProjectDirectory, hasProjectFile, loadAllStackConfigs, ProjectFileError, readProject, stackValues, validateProject,
} from "../../config/stackFiles";
import { errorOf } from "../thrown";

/** A project directory of its own, with these files. */
function project(files: Record<string, string>): string {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "stack-files-"));
    for (const [name, text] of Object.entries(files)) {
        fs.writeFileSync(path.join(directory, name), text);
    }
    return directory;
}

const projectFile = [
    "name: app",
    "runtime: nodejs",
    "config:",
    "  pulumi:disable-default-providers:",
    "    value: [aws]",
    "  fleet.targetGroups:",
    "    value: [web]",
    "  alb.idleTimeoutSeconds:",
    "    type: integer",
    "    default: 120",
    "  dns.weight: 7",
    "  tags:",
    "    value:",
    "      team: platform",
    "",
].join("\n");

const seoul = "config:\n  aws:region: ap-northeast-2\n  app:network.cidr: 10.20.0.0/16\n";

function problemsOf(directory: string): string[] {
    return validateProject(readProject(directory)).problems;
}

describe("stack files", () => {
    describe("project-level configuration (Pulumi.yaml)", () => {
        it("hands every stack the project's values: value:, a typed default, or a plain scalar", () => {
            const { values } = stackValues(readProject(project({ "Pulumi.yaml": projectFile, "Pulumi.seoul.yaml": seoul })), "seoul");
            expect(values).to.include({
                "pulumi:disable-default-providers": '["aws"]',
                "app:fleet.targetGroups": '["web"]',
                "app:alb.idleTimeoutSeconds": "120",
                "app:dns.weight": "7",
                "app:tags": '{"team":"platform"}',
                "aws:region": "ap-northeast-2",
            });
        });

        it("lets a stack file override a project value, replacing the whole key", () => {
            const files = readProject(project({ "Pulumi.yaml": projectFile, "Pulumi.seoul.yaml": `${seoul}  app:tags:\n    env: test\n  app:dns.weight: 9\n` }));
            const { values, origins } = stackValues(files, "seoul");
            expect(values["app:tags"]).to.equal('{"env":"test"}');
            expect(values["app:dns.weight"]).to.equal("9");
            expect(origins["app:dns.weight"]).to.equal("Pulumi.seoul.yaml");
            expect(origins["app:fleet.targetGroups"]).to.equal("Pulumi.yaml");
        });

        it("names Pulumi.yaml when the bad value is a shared one, and the stack file for its own", () => {
            const shared = projectFile.replace("  dns.weight: 7", "  dns.weight: 700");
            const problems = problemsOf(project({ "Pulumi.yaml": shared, "Pulumi.seoul.yaml": `${seoul}  app:alb.idleTimeoutSeconds: 0\n` }));
            expect(problems).to.have.members([
                "Pulumi.yaml: app:dns.weight must be a whole number 0..255, got 700",
                "Pulumi.seoul.yaml: app:alb.idleTimeoutSeconds must be a whole number 1..4000, got 0",
            ]);
        });

        it("names Pulumi.yaml for a nested problem inside a shared keyed map", () => {
            const shared = projectFile.replace("  tags:", "  targetGroups:\n    value:\n      web:\n        port: 0\n  tags:");
            expect(problemsOf(project({ "Pulumi.yaml": shared, "Pulumi.seoul.yaml": seoul })))
                .to.include("Pulumi.yaml: app:targetGroups.web.port must be a whole number 1..65535, got 0");
        });

        it("refuses a structured value written without value:, as Pulumi does", () => {
            const error = errorOf(() => readProject(project({ "Pulumi.yaml": "name: app\nruntime: nodejs\nconfig:\n  tags:\n    team: platform\n" })));
            expect(error).to.be.instanceOf(ProjectFileError);
            expect(error?.message).to.include("Pulumi.yaml: config.tags is an object: Pulumi.yaml takes structured values under value:");
        });

        it("needs a project name", () => {
            expect(errorOf(() => readProject(project({ "Pulumi.yaml": "runtime: nodejs\n" })))?.message)
                .to.include("Pulumi.yaml: name is required");
        });
    });

    describe("reading the files", () => {
        it("finds .yml stack files and reads them under their own name", () => {
            const files = readProject(project({ "Pulumi.yaml": projectFile, "Pulumi.seoul.yml": seoul }));
            expect(files.stacks).to.deep.equal(["seoul"]);
            expect(files.stackFiles.seoul.file).to.equal("Pulumi.seoul.yml");
            const problems = problemsOf(project({ "Pulumi.yaml": projectFile, "Pulumi.seoul.yml": `${seoul}  app:dns.weight: 300\n` }));
            expect(problems).to.deep.equal(["Pulumi.seoul.yml: app:dns.weight must be a whole number 0..255, got 300"]);
        });

        it("refuses two files for one stack", () => {
            expect(errorOf(() => readProject(project({ "Pulumi.yaml": projectFile, "Pulumi.seoul.yml": seoul, "Pulumi.seoul.yaml": seoul })))?.message)
                .to.include("stack seoul also has");
        });

        it("names the file, line and column of a YAML syntax error, and still checks the other stacks", () => {
            const problems = problemsOf(project({
                "Pulumi.yaml": projectFile,
                "Pulumi.seoul.yaml": seoul,
                "Pulumi.tokyo.yaml": "config:\n  aws:region: ap-northeast-1\n  app:dns.weight: [1,\n",
                "Pulumi.osaka.yaml": "config:\n  aws:region: ap-northeast-3\n  app:dns.weight: 300\n",
            }));
            expect(problems).to.have.length(2);
            expect(problems[0]).to.equal("Pulumi.osaka.yaml: app:dns.weight must be a whole number 0..255, got 300");
            expect(problems[1]).to.match(/^Pulumi\.tokyo\.yaml:\d+:\d+: /);
        });

        it("names duplicate keys with their line, as YAML forbids them", () => {
            const problems = problemsOf(project({ "Pulumi.yaml": projectFile, "Pulumi.seoul.yaml": `${seoul}  aws:region: ap-northeast-1\n` }));
            expect(problems).to.have.length(1);
            expect(problems[0]).to.match(/^Pulumi\.seoul\.yaml:4:\d+: Map keys must be unique/);
        });

        it("says a secret cannot be read offline, naming file and key", () => {
            const problems = problemsOf(project({ "Pulumi.yaml": projectFile, "Pulumi.seoul.yaml": `${seoul}  app:dns.zoneId:\n    secure: AAABAG==\n` }));
            expect(problems).to.deep.equal(["Pulumi.seoul.yaml: app:dns.zoneId is a secret; the offline plan cannot decrypt it (run pulumi preview instead)"]);
        });

        it("reports a stack file that is not a mapping", () => {
            expect(problemsOf(project({ "Pulumi.yaml": projectFile, "Pulumi.seoul.yaml": "- just\n- a list\n" })))
                .to.deep.equal(["Pulumi.seoul.yaml: must be a YAML mapping with a config: block"]);
        });

        it("raises input errors, never crashes, for a project file it cannot parse", () => {
            const error = errorOf(() => readProject(project({ "Pulumi.yaml": "name: [app\n" })));
            expect(error).to.be.instanceOf(ConfigError);
            expect(error?.message).to.match(/Pulumi\.yaml:\d+:\d+: /);
        });
    });

    describe("Pulumi.yaml at its edges", () => {
        /** The project-level values of a Pulumi.yaml with this config: block. */
        const sharedOf = (config: string) => readProject(project({ "Pulumi.yaml": `name: app\nruntime: nodejs\n${config}` })).shared;

        it("takes a default without a type, leaves out a typed key without a value and a key left empty, and takes a plain list", () => {
            expect(sharedOf([
                "config:",
                "  dns.weight:",
                "    default: 7",
                "  alb.idleTimeoutSeconds:",
                "    type: integer",
                "  dns.zoneName:",
                "  fleet.targetGroups: [web, api]",
                "  app:alb.http2: false",
                "",
            ].join("\n"))).to.deep.equal({ "app:dns.weight": "7", "app:fleet.targetGroups": '["web","api"]', "app:alb.http2": "false" });
        });

        it("prefers value: over default:", () => {
            expect(sharedOf("config:\n  dns.weight:\n    value: 9\n    default: 7\n")).to.deep.equal({ "app:dns.weight": "9" });
        });

        it("has no project-level values without a config: block or with an empty one", () => {
            expect(sharedOf("")).to.deep.equal({});
            expect(sharedOf("config:\n")).to.deep.equal({});
        });

        it("refuses a config: block that is not a mapping", () => {
            for (const config of ["config: [dns.weight]\n", "config: 5\n"]) {
                const error = errorOf(() => sharedOf(config));
                expect(error, config).to.be.instanceOf(ProjectFileError);
                expect((error as ProjectFileError).problems, config).to.deep.equal(["Pulumi.yaml: config must map keys to values"]);
            }
        });

        it("needs a name that is non-empty text", () => {
            for (const name of ['""', "5", "[app]"]) {
                const error = errorOf(() => readProject(project({ "Pulumi.yaml": `name: ${name}\nruntime: nodejs\n` })));
                expect((error as ProjectFileError).problems, name).to.deep.equal(["Pulumi.yaml: name is required: the project's name, the namespace of its config keys"]);
            }
        });

        it("names the directory that has no Pulumi.yaml, in a ProjectFileError", () => {
            const directory = project({ "Pulumi.seoul.yaml": seoul });
            const error = errorOf(() => readProject(directory));
            expect(error).to.be.instanceOf(ProjectFileError);
            expect(error?.name).to.equal("ProjectFileError");
            expect(error?.message).to.equal(`Invalid configuration (1 problem):\n  - ${directory}: no Pulumi.yaml here`);
        });
    });

    describe("finding the project directory", () => {
        it("finds Pulumi.yaml in the start directory or above it", () => {
            const directory = project({ "Pulumi.yaml": projectFile });
            const nested = path.join(directory, "bin", "scripts");
            fs.mkdirSync(nested, { recursive: true });
            expect(findProjectDirectory(nested)).to.equal(directory);
            expect(findProjectDirectory(directory)).to.equal(directory);
        });

        it("finds Pulumi.yml too", () => {
            const directory = project({ "Pulumi.yml": projectFile });
            const nested = path.join(directory, "tools");
            fs.mkdirSync(nested);
            expect(findProjectDirectory(nested)).to.equal(directory);
        });

        it("says where it looked when no directory up to the root has one", function () {
            const start = path.join(project({}), "deep");
            fs.mkdirSync(start);
            const ancestors = path.resolve(start).split(path.sep).map((_, index, parts) => parts.slice(0, index + 1).join(path.sep) || path.sep);
            if (ancestors.some(hasProjectFile)) {
                this.skip(); // the temp folder sits inside a Pulumi project on this machine: there is no project-free path to walk
            }
            const error = errorOf(() => findProjectDirectory(start));
            expect(error).to.be.instanceOf(ProjectFileError);
            expect((error as ProjectFileError).problems).to.deep.equal([`no Pulumi.yaml in ${start} or above: run the command inside the project, or give --project DIR`]);
        });
    });

    describe("stack files at their edges", () => {
        /** What readProject made of the one stack file `text`. */
        const stackFileOf = (text: string) => readProject(project({ "Pulumi.yaml": "name: app\n", "Pulumi.seoul.yaml": text })).stackFiles.seoul.config;

        it("reads an empty stack file, a comment, a file without config: and an empty config: block as no values", () => {
            for (const text of ["", "# nothing yet\n", "encryptionsalt: v1:abc\n", "config:\n"]) {
                expect(stackFileOf(text), JSON.stringify(text)).to.deep.equal({ values: {} });
            }
        });

        it("refuses a config: block that is not a mapping", () => {
            for (const text of ["config: [aws:region]\n", "config: ap-northeast-2\n"]) {
                expect(stackFileOf(text), text).to.deep.equal({ problem: "Pulumi.seoul.yaml: config must map keys to values" });
            }
        });

        it("qualifies keys without a namespace with the project's, and keeps the others", () => {
            expect(stackFileOf("config:\n  dns.weight: 9\n  app:alb.http2: false\n  aws:region: ap-northeast-2\n")).to.deep.equal({
                values: { "app:dns.weight": "9", "app:alb.http2": "false", "aws:region": "ap-northeast-2" },
            });
        });

        it("names the line and column of a YAML error past line 9 and past column 9", () => {
            const tags = Array.from({ length: 10 }, (_, index) => `  app:tags.k${index}: v\n`).join("");
            expect(stackFileOf(`config:\n${tags}  app:dns.weight: [1, 2\n`)).to.deep.equal({
                problem: "Pulumi.seoul.yaml:13:1: Flow sequence in block collection must be sufficiently indented and end with a ]",
            });
            expect(stackFileOf("config: [1,")).to.deep.equal({
                problem: "Pulumi.seoul.yaml:1:12: Flow sequence in block collection must be sufficiently indented and end with a ]",
            });
            expect(stackFileOf(`${seoul}  aws:region: ap-northeast-1\n`)).to.deep.equal({ problem: "Pulumi.seoul.yaml:4:3: Map keys must be unique" });
        });

        it("reports an alias without its anchor as a problem of the file at the alias, not a crash", () => {
            expect(stackFileOf(`${seoul}  app:tags: *common\n`)).to.deep.equal({
                problem: "Pulumi.seoul.yaml:4:13: Unresolved alias (the anchor must be set before the alias): common",
            });
            // Placed at the unresolved alias, not at an earlier alias that resolves.
            expect(stackFileOf("config:\n  aws:region: &r ap-northeast-2\n  app:dns.zoneName: *r\n  app:tags: *common\n")).to.deep.equal({
                problem: "Pulumi.seoul.yaml:4:13: Unresolved alias (the anchor must be set before the alias): common",
            });
            const error = errorOf(() => readProject(project({ "Pulumi.yaml": "name: app\nconfig:\n  tags: *common\n" })));
            expect(error).to.be.instanceOf(ProjectFileError);
            expect((error as ProjectFileError).problems).to.deep.equal(["Pulumi.yaml:3:9: Unresolved alias (the anchor must be set before the alias): common"]);
        });

        it("ignores the directory's other files", () => {
            const files = readProject(project({ "Pulumi.yaml": projectFile, "Pulumi.seoul.yaml": seoul, "README.md": "# app\n", "index.ts": "", "Pulumi.seoul.yaml.bak": "x: [" }));
            expect(files.stacks).to.deep.equal(["seoul"]);
            expect(Object.keys(files.stackFiles)).to.deep.equal(["seoul"]);
        });

        it("lists the stacks in name order, names of digits too", () => {
            const region = "config:\n  aws:region: ap-northeast-2\n";
            expect(readProject(project({ "Pulumi.yaml": "name: app\n", "Pulumi.9.yaml": region, "Pulumi.10.yaml": region, "Pulumi.b.yaml": region })).stacks)
                .to.deep.equal(["10", "9", "b"]);
        });

        it("names the stacks it has when asked for one it has not", () => {
            const files = readProject(project({ "Pulumi.yaml": projectFile, "Pulumi.seoul.yaml": seoul, "Pulumi.tokyo.yaml": seoul }));
            expect((errorOf(() => stackValues(files, "osaka")) as ProjectFileError).problems).to.deep.equal(["no stack file for osaka (have: seoul, tokyo)"]);
            const none = readProject(project({ "Pulumi.yaml": projectFile }));
            expect((errorOf(() => stackValues(none, "osaka")) as ProjectFileError).problems).to.deep.equal(["no stack file for osaka (have: none)"]);
        });
    });

    describe("validating every stack", () => {
        const tokyo = "config:\n  aws:region: ap-northeast-1\n  other:owner: ops\n";

        it("returns the valid stacks' configurations and every stack's warnings", () => {
            const files = readProject(project({ "Pulumi.yaml": projectFile, "Pulumi.seoul.yaml": seoul, "Pulumi.tokyo.yaml": tokyo }));
            const validation = validateProject(files);
            expect(validation.problems).to.deep.equal([]);
            expect(validation.warnings).to.deep.equal(["Pulumi.tokyo.yaml: other:owner is in namespace other, which this program does not read"]);
            expect(validation.configs.map((config) => [config.stack, config.region])).to.deep.equal([["seoul", "ap-northeast-2"], ["tokyo", "ap-northeast-1"]]);
            expect(loadAllStackConfigs(files).map((config) => config.stack)).to.deep.equal(["seoul", "tokyo"]);
        });

        it("leaves an invalid stack out of the configurations, with no warnings when there are none", () => {
            const validation = validateProject(readProject(project({ "Pulumi.yaml": projectFile, "Pulumi.seoul.yaml": seoul, "Pulumi.tokyo.yaml": "config:\n  app:dns.weight: 7\n" })));
            expect(validation.configs.map((config) => config.stack)).to.deep.equal(["seoul"]);
            expect(validation.problems).to.deep.equal(["Pulumi.tokyo.yaml: aws:region is required: the stack's AWS region, e.g. ap-northeast-2"]);
            expect(validation.warnings).to.deep.equal([]);
        });

        it("throws one ConfigError with every problem of every stack file", () => {
            const files = readProject(project({
                "Pulumi.yaml": projectFile,
                "Pulumi.seoul.yaml": `${seoul}  app:dns.weight: 300\n`,
                "Pulumi.tokyo.yaml": "config: [1,",
            }));
            const error = errorOf(() => loadAllStackConfigs(files));
            expect(error).to.be.instanceOf(ConfigError);
            expect(error?.message).to.equal("Invalid configuration (2 problems):\n" +
                "  - Pulumi.seoul.yaml: app:dns.weight must be a whole number 0..255, got 300\n" +
                "  - Pulumi.tokyo.yaml:1:12: Flow sequence in block collection must be sufficiently indented and end with a ]");
        });
    });
});
