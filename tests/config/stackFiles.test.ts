import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { ConfigError } from "../../config/load";
import { ProjectFileError, readProject, stackValues, validateProject } from "../../config/stackFiles";

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

function errorOf(action: () => unknown): Error | undefined {
    try {
        action();
        return undefined;
    } catch (error) {
        return error as Error;
    }
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
});
