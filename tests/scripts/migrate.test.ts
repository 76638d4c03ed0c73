/**
 * Users of the previous release: its stack files (tests/fixtures/previous-release, kept as they
 * shipped) plan against today's Pulumi.yaml with one warning per deprecated key, each stack's
 * explicit choice winning over the project's; `npm run migrate` rewrites them into today's form,
 * after which they plan without warnings; every example already uses today's keys.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { expect } from "chai";
import { parse } from "yaml";
import { migrateProject } from "../../config/migrate";
import { readProject } from "../../config/stackFiles";
import { planFails, planProject } from "../../offline/planner";
import { exampleNames, examplesDirectory } from "../../offline/planCommand";
import { migrateCommand, readProjectTexts } from "../../scripts/migrate";
import { fixtureDirectory } from "../harness";

const run = promisify(execFile);
const root = path.resolve(__dirname, "..", "..");
const previousRelease = fixtureDirectory("previous-release");

/** A copy of the previous release's project to migrate. */
function copyOfPreviousRelease(): string {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "migrate-"));
    for (const file of fs.readdirSync(previousRelease)) {
        fs.copyFileSync(path.join(previousRelease, file), path.join(directory, file));
    }
    return directory;
}

/** A stack file's `config:` block. */
const configOf = (directory: string, file: string) => (parse(fs.readFileSync(path.join(directory, file), "utf8")) as { config: Record<string, unknown> }).config;

