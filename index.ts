/**
 * The program root: read and validate the stack's configuration before anything exists, create
 * the providers once, and build the global stack (`app:scope: global`) or the region. Stack
 * outputs are what the build returns.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, RawStackConfig, StackConfig, validateStackConfig } from "./config/load";
import { readProject, stackValues } from "./config/stackFiles";
import { globalAcceleratorApiRegion, recoveryControlApiRegion } from "./domain/awsFacts";
import { isGlobalStack } from "./config/derive";
import { buildGlobalStack } from "./program/global";
import { buildRegion } from "./program/region";

/**
 * Validates the configuration the engine handed over. On failure, the files in the working
 * directory (where `pulumi up` runs) tell which one set each bad value, so every message names
 * Pulumi.yaml or the stack file; a RunError prints them without a stack trace.
 */
function validatedConfig(raw: RawStackConfig): StackConfig {
    const result = validateStackConfig(raw);
    for (const warning of result.warnings) {
        void pulumi.log.warn(warning);
    }
    if (result.config !== undefined) {
        return result.config;
    }
    let problems = result.problems;
    try {
        const files = readProject(process.cwd());
        const { origins } = stackValues(files, raw.stack);
        problems = validateStackConfig({ ...raw, origins, stackFile: files.stackFiles[raw.stack].file }).problems;
    } catch {
        // Not in the project directory (the Automation API, a config from elsewhere): name the stack file.
    }
    throw new pulumi.RunError(new ConfigError(problems).message);
}

export = async (): Promise<Record<string, unknown>> => {
    const config = validatedConfig({ stack: pulumi.getStack(), project: pulumi.getProject(), values: pulumi.runtime.allConfig() });
    const acceleratorProvider = () => new aws.Provider(`${config.stack}-${globalAcceleratorApiRegion}`, { region: globalAcceleratorApiRegion });
    if (isGlobalStack(config.settings)) {
        // Only global APIs: an outage of any one region never blocks a change to the accelerator.
        return buildGlobalStack(config, acceleratorProvider());
    }
    const regional = new aws.Provider(`${config.stack}-${config.region}`, { region: config.region as aws.Region });
    const accelerator = config.settings.globalAccelerator.enabled ? acceleratorProvider() : undefined;
    const controls = config.settings.routingControls;
    const recoveryControl = controls.enabled && controls.owner
        ? new aws.Provider(`${config.stack}-recovery-control-${recoveryControlApiRegion}`, { region: recoveryControlApiRegion })
        : undefined;
    return buildRegion(config, { regional, accelerator, recoveryControl });
};
