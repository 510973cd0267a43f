/**
 * The inbox is cached briefly: repeated list_conversations and get_message_history calls within
 * the cache window cost no upstream request; Hostaway's message webhook and the server's own
 * sends make the cached inbox stale at once, so the next call shows the new message.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clearSandboxLog, control, countCalls, DEMO, freshSandbox, sandboxLog } from "../../helpers/sandbox";
import { guestSpokeLast, sandboxConversations, type SandboxConversation } from "../../helpers/sandbox-records";
import { callPatiently, connectMcpClient } from "../../helpers/tools";
import { postHostawayWebhook } from "../../helpers/webhooks";

interface Inbox {
	nextCursor: string | null;
	threads: { conversationId: number; guestSpokeLast: boolean; lastGuestMessage: string | null }[];
}
interface History {
	messages: { id: number; direction: "incoming" | "outgoing"; body: string | null }[];
}

const WEBHOOK_SECRET = "inbox-cache-webhook-secret-0123456789abcdef";

/** Hostaway's "new message received" event for the demo account, posted with its webhook credentials. */
function postMessageWebhook(conversationId: number, body: string): Promise<Response> {
	return postHostawayWebhook(WEBHOOK_SECRET, DEMO.accountId, {
		object: "conversationMessage",
		event: "message.received",
		data: { conversationId, body, isIncoming: 1 },
	});
}

/** Requests for conversations and messages the sandbox answered since its log was cleared. */
async function inboxRequests(): Promise<number> {
	return countCalls(await sandboxLog(), "GET", /^\/v1\/(conversations|reservations\/\d+\/conversations)/);
}

/** A thread's row in the whole inbox (every thread), following nextCursor. */
async function findThread(conversationId: number): Promise<Inbox["threads"][number] | undefined> {
	let cursor: string | undefined;
	for (let page = 0; page < 20; page++) {
		const inbox = await callPatiently<Inbox>(client, "list_conversations", {
			includeAll: true,
			withinDays: 365,
			limit: 50,
			...(cursor ? { cursor } : {}),
		});
		const row = inbox.data.threads.find((thread) => thread.conversationId === conversationId);
		if (row || !inbox.data.nextCursor) return row;
		cursor = inbox.data.nextCursor;
	}
	return undefined;
}

let client: Client;
/** A thread the host answered last: a new guest message makes it the newest that needs an answer. */
let answered: SandboxConversation;

beforeAll(async () => {
	await freshSandbox();
	client = await connectMcpClient();
	const conversations = await sandboxConversations();
	const found = conversations.find((conversation) => !guestSpokeLast(conversation));
	expect(found, "a thread the host answered last").toBeDefined();
	answered = found as SandboxConversation;
});
afterAll(async () => {
	await client.close();
});

describe("the inbox cache", () => {
	it("answers repeated inbox calls within the window without upstream requests", async () => {
		const inboxArgs = { includeAll: true, withinDays: 365, limit: 50 };
		const historyArgs = { conversationId: answered.id };
		const firstInbox = await callPatiently<Inbox>(client, "list_conversations", inboxArgs);
		const firstHistory = await callPatiently<History>(client, "get_message_history", historyArgs);
		await clearSandboxLog();

		const again = await callPatiently<Inbox>(client, "list_conversations", inboxArgs);
		const historyAgain = await callPatiently<History>(client, "get_message_history", historyArgs);
		expect((await sandboxLog()).filter((entry) => entry.accountId === DEMO.accountId)).toEqual([]);
		// The same threads in the same order (waiting times are measured from each call's own moment).
		expect(again.data.threads.map((thread) => thread.conversationId)).toEqual(
			firstInbox.data.threads.map((thread) => thread.conversationId),
		);
		expect(historyAgain.data.messages).toEqual(firstHistory.data.messages);
	});

	it("shows a guest's new message on the next call once Hostaway's message webhook arrives", async () => {
		await callPatiently<Inbox>(client, "list_conversations", {});
		await callPatiently<History>(client, "get_message_history", { conversationId: answered.id });
		const text = "Hello again! Is late check-out possible on Sunday?";
		await control("POST", "/guest-messages", { conversationId: answered.id, body: text });
		// Without the webhook the cached inbox is still served (README: up to a minute stale).
		await clearSandboxLog();
		await callPatiently<Inbox>(client, "list_conversations", {});
		expect(await inboxRequests()).toBe(0);

		const webhook = await postMessageWebhook(answered.id, text);
		expect(webhook.status).toBe(200);
		expect(await webhook.json()).toMatchObject({ handled: "message" });
		await clearSandboxLog();

		// The newest guest message needs an answer, so its thread comes first.
		const inbox = await callPatiently<Inbox>(client, "list_conversations", {});
		expect(inbox.data.threads[0]).toMatchObject({ conversationId: answered.id, guestSpokeLast: true });
		expect(inbox.data.threads[0]?.lastGuestMessage).toContain(text);
		const history = await callPatiently<History>(client, "get_message_history", { conversationId: answered.id });
		expect(history.data.messages.at(-1)).toMatchObject({ direction: "incoming" });
		expect(history.data.messages.at(-1)?.body).toContain(text);
		expect(await inboxRequests()).toBeGreaterThan(0);
	});

	it("shows the server's own send on the next get_message_history", async () => {
		const before = await callPatiently<History>(client, "get_message_history", { conversationId: answered.id });
		const message = "Late check-out on Sunday is fine, until 1 pm.";
		const args = { conversationId: answered.id, message };
		const preview = await callPatiently<{ confirmationToken: string }>(client, "send_guest_message", args);
		const done = await callPatiently<{ status: string; result: { messageId: number } }>(client, "send_guest_message", {
			...args,
			confirmationToken: preview.data.confirmationToken,
		});
		expect(done.data.status).toBe("done");

		const after = await callPatiently<History>(client, "get_message_history", { conversationId: answered.id });
		expect(after.data.messages.length).toBeGreaterThan(0);
		expect(after.data.messages.at(-1)).toMatchObject({ id: done.data.result.messageId, direction: "outgoing" });
		expect(after.data.messages.at(-1)?.body).toContain(message);
		expect(after.data.messages.map((m) => m.id)).not.toEqual(before.data.messages.map((m) => m.id));

		// And the thread no longer needs an answer.
		expect((await findThread(answered.id))?.guestSpokeLast).toBe(false);
	});
});