describe("users of the previous release", () => {
    it("plans the previous release's stack files against today's Pulumi.yaml, with one warning per deprecated key naming its new form", async () => {
        const plan = await planProject(readProject(previousRelease));
        expect(plan.problems).to.deep.equal([]);
        expect(planFails(plan)).to.equal(false);
        expect(plan.crossStack).to.deep.equal([]);
        expect(plan.warnings).to.have.length(2);
        expect(plan.warnings[0]).to.match(/^Pulumi\.seoul\.yaml: app:globalAccelerator\.owner is deprecated: this regional stack still creates the accelerator/)
            .and.include("app:scope: global").and.include("npm run migrate");
        expect(plan.warnings[1]).to.equal("Pulumi.tokyo.yaml: app:globalAccelerator.ownerStack is deprecated and was read as app:globalAccelerator.globalStack (organization/app/seoul), " +
            "over app:globalAccelerator.globalStack organization/app/global from Pulumi.yaml: rename the key (npm run migrate does it)");
    });

    it("keeps each stack's explicit choice over Pulumi.yaml's: Seoul creates the accelerator, Tokyo joins Seoul's", async () => {
        const plan = await planProject(readProject(previousRelease));
        expect(plan.deployOrder).to.deep.equal(["seoul", "tokyo"]);
        const seoul = plan.stacks.find((stack) => stack.stack === "seoul")!;
        const tokyo = plan.stacks.find((stack) => stack.stack === "tokyo")!;
        expect(seoul.resources.filter((resource) => resource.type === "aws:globalaccelerator/accelerator:Accelerator").map((resource) => resource.name)).to.deep.equal(["seoul-accelerator"]);
        expect(tokyo.resources.find((resource) => resource.type === "pulumi:pulumi:StackReference")?.inputs.name).to.equal("organization/app/seoul");
        expect(tokyo.resources.find((resource) => resource.type === "aws:globalaccelerator/endpointGroup:EndpointGroup")?.inputs.listenerArn).to.equal("${seoul-accelerator-tcp.id}");
    });

    describe("npm run migrate", () => {
        let directory: string;
        let printed: string;
        before(() => {
            directory = copyOfPreviousRelease();
            const lines: string[] = [];
            expect(migrateCommand(["--project", directory], (text) => lines.push(text))).to.equal(0);
            printed = lines.join("\n");
        });

        it("moves the accelerator into a new global stack file and points both regions at it", () => {
            expect(configOf(directory, "Pulumi.global.yaml")).to.deep.equal({
                "aws:region": "us-west-2", "app:scope": "global", "app:globalAccelerator.enabled": true, "app:globalAccelerator.ports": [80, 443],
            });
            for (const file of ["Pulumi.seoul.yaml", "Pulumi.tokyo.yaml"]) {
                const config = configOf(directory, file);
                expect(Object.keys(config).filter((key) => key.startsWith("app:globalAccelerator.")), file).to.deep.equal([]);
            }
            expect(readProject(directory).shared["app:globalAccelerator.globalStack"]).to.equal("organization/app/global");
        });

        it("leaves in each stack file only what differs by region, the shared values in Pulumi.yaml or at their defaults", () => {
            expect(Object.keys(configOf(directory, "Pulumi.seoul.yaml"))).to.deep.equal([
                "aws:region", "app:network.cidr", "app:alb.certificateArn", "app:alb.sniCertificateArns", "app:dns.failoverRole", "app:dns.weight",
            ]);
            expect(configOf(directory, "Pulumi.tokyo.yaml")["app:dns.failoverRole"]).to.equal("SECONDARY");
        });

        it("prints every change, naming file and key, and the deploy order the move needs", () => {
            expect(printed).to.match(/^Changed:\n/);
            expect(printed).to.include("Pulumi.global.yaml: created: the global stack (app:scope: global, aws:region us-west-2) now creates the accelerator, on ports 80, 443");
            expect(printed).to.include("Pulumi.seoul.yaml: removed app:globalAccelerator.owner and app:globalAccelerator.recordName: the accelerator moved to Pulumi.global.yaml");
            expect(printed).to.include("Pulumi.tokyo.yaml: app:globalAccelerator.ownerStack: organization/app/seoul became app:globalAccelerator.globalStack: organization/app/global");
            expect(printed).to.include("Pulumi.seoul.yaml, Pulumi.tokyo.yaml: removed app:targetGroups: Pulumi.yaml holds the same value");
            expect(printed).to.include("Pulumi.seoul.yaml, Pulumi.tokyo.yaml: removed app:network.natGateways: \"onePerAz\" is its default (config/schema.ts)");
            expect(printed).to.include("new static IP addresses");
            expect(printed).to.include("add app:globalAccelerator.recordName: global to Pulumi.global.yaml");
        });

        it("makes them plan without a warning or a finding", async () => {
            const plan = await planProject(readProject(directory));
            expect(plan.problems).to.deep.equal([]);
            expect(plan.warnings).to.deep.equal([]);
            expect(plan.crossStack).to.deep.equal([]);
            expect(plan.deployOrder).to.deep.equal(["global", "seoul", "tokyo"]);
        });

        it("finds nothing left to migrate the second time", () => {
            const lines: string[] = [];
            migrateCommand(["--project", directory], (text) => lines.push(text));
            expect(lines).to.deep.equal(["Nothing to migrate: the stack files use today's keys."]);
        });
    });

    it("writes nothing with --dry-run, and keeps a comment above a key it removes", () => {
        const directory = copyOfPreviousRelease();
        const before = fs.readdirSync(directory).map((file) => fs.readFileSync(path.join(directory, file), "utf8"));
        const lines: string[] = [];
        migrateCommand(["--project", directory, "--dry-run"], (text) => lines.push(text));
        expect(lines[0]).to.match(/^Would change \(dry run, nothing written\):/);
        expect(fs.readdirSync(directory).map((file) => fs.readFileSync(path.join(directory, file), "utf8"))).to.deep.equal(before);
        const texts = readProjectTexts(directory);
        const commented = texts.stackFiles["Pulumi.seoul.yaml"].replace("  app:globalAccelerator.owner: true", "  # Seoul's share of traffic.\n  app:globalAccelerator.owner: true");
        const migrated = migrateProject({ ...texts, stackFiles: { ...texts.stackFiles, "Pulumi.seoul.yaml": commented } });
        expect(migrated.files["Pulumi.seoul.yaml"]).to.include("# Seoul's share of traffic.");
    });

    it("refuses a key it cannot read, naming the file, as an input error", () => {
        const directory = copyOfPreviousRelease();
        fs.appendFileSync(path.join(directory, "Pulumi.tokyo.yaml"), "  dns.weight: 7\n");
        expect(() => migrateCommand(["--project", directory], () => undefined)).to.throw("Pulumi.tokyo.yaml: could not parse dns.weight as a configuration key");
    });

    it("runs as npm run migrate prints it (the real command line)", async () => {
        const directory = copyOfPreviousRelease();
        const { stdout } = await run(process.execPath, [path.join(root, "scripts", "launch.js"), "scripts/migrate", "--project", directory], { cwd: root });
        expect(stdout).to.match(/^Changed:\n {2}Pulumi\.global\.yaml: created/);
        expect(fs.existsSync(path.join(directory, "Pulumi.global.yaml"))).to.equal(true);
    });

    describe("every example uses today's keys", () => {
        const names = exampleNames();
        it("has examples", () => expect(names).to.not.have.length(0));
        for (const name of names) {
            it(`${name}: nothing to migrate, no deprecation warning`, async () => {
                expect(migrateProject(readProjectTexts(path.join(examplesDirectory, name))).changes).to.deep.equal([]);
                const plan = await planProject(readProject(path.join(examplesDirectory, name)));
                expect(plan.warnings.filter((warning) => warning.includes("deprecated"))).to.deep.equal([]);
            });
        }
    });
});
