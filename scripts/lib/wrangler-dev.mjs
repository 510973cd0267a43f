/**
 * Starts a real `wrangler dev` process for end-to-end tests, conformance runs and benchmarks,
 * and stops it again. The process runs in its own process group (detached), so stopping it
 * by group id also ends the workerd child that a plain kill would leave behind.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const PROJECT_ROOT = resolve(import.meta.dirname, "../..");

/** Asks the OS for a free TCP port on loopback. */
export function freePort() {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.on("error", reject);
		server.listen(0, "127.0.0.1", () => {
			const { port } = server.address();
			server.close(() => resolvePort(port));
		});
	});
}

/**
 * The caller's vars, plus SANDBOX_TODAY from this process's environment when the server runs on
 * the sandbox (the only mode that accepts it), so `SANDBOX_TODAY=… npm test` pins the date of
 * every server the tests start, as it does for the Workers runtime.
 * @param {Record<string, string>} vars
 */
function businessDateVars(vars) {
	const pinned = process.env.SANDBOX_TODAY?.trim();
	const onSandbox = vars.HOSTAWAY_BASE_URL === undefined || vars.HOSTAWAY_BASE_URL === "sandbox";
	if (!pinned || !onSandbox || "SANDBOX_TODAY" in vars) return vars;
	return { ...vars, SANDBOX_TODAY: pinned };
}

/**
 * `bundle`: a Worker already built (`wrangler deploy --dry-run --outdir …`) to serve as it is,
 * instead of building src/: the server then does not reload when files of the tree change
 * during a long run (the benchmark's), which would drop every Durable Object's memory.
 * @param {{ vars?: Record<string, string>, environment?: string, readyTimeoutMs?: number, bundle?: string }} [options]
 * @returns {Promise<{ url: string, port: number, output: () => string, stop: () => Promise<void> }>}
 */
export async function startWranglerDev(options = {}) {
	// A port found free can be taken by another process (a parallel test file's server, or one of
	// workerd's own) before this server binds it; such a start is retried on other ports.
	for (let attempt = 1; ; attempt++) {
		try {
			return await startOnce(options);
		} catch (error) {
			if (attempt >= 3 || !String(error?.message).includes("Address already in use")) throw error;
		}
	}
}

/**
 * @param {{ vars?: Record<string, string>, environment?: string, readyTimeoutMs?: number, bundle?: string }} options
 */
async function startOnce(options) {
	const { vars = {}, environment = "dev", readyTimeoutMs = 90_000, bundle } = options;
	const port = await freePort();
	const inspectorPort = await freePort();
	// A private state directory: runs never share Durable Object or KV state.
	const persistTo = mkdtempSync(join(tmpdir(), "hostaway-mcp-dev-"));
	const args = [
		"dev",
		...(bundle ? [bundle, "--no-bundle", "--config", join(PROJECT_ROOT, "wrangler.toml")] : []),
		"--env",
		environment,
		"--ip",
		"127.0.0.1",
		"--port",
		String(port),
		"--inspector-port",
		String(inspectorPort),
		"--persist-to",
		persistTo,
		"--show-interactive-dev-session=false",
	];
	for (const [name, value] of Object.entries(businessDateVars(vars))) args.push("--var", `${name}:${value}`);

	const child = spawn(join(PROJECT_ROOT, "node_modules/.bin/wrangler"), args, {
		cwd: PROJECT_ROOT,
		detached: true,
		stdio: ["ignore", "pipe", "pipe"],
		env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" },
	});
	let output = "";
	child.stdout.on("data", (chunk) => (output += chunk));
	child.stderr.on("data", (chunk) => (output += chunk));
	let exited = false;
	const exitPromise = new Promise((resolveExit) =>
		child.on("exit", () => {
			exited = true;
			resolveExit();
		}),
	);

	const url = `http://127.0.0.1:${port}`;
	const stop = async () => {
		if (!exited) {
			try {
				process.kill(-child.pid, "SIGTERM");
			} catch {
				/* already gone */
			}
			const killTimer = setTimeout(() => {
				try {
					process.kill(-child.pid, "SIGKILL");
				} catch {
					/* gone */
				}
			}, 5_000);
			await exitPromise;
			clearTimeout(killTimer);
		}
		// workerd may outlive wrangler for a moment; the group kill above reaches it too.
		try {
			process.kill(-child.pid, "SIGKILL");
		} catch {
			/* group is empty */
		}
		rmSync(persistTo, { recursive: true, force: true });
	};

	const deadline = Date.now() + readyTimeoutMs;
	while (Date.now() < deadline) {
		if (exited) break;
		try {
			// Any HTTP answer means the Worker is up; a config error answers 503 and is the test's to see.
			await answer(`${url}/health`);
			// The MCP path too (its Durable Object loaded): under load, the first request after /health
			// answered was seen dropped ("other side closed") while the session object started.
			await warmUpMcp(url);
			return { url, port, output: () => output, stop };
		} catch {
			// not listening yet, or not yet taking MCP requests
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	await stop();
	throw new Error(`wrangler dev did not become ready on port ${port}:\n${output.slice(-4000)}`);
}

/** Fetches and discards the body; throws when no HTTP answer comes (connection refused or dropped). */
async function answer(url, init) {
	const response = await fetch(url, init);
	await response.arrayBuffer();
	return response;
}

/**
 * One MCP initialize (any HTTP answer will do: a server without sandbox credentials refuses it),
 * and the session it opened closed again, so tests start with no session of the warm-up's.
 */
async function warmUpMcp(url) {
	const response = await answer(`${url}/mcp`, {
		method: "POST",
		headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
		body: JSON.stringify({
			jsonrpc: "2.0",
			id: 0,
			method: "initialize",
			params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "wrangler-dev-readiness", version: "1" } },
		}),
	});
	const sessionId = response.headers.get("Mcp-Session-Id");
	if (sessionId) await answer(`${url}/mcp`, { method: "DELETE", headers: { "Mcp-Session-Id": sessionId } });
}
