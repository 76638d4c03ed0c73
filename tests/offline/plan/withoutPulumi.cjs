// Preloaded (node --require) by tests/offline/plan.test.ts into the plan's process: loading
// Pulumi's SDK fails it, to show that --help and a wrong flag are answered without the planner.
"use strict";
const nodeModule = require("node:module");
const load = nodeModule._load;
nodeModule._load = function (request, ...rest) {
    if (request === "@pulumi/pulumi" || request.startsWith("@pulumi/pulumi/")) {
        throw new Error(`the plan loaded ${request} for an answer that does not need it`);
    }
    return load.call(this, request, ...rest);
};
