/**
 * HOSTAWAY_BASE_URL really decides where the server calls Hostaway, in `wrangler dev` too:
 * with a loopback URL the server reports live mode, and a recording Hostaway stand-in on that
 * port must see the token and listings calls.
 */
import { createHash } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWranglerDev } from "../../scripts/lib/wrangler-dev.mjs";

/** The API key the test client presents; the server is configured with its SHA-256 only. */
const MCP_KEY = "hmcp_e2e-live-upstream-key-0123456789";

interface Seen {
	method: string;
	url: string;
	authorization?: string;
	body: string;
}

function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve) => {
		let body = "";
		request.on("data", (chunk) => (body += chunk));
		request.on("end", () => resolve(body));
	});
}

describe("HOSTAWAY_BASE_URL pointing at a loopback URL", () => {
	const seen: Seen[] = [];
	let upstream: Server;
	let upstreamPort = 0;

	beforeAll(async () => {
		upstream = createServer(async (request, response) => {
			const body = await readBody(request);
			seen.push({ method: request.method ?? "", url: request.url ?? "", authorization: request.headers.authorization, body });
			response.setHeader("Content-Type", "application/json");
			if (request.method === "POST" && request.url === "/v1/accessTokens") {
				response.end(JSON.stringify({ token_type: "Bearer", expires_in: 63072000, access_token: "recorded-token-abc" }));
			} else if (request.method === "GET" && request.url?.startsWith("/v1/listings")) {
				response.end(JSON.stringify({ status: "success", result: [{ id: 1, name: "Recorded" }], count: 3, limit: 1, offset: 0 }));
			} else {
				response.statusCode = 404;
				response.end(JSON.stringify({ status: "fail", result: "Not found" }));
			}
		});
		await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
		upstreamPort = (upstream.address() as { port: number }).port;
	});
	afterAll(async () => {
		await new Promise((resolve) => upstream.close(resolve));
	});

	it("reports live mode and sends the token and listings calls there with the configured account", async () => {
		const server = await startWranglerDev({
			vars: {
				HOSTAWAY_BASE_URL: `http://127.0.0.1:${upstreamPort}/v1`,
				HOSTAWAY_ACCOUNT_ID: "424242",
				HOSTAWAY_API_KEY: "e2e-test-api-key-123",
				ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
				// Deployed servers answer /mcp only with credentials: an API key for the operator's account.
				LOCAL_DEV_OPEN_ACCESS: "false",
				MCP_API_KEYS: JSON.stringify([
					{ id: "e2e", sha256: createHash("sha256").update(MCP_KEY).digest("hex"), accountId: "424242", access: "write" },
				]),
			},
		});
		const client = new Client({ name: "e2e", version: "1.0.0" });
		try {
			const health = (await (await fetch(`${server.url}/health`)).json()) as Record<string, unknown>;
			expect(health).toMatchObject({ status: "ok", hostawayMode: "live" });
			const withoutKey = await fetch(`${server.url}/mcp`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
			expect(withoutKey.status).toBe(401);
			await client.connect(
				new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { "X-API-Key": MCP_KEY } } }),
			);
			const result = await client.callTool({ name: "whoami", arguments: {} });
			expect(result.isError).toBeFalsy();
			expect(result.structuredContent).toMatchObject({ mode: "live", accountId: "424242", listingCount: 3 });
			expect(JSON.stringify(result)).not.toContain("e2e-test-api-key-123");
			expect(JSON.stringify(result)).not.toContain("recorded-token-abc");
			expect(JSON.stringify(result)).not.toContain(MCP_KEY);
		} finally {
			await client.close().catch(() => undefined);
			await server.stop();
		}

		const tokenCall = seen.find((call) => call.url === "/v1/accessTokens");
		expect(tokenCall?.method).toBe("POST");
		expect(Object.fromEntries(new URLSearchParams(tokenCall?.body))).toEqual({
			grant_type: "client_credentials",
			client_id: "424242",
			client_secret: "e2e-test-api-key-123",
			scope: "general",
		});
		const listingsCall = seen.find((call) => call.url?.startsWith("/v1/listings"));
		expect(listingsCall?.authorization).toBe("Bearer recorded-token-abc");
	});
});
