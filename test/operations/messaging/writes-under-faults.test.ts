/**
 * send_guest_message never sends twice: a confirmed message meets a fault that leaves its
 * outcome unknown (502 before processing, malformed JSON after processing, a hang past the
 * timeout), and the same confirmation sent again is refused. And a confirmation left
 * "executing" (a session object evicted in the middle of the send leaves it so) is never "in
 * progress" for ever: once the send cannot be running any more, its outcome is unknown and it
 * is not sent again.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { env, runInDurableObject } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConfig } from "../../../src/config";
import type { HostawayMcpAgent } from "../../../src/mcp/agent";
import type { PendingWrite } from "../../../src/operations/confirmation";
import { clearSandboxLog, control, countCalls, freshSandbox, sandboxLog } from "../../helpers/sandbox";
import { type SandboxConversation, sandboxConversations, sandboxMessages } from "../../helpers/sandbox-records";
import { callToolInSession } from "../../helpers/mcp-client";
import { callPatiently, callWithBudget, connectMcpClient } from "../../helpers/tools";
import { expectWrittenAtMostOnce, WRITE_FAULTS } from "../../helpers/write-faults";

let client: Client;
let conversation: SandboxConversation;

beforeAll(async () => {
	await freshSandbox();
	client = await connectMcpClient();
	const conversations = await sandboxConversations();
	expect(conversations.length).toBeGreaterThan(0);
	conversation = conversations[0]!;
});
afterAll(async () => {
	await client.close();
});

async function messageSent(body: string): Promise<boolean> {
	const copies = (await sandboxMessages(conversation.id)).filter((message) => message.body === body);
	expect(copies.length, `copies of "${body}"`).toBeLessThanOrEqual(1);
	return copies.length === 1;
}

describe("send_guest_message", () => {
	it.each(WRITE_FAULTS.map((fault, index) => [fault.name, fault, index] as const))(
		"sends at most one message after %s, and refuses the same confirmation again",
		async (_name, fault, index) => {
			const message = `Your early check-in at noon is confirmed (check ${index + 1}).`;
			await expectWrittenAtMostOnce(
				client,
				{
					tool: "send_guest_message",
					args: { conversationId: conversation.id, message },
					write: { method: "POST", path: `/conversations/${conversation.id}/messages` },
					applied: () => messageSent(message),
				},
				fault,
			);
		},
	);

	it("turns a send left 'executing' (as by a session evicted mid-send) into an unknown outcome once it cannot be running any more", async () => {
		const message = "The pool heater is fixed; enjoy your evening.";
		const args = { conversationId: conversation.id, message };
		const preview = await callPatiently<{ confirmationToken: string }>(client, "send_guest_message", args);
		const confirm = { ...args, confirmationToken: preview.data.confirmationToken };
		const path = `/conversations/${conversation.id}/messages`;
		const sessionId = (client.transport as { sessionId?: string }).sessionId!;

		// The send is processed, then its answer hangs: the confirmation stays "executing" meanwhile.
		await clearSandboxLog();
		await control("PUT", "/faults", { hangRate: 1, hangMs: 60_000, method: "POST", pathPrefix: path, count: 1 });
		let firstSettled = false;
		const first = callWithBudget(client, "send_guest_message", confirm).finally(() => (firstSettled = true));
		for (let waited = 0; countCalls(await sandboxLog(), "POST", path) === 0; waited += 50) {
			expect(waited, "the send reached the sandbox").toBeLessThan(10_000);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}

		// The same confirmation again, as a reconnecting client would send it: "in progress", not sent.
		const again = () => callToolInSession(sessionId, "send_guest_message", confirm);
		const inProgress = await again();
		expect(inProgress.isError).toBe(true);
		expect(inProgress.text).toMatch(/already in progress/);

		// What an evicted session leaves behind: "executing", for longer than any send can run.
		const session = env.MCP_OBJECT.get(env.MCP_OBJECT.idFromName(`streamable-http:${sessionId}`)) as DurableObjectStub<HostawayMcpAgent>;
		const { rateBudget, hostawayTimeoutMs } = getConfig(env);
		await runInDurableObject(session, async (_agent, state) => {
			const key = `write:pending:${confirm.confirmationToken}`;
			const pending = await state.storage.get<PendingWrite>(key);
			expect(pending?.state).toBe("executing");
			await state.storage.put(key, { ...pending, executingSince: Date.now() - 2 * (rateBudget.maxWaitMs + hostawayTimeoutMs) - 1_000 });
		});
		const expired = await again();
		expect(firstSettled, "the first send is still waiting for its answer").toBe(false);
		expect(expired.isError).toBe(true);
		expect(expired.text).toMatch(/outcome is unknown, so it will not be sent again/);

		// The first call ends in its own timeout; nothing brings the token back.
		const firstResult = await first;
		expect(firstResult.isError).toBe(true);
		expect((await again()).text).toMatch(/outcome is unknown, so it will not be sent again/);
		expect(countCalls(await sandboxLog(), "POST", path)).toBe(1);
		expect(await messageSent(message)).toBe(true);
	});
});
