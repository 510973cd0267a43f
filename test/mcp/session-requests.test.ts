/**
 * Requests in an open session, as a client sends them over plain HTTP after `initialize`: how
 * they are answered (the route hands them to the session in one call, src/http/mcp-session-post.ts
 * and src/mcp/session-post.ts). Notifications alone are accepted with 202; requests get an event
 * stream carrying their answers, each event with an id, which ends once every request has its
 * answer; a session keeps its tenant and access after its object was evicted; a session that
 * ended is unknown.
 */
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { abortAllDurableObjects, env, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { HostawayMcpAgent } from "../../src/mcp/agent";
import { testApiKey } from "../helpers/api-keys";
import { WORKER_ORIGIN, workerFetch } from "../helpers/mcp-client";
import { freshSandbox } from "../helpers/sandbox";

const HEADERS = {
	"Content-Type": "application/json",
	Accept: "application/json, text/event-stream",
	"X-API-Key": testApiKey("100003", "read"),
	"Mcp-Protocol-Version": LATEST_PROTOCOL_VERSION,
};

interface SseEvent {
	id?: string;
	message: { id?: number; result?: { structuredContent?: Record<string, unknown>; tools?: unknown[] }; error?: unknown };
}

function post(sessionId: string | undefined, body: unknown): Promise<Response> {
	return workerFetch(new URL("/mcp", WORKER_ORIGIN), {
		method: "POST",
		headers: sessionId ? { ...HEADERS, "Mcp-Session-Id": sessionId } : HEADERS,
		body: JSON.stringify(body),
	});
}

/** Every event of a stream, read to its end. */
async function eventsOf(response: Response): Promise<SseEvent[]> {
	return (await response.text())
		.split("\n\n")
		.filter((block) => block.includes("data: "))
		.map((block) => ({
			id: block.match(/^id: (.+)$/m)?.[1],
			message: JSON.parse(block.match(/^data: (.+)$/m)![1]!) as SseEvent["message"],
		}));
}

async function openSession(): Promise<string> {
	const initialized = await post(undefined, {
		jsonrpc: "2.0",
		id: 0,
		method: "initialize",
		params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: "session-requests-test", version: "1" } },
	});
	const sessionId = initialized.headers.get("Mcp-Session-Id") ?? "";
	expect(sessionId).not.toBe("");
	await initialized.text();
	return sessionId;
}

const whoami = (id: number) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "whoami", arguments: {} } });

beforeAll(async () => {
	await freshSandbox();
});

describe("requests in an open session", () => {
	it("accepts notifications alone with 202 and no body", async () => {
		const sessionId = await openSession();
		const response = await post(sessionId, { jsonrpc: "2.0", method: "notifications/initialized" });
		expect(response.status).toBe(202);
		expect(response.headers.get("Access-Control-Allow-Origin")).toBeTruthy();
		expect(await response.text()).toBe("");
	});

	it("answers a batch on one event stream, every event with its own id, and ends the stream", async () => {
		const sessionId = await openSession();
		const response = await post(sessionId, [
			{ jsonrpc: "2.0", id: 1, method: "ping" },
			{ jsonrpc: "2.0", id: 2, method: "tools/list" },
		]);
		expect(response.status).toBe(200);
		expect(response.headers.get("Content-Type")).toContain("text/event-stream");
		expect(response.headers.get("Mcp-Session-Id")).toBe(sessionId);
		const events = await eventsOf(response);
		expect(events.map((event) => event.message.id).sort()).toEqual([1, 2]);
		expect(events.find((event) => event.message.id === 2)?.message.result?.tools?.length).toBeGreaterThan(0);
		const ids = events.map((event) => event.id);
		expect(ids.every(Boolean)).toBe(true);
		expect(new Set(ids).size).toBe(ids.length);
	});

	it("gives each of two calls at once its own answer on its own stream", async () => {
		const sessionId = await openSession();
		const [first, second] = await Promise.all([post(sessionId, whoami(11)), post(sessionId, whoami(12))]);
		expect((await eventsOf(first!)).map((event) => event.message.id)).toEqual([11]);
		expect((await eventsOf(second!)).map((event) => event.message.id)).toEqual([12]);
	});

	it("keeps the session's tenant and access after its object was evicted", async () => {
		const sessionId = await openSession();
		await abortAllDurableObjects();
		const [answer] = (await eventsOf(await post(sessionId, whoami(3)))).filter((event) => event.message.id === 3);
		expect(answer?.message.result?.structuredContent).toMatchObject({ accountId: "100003", access: "read" });
	});

	it("answers 404 for a session that has ended, even while this isolate still trusts its owner", async () => {
		const sessionId = await openSession();
		expect((await post(sessionId, { jsonrpc: "2.0", id: 4, method: "ping" })).status).toBe(200);
		// What a DELETE does to the session's object; the route has just confirmed the owner, and trusts that for a minute.
		const session = env.MCP_OBJECT.get(env.MCP_OBJECT.idFromName(`streamable-http:${sessionId}`)) as DurableObjectStub<HostawayMcpAgent>;
		await runInDurableObject(session, (agent) => agent._cf_terminateSession());
		const response = await post(sessionId, { jsonrpc: "2.0", id: 5, method: "ping" });
		expect(response.status).toBe(404);
		expect(await response.json()).toMatchObject({ error: { code: -32001, message: "Session not found" } });
	});
});
