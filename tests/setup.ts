/**
 * Loaded by .mocharc before any test file: puts the Pulumi runtime into mock mode before any
 * program code is imported, so nothing can ever reach a real engine or AWS. Each run then
 * installs its own recording mocks (tests/harness.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { OfflineAwsMocks } from "../offline/awsMocks";
import { testWorld } from "./harness";

void pulumi.runtime.setMocks(new OfflineAwsMocks("test", "aws", testWorld), "app", "test");
