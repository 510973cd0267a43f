/** An MCP session deletes itself after a day without use, whether or not it ever called a tool. */
import { env, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { type HostawayMcpAgent, SESSION_IDLE_SECONDS } from "../../src/mcp/agent";
import { connectMcpClient, workerFetch } from "../helpers/mcp-client";
import { freshSandbox } from "../helpers/sandbox";

/** The Durable Object that McpAgent uses for a Streamable HTTP session. */
function sessionStub(sessionId: string) {
	return env.MCP_OBJECT.get(env.MCP_OBJECT.idFromName(`streamable-http:${sessionId}`)) as DurableObjectStub<HostawayMcpAgent>;
}

function listTools(sessionId: string): Promise<Response> {
	return workerFetch("http://localhost:8787/mcp", {
		method: "POST",
		headers: {
			"Content-Type": "application/json",
			Accept: "application/json, text/event-stream",
			"Mcp-Session-Id": sessionId,
			"Mcp-Protocol-Version": "2025-06-18",
		},
		body: JSON.stringify({ jsonrpc: "2.0", id: 99, method: "tools/list" }),
	});
}

beforeAll(async () => {
	await freshSandbox();
});

describe("MCP session lifetime", () => {
	it("schedules an idle check when used, and keeps a session that is still in use", async () => {
		const client = await connectMcpClient();
		await client.callTool({ name: "whoami", arguments: {} });
		const sessionId = (client.transport as { sessionId?: string }).sessionId!;

		const schedules = await runInDurableObject(sessionStub(sessionId), async (agent) => {
			await agent.expireIfIdle(); // used a moment ago: must survive and re-arm
			return agent.listSchedules();
		});
		expect(schedules.filter((s) => s.callback === "expireIfIdle").length).toBeGreaterThanOrEqual(1);
		expect((await listTools(sessionId)).status).toBe(200);
		await client.close();
	});

	it("deletes an abandoned session's storage after a day without use", async () => {
		const client = await connectMcpClient();
		await client.callTool({ name: "whoami", arguments: {} });
		const sessionId = (client.transport as { sessionId?: string }).sessionId!;

		await runInDurableObject(sessionStub(sessionId), async (agent, state) => {
			await state.storage.put("session:lastUsedAt", Date.now() - (SESSION_IDLE_SECONDS + 60) * 1000);
			await agent.expireIfIdle().catch(() => undefined); // destroy() may abort the running object
		});
		const response = await listTools(sessionId);
		expect(response.status).toBe(404);
	});

	it("starts the idle clock of a session that never calls a tool, so it expires too", async () => {
		const client = await connectMcpClient();
		const sessionId = (client.transport as { sessionId?: string }).sessionId!;
		expect((await listTools(sessionId)).status).toBe(200);

		const { schedules, lastUsedAt } = await runInDurableObject(sessionStub(sessionId), async (agent, state) => ({
			schedules: await agent.listSchedules(),
			lastUsedAt: await state.storage.get<number>("session:lastUsedAt"),
		}));
		expect(schedules.filter((s) => s.callback === "expireIfIdle")).toHaveLength(1);
		expect(lastUsedAt).toBeGreaterThan(Date.now() - 60_000);

		await runInDurableObject(sessionStub(sessionId), async (agent, state) => {
			await state.storage.put("session:lastUsedAt", Date.now() - (SESSION_IDLE_SECONDS + 60) * 1000);
			await agent.expireIfIdle().catch(() => undefined);
		});
		expect((await listTools(sessionId)).status).toBe(404);
	});
});
