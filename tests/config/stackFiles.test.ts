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

        it("lets a region's key in Pulumi.yaml stop the regions it applies to, never the global stack", () => {
            const shared = projectFile.replace("    default: 120", "    default: 0");
            const global = "config:\n  aws:region: us-west-2\n  app:scope: global\n";
            const validation = validateProject(readProject(project({ "Pulumi.yaml": shared, "Pulumi.seoul.yaml": seoul, "Pulumi.global.yaml": global })));
            expect(validation.problems).to.deep.equal(["Pulumi.yaml: app:alb.idleTimeoutSeconds must be a whole number 1..4000, got 0"]);
            expect(validation.configs.map((config) => config.stack)).to.deep.equal(["global"]);
            expect(validation.warnings).to.deep.equal([]);
        });

        it("warns about a region's key set in the global stack's own file, which does not apply to it", () => {
            const global = "config:\n  aws:region: us-west-2\n  app:scope: global\n  app:alb.idleTimeoutSeconds: 0\n";
            const validation = validateProject(readProject(project({ "Pulumi.yaml": projectFile, "Pulumi.global.yaml": global })));
            expect(validation.problems).to.deep.equal([]);
            expect(validation.warnings).to.deep.equal([
                "Pulumi.global.yaml: app:alb.idleTimeoutSeconds does not apply to a global stack (app:scope: global), which creates only the accelerator, its listener and its alias record: remove it",
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
                expect(stackFileOf(text), text).to.deep.equal({ problems: ["Pulumi.seoul.yaml: config must map keys to values"] });
            }
        });

        it("refuses a key without a namespace as Pulumi's config parser does, naming its line and the key to write", () => {
            expect(stackFileOf("config:\n  aws:region: ap-northeast-2\n  dns.weight: 7\n  app:alb.http2: false\n")).to.deep.equal({
                problems: ["Pulumi.seoul.yaml:3: could not parse dns.weight as a configuration key (configuration keys should be of the form `<namespace>:<name>`): write app:dns.weight"],
            });
            expect(stackFileOf("config:\n  app:dns:weight: 7\n  dns.weight: 9\n")).to.deep.equal({
                problems: [
                    "Pulumi.seoul.yaml:2: could not parse app:dns:weight as a configuration key (configuration keys should be of the form `<namespace>:<name>`)",
                    "Pulumi.seoul.yaml:3: could not parse dns.weight as a configuration key (configuration keys should be of the form `<namespace>:<name>`): write app:dns.weight",
                ],
            });
        });

        it("reads namespace:name keys, and the older namespace:config:name form as Pulumi does", () => {
            expect(stackFileOf("config:\n  app:config:dns.weight: 9\n  app:alb.http2: false\n  aws:region: ap-northeast-2\n")).to.deep.equal({
                values: { "app:dns.weight": "9", "app:alb.http2": "false", "aws:region": "ap-northeast-2" },
            });
        });

        it("stops a stack whose file has a key without a namespace, so neither the plan nor the drill reads its value", () => {
            const problems = problemsOf(project({ "Pulumi.yaml": "name: app\n", "Pulumi.seoul.yaml": `${seoul}  dns.weight: 7\n` }));
            expect(problems).to.deep.equal([
                "Pulumi.seoul.yaml:4: could not parse dns.weight as a configuration key (configuration keys should be of the form `<namespace>:<name>`): write app:dns.weight",
            ]);
        });

        it("takes Pulumi.yaml keys without a namespace as the project's (project-level configuration)", () => {
            expect(readProject(project({ "Pulumi.yaml": "name: app\nconfig:\n  dns.weight: 7\n" })).shared).to.deep.equal({ "app:dns.weight": "7" });
        });

        it("reports a directory named like a stack file as an input problem of that stack, never a crash", () => {
            const directory = project({ "Pulumi.yaml": "name: app\n", "Pulumi.seoul.yaml": seoul });
            fs.mkdirSync(path.join(directory, "Pulumi.dir.yaml"));
            const files = readProject(directory);
            expect(files.stacks).to.deep.equal(["dir", "seoul"]);
            expect(problemsOf(directory)).to.deep.equal([
                "Pulumi.dir.yaml: is a directory, not a file; Pulumi reads Pulumi.dir.yaml as a stack file, so rename or remove the directory",
            ]);
        });

        it("reports a directory named Pulumi.yaml as an input error naming it", () => {
            const directory = fs.mkdtempSync(path.join(os.tmpdir(), "stack-files-"));
            fs.mkdirSync(path.join(directory, "Pulumi.yaml"));
            const error = errorOf(() => readProject(directory));
            expect(error).to.be.instanceOf(ProjectFileError);
            expect((error as ProjectFileError).problems).to.deep.equal([
                "Pulumi.yaml: is a directory, not a file; Pulumi reads Pulumi.yaml as a stack file, so rename or remove the directory",
            ]);
        });

        describe("an indentation mistake, at the line that is wrong", () => {
            it("a key indented one space too far (the parser stops on the line above)", () => {
                const text = "config:\n  aws:region: ap-northeast-2\n  app:network.cidr: 10.20.0.0/16\n   app:dns.weight: 50\n  app:dns.failoverRole: PRIMARY\n";
                expect(stackFileOf(text)).to.deep.equal({
                    problems: ["Pulumi.seoul.yaml:4: line 4 is indented 3 spaces, more than line 3 (2), whose value is already on that line: indent it 2 spaces to make it a key beside line 3's"],
                });
            });

            it("a key indented between two blocks", () => {
                expect(stackFileOf("config:\n  aws:region: ap-northeast-2\n  app:tags:\n    team: a\n   owner: b\n")).to.deep.equal({
                    problems: ["Pulumi.seoul.yaml:5: line 5 is indented 3 spaces, which lines up with no block around it: the entries there are indented 2 or 4 spaces"],
                });
            });

            it("a list item out of line with the one above", () => {
                expect(stackFileOf("config:\n  aws:region: ap-northeast-2\n  app:alb.sniCertificateArns:\n    - a\n   - b\n")).to.deep.equal({
                    problems: ["Pulumi.seoul.yaml:5: line 5 is indented 3 spaces, which lines up with no block around it: the entries there are indented 2 or 4 spaces"],
                });
            });

            it("a tab", () => {
                expect(stackFileOf("config:\n\taws:region: ap-northeast-2\n")).to.deep.equal({
                    problems: ["Pulumi.seoul.yaml:2: line 2 is indented with a tab; YAML indents with spaces only"],
                });
            });

            it("keeps the parser's words where the indentation is fine", () => {
                expect(stackFileOf("config:\n  queryStrings:\n    - key: debug\n      value: \"1\"\n  aws:region: [a,\n")).to.deep.equal({
                    problems: ["Pulumi.seoul.yaml:6:1: Flow sequence in block collection must be sufficiently indented and end with a ]"],
                });
            });
        });

        it("names the line and column of a YAML error past line 9 and past column 9", () => {
            const tags = Array.from({ length: 10 }, (_, index) => `  app:tags.k${index}: v\n`).join("");
            expect(stackFileOf(`config:\n${tags}  app:dns.weight: [1, 2\n`)).to.deep.equal({
                problems: ["Pulumi.seoul.yaml:13:1: Flow sequence in block collection must be sufficiently indented and end with a ]"],
            });
            expect(stackFileOf("config: [1,")).to.deep.equal({
                problems: ["Pulumi.seoul.yaml:1:12: Flow sequence in block collection must be sufficiently indented and end with a ]"],
            });
            expect(stackFileOf(`${seoul}  aws:region: ap-northeast-1\n`)).to.deep.equal({ problems: ["Pulumi.seoul.yaml:4:3: Map keys must be unique"] });
        });

        it("reports an alias without its anchor as a problem of the file at the alias, not a crash", () => {
            expect(stackFileOf(`${seoul}  app:tags: *common\n`)).to.deep.equal({
                problems: ["Pulumi.seoul.yaml:4:13: Unresolved alias (the anchor must be set before the alias): common"],
            });
            // Placed at the unresolved alias, not at an earlier alias that resolves.
            expect(stackFileOf("config:\n  aws:region: &r ap-northeast-2\n  app:dns.zoneName: *r\n  app:tags: *common\n")).to.deep.equal({
                problems: ["Pulumi.seoul.yaml:4:13: Unresolved alias (the anchor must be set before the alias): common"],
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
