import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LIVE_HOSTAWAY_BASE_URL } from "../../src/config";
import worker from "../../src/index";
import { workerFetch } from "../helpers/mcp-client";

const INITIALIZE = JSON.stringify({
	jsonrpc: "2.0",
	id: 1,
	method: "initialize",
	params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "origin-test", version: "1" } },
});

function postInitialize(url: string, headers: Record<string, string> = {}): Promise<Response> {
	return workerFetch(url, {
		method: "POST",
		headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers },
		body: INITIALIZE,
	});
}

describe("GET /health", () => {
	it("reports status, version and Hostaway mode, and nothing secret", async () => {
		const response = await workerFetch("http://localhost:8787/health");
		expect(response.status).toBe(200);
		const body = (await response.json()) as Record<string, unknown>;
		expect(body).toEqual({ status: "ok", version: expect.stringMatching(/^\d+\.\d+\.\d+/), hostawayMode: "sandbox" });
	});
});

/**
 * The Worker with other variables: a fresh env object gets its own parsed
 * configuration. The test runtime's sandbox-only settings (a short rate window, maybe a pinned
 * date) are cleared, as a live deployment would not have them.
 */
async function fetchWith(vars: Record<string, string>, path: string, init?: RequestInit): Promise<Response> {
	const liveEnv = { ...env, HOSTAWAY_RATE_WINDOW_MS: "", SANDBOX_TODAY: "", ENCRYPTION_KEY: "", LOCAL_DEV_OPEN_ACCESS: "", ...vars };
	const ctx = createExecutionContext();
	const response = await worker.fetch(new Request(`http://localhost:8787${path}`, init), liveEnv, ctx);
	await waitOnExecutionContext(ctx);
	return response;
}

const ENCRYPTION_KEY = btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, index) => index * 7)));

interface Misconfigured {
	status: string;
	error: string;
	problems: { variable: string; problem: string }[];
}

describe("GET /health on a live configuration", () => {
	it("reports ok in live mode when ENCRYPTION_KEY is set", async () => {
		const response = await fetchWith({ HOSTAWAY_BASE_URL: LIVE_HOSTAWAY_BASE_URL, ENCRYPTION_KEY }, "/health");
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({ status: "ok", hostawayMode: "live" });
	});

	it("answers 503 misconfigured naming ENCRYPTION_KEY when it is missing", async () => {
		const response = await fetchWith({ HOSTAWAY_BASE_URL: LIVE_HOSTAWAY_BASE_URL }, "/health");
		expect(response.status).toBe(503);
		const body = (await response.json()) as Misconfigured;
		expect(body.status).toBe("misconfigured");
		expect(body.problems.map((problem) => problem.variable)).toEqual(["ENCRYPTION_KEY"]);
		expect(body.error).toContain("ENCRYPTION_KEY is not set");
	});

	it("answers 503 misconfigured naming each bad variable, never a value, on /health and /mcp alike", async () => {
		const vars = { HOSTAWAY_BASE_URL: LIVE_HOSTAWAY_BASE_URL, HOSTAWAY_RATE_PER_10S: "many", ENCRYPTION_KEY: "short-secret-value" };
		for (const [path, method] of [
			["/health", "GET"],
			["/mcp", "POST"],
		] as const) {
			const response = await fetchWith(vars, path, { method });
			expect(response.status, path).toBe(503);
			const text = await response.text();
			const body = JSON.parse(text) as Misconfigured;
			expect(body.status, path).toBe("misconfigured");
			expect(body.problems.map((problem) => problem.variable).sort(), path).toEqual(["ENCRYPTION_KEY", "HOSTAWAY_RATE_PER_10S"]);
			expect(text, path).not.toContain("short-secret-value");
			expect(text, path).not.toContain("many");
		}
	});
});

describe("Origin validation on /mcp", () => {
	it("refuses a foreign browser origin with 403 before any session is created", async () => {
		const response = await postInitialize("http://localhost:8787/mcp", { Origin: "http://evil.example.com" });
		expect(response.status).toBe(403);
		expect(response.headers.get("mcp-session-id")).toBeNull();
	});

	it("refuses a DNS-rebound request whose Host and Origin are both foreign", async () => {
		const response = await postInitialize("http://evil.example.com/mcp", { Origin: "http://evil.example.com" });
		expect(response.status).toBe(403);
	});

	it("refuses the opaque origin null", async () => {
		const response = await postInitialize("http://localhost:8787/mcp", { Origin: "null" });
		expect(response.status).toBe(403);
	});

	it("refuses a localhost origin when the server is not reached on localhost", async () => {
		const response = await postInitialize("https://hostaway-mcp.example.workers.dev/mcp", { Origin: "http://localhost:6274" });
		expect(response.status).toBe(403);
	});

	it("allows requests without an Origin (non-browser clients)", async () => {
		const response = await postInitialize("http://localhost:8787/mcp");
		expect(response.status).toBe(200);
		expect(response.headers.get("mcp-session-id")).toBeTruthy();
		await response.body?.cancel();
	});

	it("allows a localhost origin during local development and answers CORS for it", async () => {
		const preflight = await workerFetch("http://localhost:8787/mcp", {
			method: "OPTIONS",
			headers: { Origin: "http://localhost:6274", "Access-Control-Request-Method": "POST" },
		});
		expect(preflight.status).toBe(200);
		expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:6274");
		expect(preflight.headers.get("Access-Control-Expose-Headers")).toMatch(/mcp-session-id/i);

		const response = await postInitialize("http://127.0.0.1:8787/mcp", { Origin: "http://localhost:6274" });
		expect(response.status).toBe(200);
		await response.body?.cancel();
	});

	it("refuses a CORS preflight from a foreign origin", async () => {
		const preflight = await workerFetch("http://localhost:8787/mcp", {
			method: "OPTIONS",
			headers: { Origin: "https://evil.example.com", "Access-Control-Request-Method": "POST" },
		});
		expect(preflight.status).toBe(403);
	});
});

describe("unknown routes", () => {
	it("answer 404, and there is no SSE endpoint", async () => {
		expect((await workerFetch("http://localhost:8787/sse")).status).toBe(404);
		expect((await workerFetch("http://localhost:8787/nope")).status).toBe(404);
	});
});
