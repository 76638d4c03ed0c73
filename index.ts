/**
 * The program root: read and validate the stack's configuration before anything exists, create
 * the providers once, and build the region. Stack outputs are what `buildStack` returns.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { globalAcceleratorApiRegion } from "./domain/awsFacts";
import { ConfigError, loadStackConfig } from "./config/load";
import { buildRegion } from "./program/region";

export = async (): Promise<Record<string, unknown>> => {
    let config;
    try {
        config = loadStackConfig({ stack: pulumi.getStack(), project: pulumi.getProject(), values: pulumi.runtime.allConfig() });
    } catch (error) {
        // A RunError prints the message alone: every problem, no stack trace.
        throw error instanceof ConfigError ? new pulumi.RunError(error.message) : error;
    }
    const regional = new aws.Provider(`${config.stack}-${config.region}`, { region: config.region as aws.Region });
    const accelerator = config.settings.globalAccelerator.enabled
        ? new aws.Provider(`${config.stack}-${globalAcceleratorApiRegion}`, { region: globalAcceleratorApiRegion })
        : undefined;
    return buildRegion(config, { regional, accelerator });
};
