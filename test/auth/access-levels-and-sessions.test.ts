/**
 * API keys (both headers), access levels enforced on the server, and sessions bound to the
 * props they were opened with, through real requests into the Worker.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { createExecutionContext, env, listDurableObjectIds } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { testApiKey } from "../helpers/api-keys";
import { WORKER_ORIGIN, workerFetch } from "../helpers/mcp-client";
import { bearer, signIn } from "../helpers/oauth";
import { DEMO, freshSandbox, OTHER, sandboxLog, writesIn, clearSandboxLog } from "../helpers/sandbox";
import { callToolOk, connectMcpClient } from "../helpers/tools";

const WRITE_TOOLS = ["create_booking", "update_booking", "cancel_booking", "update_calendar", "send_guest_message"];

/** One JSON-RPC request to /mcp, as a client in an open session sends it. */
async function rpc(headers: Record<string, string>, sessionId: string | undefined, method: string, params: Record<string, unknown> = {}) {
	return workerFetch(`${WORKER_ORIGIN}/mcp`, {
		method: "POST",
		headers: {
			"Content-Type": "application/json",
			Accept: "application/json, text/event-stream",
			"Mcp-Protocol-Version": LATEST_PROTOCOL_VERSION,
			...(sessionId ? { "Mcp-Session-Id": sessionId } : {}),
			...headers,
		},
		body: JSON.stringify({ jsonrpc: "2.0", id: 7, method, params }),
	});
}

async function whoami(client: Client) {
	return (await callToolOk<{ accountId: string; access: string }>(client, "whoami")).data;
}

const sessionIdOf = (client: Client) => (client.transport as { sessionId?: string } | undefined)?.sessionId as string;

beforeAll(async () => {
	await freshSandbox();
});

describe("API keys", () => {
	it("are accepted as Authorization: Bearer and as X-API-Key, each for its own tenant and access", async () => {
		const byBearer = await connectMcpClient({ headers: bearer(testApiKey("100002", "write")) });
		const byHeader = await connectMcpClient({ headers: { "X-API-Key": testApiKey("100001", "read") } });
		expect(await whoami(byBearer)).toMatchObject({ accountId: OTHER.accountId, access: "write" });
		expect(await whoami(byHeader)).toMatchObject({ accountId: DEMO.accountId, access: "read" });
		await Promise.all([byBearer.close(), byHeader.close()]);
	});

	it("refuse an unknown key with 401", async () => {
		const response = await rpc({ "X-API-Key": "hmcp_not-a-configured-key" }, undefined, "initialize", {
			protocolVersion: LATEST_PROTOCOL_VERSION,
			capabilities: {},
			clientInfo: { name: "probe", version: "1" },
		});
		expect(response.status).toBe(401);
		expect(response.headers.get("WWW-Authenticate")).toContain("resource_metadata=");
	});
});

describe("a read-only key or grant", () => {
	it("is not offered write tools", async () => {
		const client = await connectMcpClient({ headers: { "X-API-Key": testApiKey("100001", "read") } });
		const names = (await client.listTools()).tools.map((tool) => tool.name);
		expect(names).toContain("whoami");
		for (const tool of WRITE_TOOLS) expect(names).not.toContain(tool);
		await client.close();
	});

	it("never reaches a write, whatever the client sends", async () => {
		const client = await connectMcpClient({ headers: { "X-API-Key": testApiKey("100001", "read") } });
		await clearSandboxLog();
		const listingId = 1;
		const response = await rpc({ "X-API-Key": testApiKey("100001", "read") }, sessionIdOf(client), "tools/call", {
			name: "update_calendar",
			arguments: { listingId, startDate: "2030-01-01", endDate: "2030-01-02", isAvailable: false },
		});
		expect(response.status).toBe(403);
		expect(await response.text()).toContain("update_calendar changes data, and this connection has read-only access");
		expect(writesIn(await sandboxLog())).toEqual([]);
		await client.close();
	});

	it("through OAuth is answered with insufficient_scope naming the write scope, so the client can ask for it", async () => {
		const { tokens } = await signIn({ accountId: DEMO.accountId, apiKey: DEMO.apiKey, access: "read" });
		const client = await connectMcpClient({ headers: bearer(tokens.access_token) });
		const response = await rpc(bearer(tokens.access_token), sessionIdOf(client), "tools/call", {
			name: "send_guest_message",
			arguments: { bookingId: 1, message: "hello" },
		});
		expect(response.status).toBe(403);
		const challenge = response.headers.get("WWW-Authenticate") ?? "";
		expect(challenge).toContain('error="insufficient_scope"');
		expect(challenge).toContain('scope="hostaway:read hostaway:write"');
		await client.close();
	});
});

