/**
 * The server under measurement: a real `wrangler dev` in sandbox mode (wrangler.toml's env.dev,
 * whose LOCAL_DEV_OPEN_ACCESS makes a credential-less /mcp session the demo account 100001),
 * with handles on what the bench needs around it:
 * - the sandbox's control API (latency, rate-limit profile, request log and counters, reset);
 * - the sandbox's Hostaway API over HTTP with a token of its own, for "the same request made
 *   directly" (it counts against its own per-IP window: 127.0.0.1, not the Worker's address);
 * - MCP sessions through the official SDK client: the demo account through local open access, or
 *   any of the sandbox's five accounts with an API key of this run (MCP_API_KEYS, a few "users"
 *   per account, each key its own user for the server's per-user request limit);
 * - the product's cache invalidation as Hostaway triggers it: a signed reservation webhook,
 *   which makes every cached response of the account unreachable (a cold cache on demand,
 *   token kept).
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { Buffer } from "node:buffer";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { URLSearchParams } from "node:url";
import { startWranglerDev } from "../lib/wrangler-dev.mjs";
import { startDirectRuntime } from "./direct-runtime.mjs";

/** The sandbox's demo account, the one a credential-less local session acts as (src/sandbox/accounts.ts). */
export const DEMO_ACCOUNT = { accountId: "100001", apiKey: "sandbox-demo-key-100001" };

/** The sandbox's five accounts (src/sandbox/accounts.ts); 100003 is the large portfolio. */
export const SANDBOX_ACCOUNTS = ["100001", "100002", "100003", "100004", "100005"].map((accountId) => ({
	accountId,
	apiKey: `sandbox-demo-key-${accountId}`,
}));

/** API keys made per account: enough users for the widest phase's sessions of one tenant. */
const USERS_PER_ACCOUNT = 20;

