/**
 * Imported first by the command-line entry points: turns on Node's module compile cache, so the
 * second and later runs skip compiling @pulumi/aws's thousands of modules (most of the plan's
 * start-up). The cache lives in the system's temporary directory and is safe to delete; Node
 * checks each entry against its source and recompiles what changed. Set NODE_DISABLE_COMPILE_CACHE=1
 * to turn it off.
 */
import * as nodeModule from "node:module";
import * as os from "node:os";
import * as path from "node:path";

// module.enableCompileCache exists from Node 22.1; on an older Node the plan simply runs uncached.
const enable = (nodeModule as { enableCompileCache?: (directory?: string) => unknown }).enableCompileCache;
enable?.(path.join(os.tmpdir(), `multiregion-compile-cache-${os.userInfo().uid}`));