describe("HOSTAWAY_READ_ONLY", () => {
	it("caps every session on the operator's account at read access, whatever its key allows", async () => {
		const readOnlyEnv = { ...env, HOSTAWAY_READ_ONLY: "true" };
		const fetchReadOnly = (input: RequestInfo | URL, init?: RequestInit) =>
			worker.fetch(new Request(input, init), readOnlyEnv, createExecutionContext());
		const operator = await connectMcpClient({ headers: { "X-API-Key": testApiKey("100001", "write") }, fetch: fetchReadOnly });
		const other = await connectMcpClient({ headers: { "X-API-Key": testApiKey("100002", "write") }, fetch: fetchReadOnly });
		expect(await whoami(operator)).toMatchObject({ accountId: DEMO.accountId, access: "read" });
		expect(await whoami(other)).toMatchObject({ accountId: OTHER.accountId, access: "write" });
		await Promise.all([operator.close(), other.close()]);
	});
});

describe("sessions", () => {
	it("answer 404 to a request with another owner's credentials, which changes nothing", async () => {
		const owner = await connectMcpClient({ headers: { "X-API-Key": testApiKey("100001", "write") } });
		const sessionId = sessionIdOf(owner);
		expect(sessionId).toBeTruthy();
		const strangers = [
			{ "X-API-Key": testApiKey("100001", "read") }, // same tenant, another key
			{ "X-API-Key": testApiKey("100002", "write") }, // another tenant
		];
		for (const headers of strangers) {
			const response = await rpc(headers, sessionId, "tools/call", { name: "whoami", arguments: {} });
			expect(response.status).toBe(404);
			expect(await response.text()).toContain("Session not found");
		}
		// The owner's session is untouched: same tenant, same access.
		expect(await whoami(owner)).toMatchObject({ accountId: DEMO.accountId, access: "write" });
		await owner.close();
	});

	it("answer 404 to an unknown session id and store nothing for it", async () => {
		const sessionId = crypto.randomUUID().replace(/-/g, "");
		const response = await rpc({ "X-API-Key": testApiKey("100001", "write") }, sessionId, "tools/list");
		expect(response.status).toBe(404);
		const sessionObject = env.MCP_OBJECT.idFromName(`streamable-http:${sessionId}`).toString();
		expect((await listDurableObjectIds(env.MCP_OBJECT)).map(String)).not.toContain(sessionObject);
		// Owners live in a fixed set of shard objects: asking about random ids creates no object of its own.
		await Promise.all(
			Array.from({ length: 20 }, () => rpc({ "X-API-Key": testApiKey("100001", "write") }, crypto.randomUUID(), "tools/list")),
		);
		const shardIds = new Set(Array.from({ length: 256 }, (_, shard) => env.SESSION_OWNERS.idFromName(`shard:${shard}`).toString()));
		const stored = (await listDurableObjectIds(env.SESSION_OWNERS)).map(String);
		expect(stored.length).toBeGreaterThan(0);
		for (const id of stored) expect(shardIds.has(id)).toBe(true);
	});

	it("are unknown once their client ends them", async () => {
		const headers = { "X-API-Key": testApiKey("100002", "read") };
		const client = await connectMcpClient({ headers });
		const sessionId = sessionIdOf(client);
		await (client.transport as unknown as { terminateSession(): Promise<void> }).terminateSession();
		const response = await rpc(headers, sessionId, "tools/list");
		expect(response.status).toBe(404);
		await client.close();
	});
});