/** Must equal WEBHOOK_PASSWORD_LABEL in src/auth/webhook-credentials.ts (as scripts/webhook-credentials.mjs does). */
const WEBHOOK_PASSWORD_LABEL = "hostaway-mcp webhook v1 ";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class BenchServer {
	/** @param {{ url: string, stop: () => Promise<void> }} dev @param {string} webhookSecret */
	constructor(dev, webhookSecret, apiKeys) {
		this.dev = dev;
		this.url = dev.url;
		this.webhookSecret = webhookSecret;
		/** @type {Map<string, string>} "<accountId>/<user>" → the key */
		this.apiKeys = apiKeys;
		/** @type {Map<string, string>} */
		this.directTokens = new Map();
	}

	/**
	 * Starts `wrangler dev` (sandbox) on a prebuilt Worker bundle (bundle.mjs), with a webhook
	 * secret and write-access API keys of this run; `vars` are passed on. `runtime: "direct"` serves
	 * the bundle by workerd without wrangler's local proxy (direct-runtime.mjs says why).
	 * @param {string} bundle @param {Record<string, string>} [vars] @param {{ runtime?: "wrangler" | "direct" }} [options]
	 */
	static async start(bundle, vars = {}, { runtime = "wrangler" } = {}) {
		const webhookSecret = randomBytes(32).toString("base64url");
		const apiKeys = new Map();
		const entries = [];
		for (const { accountId } of SANDBOX_ACCOUNTS) {
			for (let user = 0; user < USERS_PER_ACCOUNT; user++) {
				const key = `bench-${randomBytes(18).toString("base64url")}`;
				apiKeys.set(`${accountId}/${user}`, key);
				entries.push({
					id: `bench-${accountId}-${user}`,
					sha256: createHash("sha256").update(key).digest("hex"),
					accountId,
					access: "write",
				});
			}
		}
		const serverVars = { WEBHOOK_SECRET: webhookSecret, MCP_API_KEYS: JSON.stringify(entries), ...vars };
		const dev =
			runtime === "direct" ? await startDirectRuntime({ bundle, vars: serverVars }) : await startWranglerDev({ bundle, vars: serverVars });
		return new BenchServer(dev, webhookSecret, apiKeys);
	}

	/** Stops the server; returns wrangler's output, for the run's record. */
	async stop() {
		const output = this.dev.output();
		await this.dev.stop();
		return output;
	}

	// ---- control API ------------------------------------------------------------------------

	async control(method, path, body) {
		const response = await fetch(`${this.url}/sandbox/control${path}`, {
			method,
			headers: { "Content-Type": "application/json" },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const value = await response.json();
		if (!response.ok) throw new Error(`sandbox control ${method} ${path}: ${response.status} ${JSON.stringify(value)}`);
		return value;
	}

	/** Restores the sandbox's data and settings (latency 0, documented limits on, empty log). */
	reset(accountId) {
		return this.control("POST", "/reset", accountId === undefined ? {} : { accountId });
	}

	/**
	 * Each simulated Hostaway request takes `medianMs` ± `spreadMs`, uniformly: the sandbox adds a
	 * fixed delay and a random one from 0 to its jitter, so fixed = median − spread, jitter = 2 × spread.
	 * With a `seed`, the random part is drawn from the seed and the request: the same request
	 * takes as long each time until the seed changes.
	 */
	setLatency(medianMs, spreadMs = 0, seed = undefined) {
		if (spreadMs > medianMs) throw new Error(`a latency of ${medianMs} ± ${spreadMs} ms would go below zero`);
		return this.control("PUT", "/latency", {
			fixedMs: medianMs - spreadMs,
			jitterMs: 2 * spreadMs,
			...(seed === undefined ? {} : { seed }),
		});
	}

	/** The profile, with every rate window emptied (switching off and on clears them). */
	async setRateLimits(profile) {
		await this.control("PUT", "/rate-limits", { enabled: false, profile });
		return this.control("PUT", "/rate-limits", { enabled: true, profile });
	}

	stats() {
		return this.control("GET", "/stats");
	}

	/** The request log (the sandbox keeps its last 1000 entries) and whether it lost any since it was cleared. */
	async log() {
		const [entries, stats] = await Promise.all([this.control("GET", "/log?limit=1000"), this.stats()]);
		return { entries, complete: entries.length === stats.total };
	}

	clearLog() {
		return this.control("DELETE", "/log");
	}

	/**
	 * Runs `work` while asking the sandbox for its counters every few seconds: it keeps its log and
	 * rate windows in memory, and the runtime evicts a Durable Object idle for about ten seconds.
	 */
	async keepingSandboxAwake(work) {
		let done = false;
		const finished = Promise.resolve(work).finally(() => (done = true));
		while (!done) {
			await Promise.race([finished, sleep(3_000)]);
			// Not awaited: a slow answer must not hold up the end of the work being measured.
			if (!done) this.stats().catch(() => undefined);
		}
		return finished;
	}

	/** How often wrangler has reloaded the Worker so far (each reload empties every Durable Object's memory). */
	reloads() {
		return (this.dev.output().match(/Reloading local server/g) ?? []).length;
	}

	/** wrangler's output so far (its request lines, warnings and errors). */
	output() {
		return this.dev.output();
	}

	// ---- the product's cache ----------------------------------------------------------------

	/** Makes the account's cached responses unreachable, as a Hostaway reservation webhook does. */
	async invalidateCache(accountId = DEMO_ACCOUNT.accountId) {
		const password = createHmac("sha256", this.webhookSecret)
			.update(WEBHOOK_PASSWORD_LABEL + accountId)
			.digest("base64url");
		const response = await fetch(`${this.url}/webhooks/hostaway`, {
			method: "POST",
			headers: {
				"Content-Type": "application/json",
				Authorization: `Basic ${Buffer.from(`hostaway-${accountId}:${password}`).toString("base64")}`,
			},
			body: JSON.stringify({ object: "reservation", event: "reservation.updated", accountId: Number(accountId), data: {} }),
		});
		const body = await response.json();
		if (!response.ok || body.handled !== "reservation")
			throw new Error(`cache invalidation webhook: ${response.status} ${JSON.stringify(body)}`);
	}

	// ---- the sandbox's Hostaway API, directly -------------------------------------------------

	async directToken(account = DEMO_ACCOUNT) {
		const known = this.directTokens.get(account.accountId);
		if (known) return known;
		const response = await fetch(`${this.url}/sandbox/v1/accessTokens`, {
			method: "POST",
			headers: { "Content-Type": "application/x-www-form-urlencoded" },
			body: new URLSearchParams({
				grant_type: "client_credentials",
				client_id: account.accountId,
				client_secret: account.apiKey,
				scope: "general",
			}).toString(),
		});
		const body = await response.json();
		if (!response.ok || typeof body.access_token !== "string") throw new Error(`sandbox token: ${response.status} ${JSON.stringify(body)}`);
		// Hostaway's tokens are valid from the next second on (their nbf), as the sandbox's are.
		await sleep(1_100);
		this.directTokens.set(account.accountId, body.access_token);
		return body.access_token;
	}

	/** GET a Hostaway path (below /v1) straight from the sandbox over HTTP; returns the body's `result`. */
	async direct(pathAndQuery, account = DEMO_ACCOUNT) {
		const response = await fetch(`${this.url}/sandbox/v1${pathAndQuery}`, {
			headers: { Authorization: `Bearer ${await this.directToken(account)}` },
		});
		const body = await response.json();
		if (!response.ok) throw new Error(`sandbox GET ${pathAndQuery}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
		return body.result;
	}

	// ---- MCP ----------------------------------------------------------------------------------

	/**
	 * A new MCP session: the demo account through local open access, or, with `as`, an account's
	 * user (0 to 19) with that user's API key.
	 * @param {string} [name] @param {{ accountId: string, user?: number }} [as]
	 */
	async session(name = "hostaway-mcp-bench", as) {
		const client = new Client({ name, version: "1.0.0" });
		let requestInit;
		if (as) {
			const key = this.apiKeys.get(`${as.accountId}/${as.user ?? 0}`);
			if (!key) throw new Error(`no bench API key for account ${as.accountId}, user ${as.user ?? 0}`);
			requestInit = { headers: { Authorization: `Bearer ${key}` } };
		}
		await client.connect(new StreamableHTTPClientTransport(new URL(`${this.url}/mcp`), { requestInit }));
		return new BenchSession(client);
	}

	/** `tools/list` as a client receives it. */
	async listTools() {
		const session = await this.session("bench-tools-list");
		try {
			return await session.client.listTools();
		} finally {
			await session.close();
		}
	}
}

/** One MCP session: timed tool calls that never throw for a tool's own error. */
export class BenchSession {
	constructor(client) {
		this.client = client;
	}

	/**
	 * Calls a tool; `ok` is false for an error result (its text kept) or a failed request.
	 * @returns {Promise<{ ok: boolean, ms: number, data: any, text: string }>}
	 */
	async call(name, args = {}) {
		const started = performance.now();
		try {
			const result = await this.client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 });
			const ms = performance.now() - started;
			const text = (result.content ?? []).map((part) => part.text ?? "").join("\n");
			return { ok: result.isError !== true, ms, data: result.structuredContent, text, result };
		} catch (error) {
			return { ok: false, ms: performance.now() - started, data: undefined, text: error instanceof Error ? error.message : String(error) };
		}
	}

	/** As call, but a failure is an error: for the calls that set up a measurement. */
	async mustCall(name, args = {}) {
		const outcome = await this.call(name, args);
		if (!outcome.ok) throw new Error(`${name}(${JSON.stringify(args)}) failed: ${outcome.text.slice(0, 500)}`);
		return outcome;
	}

	close() {
		return this.client.close();
	}
}
