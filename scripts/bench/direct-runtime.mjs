/**
 * The same Worker bundle served by workerd through Miniflare directly, without `wrangler dev`.
 *
 * `wrangler dev` puts a proxy Worker (a second workerd process) in front of the Worker, so that it
 * can reload code without dropping connections: every request crosses one more HTTP hop, which
 * costs about 4–5 ms on the 2-core machine (a `GET /health` takes ~6 ms through it, ~2 ms without).
 * No such proxy exists in production, so "the server's own time" (issue 11 item 9) is measured
 * here; the bench reports the `wrangler dev` figures beside it.
 *
 * Bindings come from wrangler.toml's `dev` environment, as `wrangler dev --env dev` reads them;
 * state is in memory (each run starts empty).
 */
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";

const PROJECT_ROOT = resolve(import.meta.dirname, "../..");
const require = createRequire(resolve(PROJECT_ROOT, "package.json"));

/**
 * @param {{ bundle: string, vars?: Record<string, string> }} options
 * @returns {Promise<{ url: string, output: () => string, stop: () => Promise<void> }>}
 */
export async function startDirectRuntime({ bundle, vars = {} }) {
	const { unstable_getMiniflareWorkerOptions } = require("wrangler");
	const { Miniflare } = require("miniflare");
	const { workerOptions } = unstable_getMiniflareWorkerOptions(resolve(PROJECT_ROOT, "wrangler.toml"), "dev");
	let output = "";
	const miniflare = new Miniflare({
		...workerOptions,
		bindings: { ...workerOptions.bindings, ...vars },
		modules: [{ type: "ESModule", path: bundle }],
		modulesRoot: dirname(bundle),
		host: "127.0.0.1",
		port: 0,
		// The Worker's log lines (an audit line per call) are kept for the run's record, not printed.
		handleRuntimeStdio(stdout, stderr) {
			stdout.on("data", (chunk) => (output += chunk));
			stderr.on("data", (chunk) => (output += chunk));
		},
	});
	const url = (await miniflare.ready).toString().replace(/\/$/, "");
	return { url, output: () => output, stop: () => miniflare.dispose() };
}
