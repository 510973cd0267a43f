import { describe, expect, it } from "vitest";
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
