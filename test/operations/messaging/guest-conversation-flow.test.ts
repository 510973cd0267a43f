/**
 * End-to-end flows through the MCP client, as an assistant would run them:
 * - a multi-step guest conversation: the inbox shows a waiting guest, the history shows their
 *   message fenced, a reply is previewed and confirmed, the sandbox thread gains exactly that
 *   one message, the inbox no longer shows the guest as waiting, and repeating the
 *   confirmation sends nothing more;
 * - search → get → message: find a booking by guest name, read it, message its guest.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROMPT_INJECTIONS } from "../../../src/sandbox/seed/conversations";
import { expectFenced } from "../../helpers/output-checks";
import { freshSandbox } from "../../helpers/sandbox";
import {
	type SandboxConversation,
	type SandboxReservation,
	sandboxConversations,
	sandboxMessages,
	sandboxReservations,
} from "../../helpers/sandbox-records";
import { callPatiently, connectMcpClient } from "../../helpers/tools";

interface InboxRow {
	conversationId: number;
	bookingId: number | null;
	guestSpokeLast: boolean;
	lastGuestMessage: string | null;
}
interface SendOutput {
	status: "preview" | "done";
	preview?: { changes: { field: string; to: unknown }[]; warnings: string[] };
	confirmationToken?: string;
	replayed?: boolean;
	result?: { messageId: number; conversationId: number };
}

const DIRECT = 2000;

let client: Client;
let allReservations: SandboxReservation[];
let allConversations: SandboxConversation[];

beforeAll(async () => {
	await freshSandbox();
	client = await connectMcpClient();
	allReservations = await sandboxReservations();
	allConversations = await sandboxConversations();
});
afterAll(async () => {
	await client.close();
});

describe("guest messaging flows", () => {
	it("inbox → history → reply (preview, confirm) → the thread has exactly the reply and no longer waits → a repeated confirmation sends nothing", async () => {
		// 1. The inbox shows the guest who wrote last, with their (prompt-injection) message fenced.
		const inbox = await callPatiently<{ threads: InboxRow[] }>(client, "list_conversations", { withinDays: 2, limit: 50 });
		const waiting = inbox.data.threads.find((row) => row.lastGuestMessage?.includes("Ignore previous instructions"));
		expect(waiting, "the guest who wrote the injection is in the inbox").toBeDefined();
		const row = waiting as InboxRow;
		expect(row.guestSpokeLast).toBe(true);
		expectFenced(row.lastGuestMessage as string, "Ignore previous instructions");
		const reservation = allReservations.find((r) => r.id === row.bookingId) as SandboxReservation;

		// 2. The history shows their message last, fenced.
		const history = await callPatiently<{ messages: { direction: string; body: string }[] }>(client, "get_message_history", {
			conversationId: row.conversationId,
		});
		const last = history.data.messages.at(-1);
		expect(last?.direction).toBe("incoming");
		expectFenced(last?.body as string, PROMPT_INJECTIONS[0].split("\n")[2]?.slice(0, 40) as string);

		// 3. A reply by booking id: preview, then confirm.
		const reply = "Hi! Check-in starts at 3 pm tomorrow. We send the access details on the day of arrival, once the guest form is in.";
		const args = { bookingId: reservation.id, message: reply, channel: reservation.channelId === DIRECT ? "email" : "channel" };
		const before = await sandboxMessages(row.conversationId);
		const preview = await callPatiently<SendOutput>(client, "send_guest_message", args);
		expect(preview.data.status).toBe("preview");
		expect(preview.data.preview?.changes.find((c) => c.field === "message")?.to).toBe(reply);
		expect(await sandboxMessages(row.conversationId)).toHaveLength(before.length);
		const done = await callPatiently<SendOutput>(client, "send_guest_message", {
			...args,
			confirmationToken: preview.data.confirmationToken,
		});
		expect(done.data.status).toBe("done");

		// 4. Exactly one new outgoing message, with that body.
		const after = await sandboxMessages(row.conversationId);
		const added = after.filter((message) => !before.some((old) => old.id === message.id));
		expect(added).toHaveLength(1);
		expect(added[0]).toMatchObject({ body: reply, isIncoming: 0, communicationType: args.channel, id: done.data.result?.messageId });

		// 5. The inbox no longer shows the guest as waiting.
		const inboxAfter = await callPatiently<{ threads: InboxRow[] }>(client, "list_conversations", { withinDays: 2, limit: 50 });
		const same = inboxAfter.data.threads.find((thread) => thread.conversationId === row.conversationId);
		expect(same === undefined || same.guestSpokeLast === false).toBe(true);
		expect(inboxAfter.data.threads.filter((thread) => thread.guestSpokeLast).map((thread) => thread.conversationId)).not.toContain(
			row.conversationId,
		);

		// 6. Repeating the confirmation returns the first result and sends nothing.
		const repeated = await callPatiently<SendOutput>(client, "send_guest_message", {
			...args,
			confirmationToken: preview.data.confirmationToken,
		});
		expect(repeated.data).toMatchObject({ status: "done", replayed: true, result: done.data.result });
		expect(await sandboxMessages(row.conversationId)).toHaveLength(after.length);
	});

	it("search → get → message: finds the booking by guest name, reads it, messages its guest once", async () => {
		const upcoming = allReservations
			.filter(
				(r) => (r.status === "new" || r.status === "modified") && r.guestName && allConversations.some((c) => c.reservationId === r.id),
			)
			.sort((a, b) => b.arrivalDate.localeCompare(a.arrivalDate))[0] as SandboxReservation;
		const conversation = allConversations.find((c) => c.reservationId === upcoming.id) as SandboxConversation;
		const lastName = (upcoming.guestName as string).split(" ").at(-1) as string;

		const found = await callPatiently<{ bookings: { id: number }[] }>(client, "search_bookings", {
			guestName: lastName,
			arrivalFrom: upcoming.arrivalDate,
			arrivalTo: upcoming.arrivalDate,
		});
		expect(found.data.bookings.map((booking) => booking.id)).toContain(upcoming.id);

		const booking = await callPatiently<{ id: number; listing: { id: number | null } }>(client, "get_booking", { bookingId: upcoming.id });
		expect(booking.data).toMatchObject({ id: upcoming.id, listing: { id: upcoming.listingMapId } });

		const history = await callPatiently<{ thread: { conversationId: number; bookingId: number } }>(client, "get_message_history", {
			bookingId: upcoming.id,
		});
		expect(history.data.thread).toMatchObject({ conversationId: conversation.id, bookingId: upcoming.id });

		const message = "Hello! Just checking whether you need anything before your arrival.";
		const before = await sandboxMessages(conversation.id);
		const preview = await callPatiently<SendOutput>(client, "send_guest_message", { bookingId: upcoming.id, message });
		expect(preview.data.preview?.changes.find((c) => c.field === "conversation")?.to).toBe(conversation.id);
		const done = await callPatiently<SendOutput>(client, "send_guest_message", {
			bookingId: upcoming.id,
			message,
			confirmationToken: preview.data.confirmationToken,
		});
		expect(done.data.result?.conversationId).toBe(conversation.id);
		const added = (await sandboxMessages(conversation.id)).filter((m) => !before.some((old) => old.id === m.id));
		expect(added).toHaveLength(1);
		expect(added[0]).toMatchObject({ body: message, isIncoming: 0, communicationType: "email" });
	});
});
