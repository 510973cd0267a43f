/**
 * send_guest_message: the preview shows who gets what by which channel and changes nothing;
 * the confirmation sends exactly once; tokens are refused when reused with other arguments,
 * unknown or expired; impossible channels are refused; access details are flagged and never
 * echoed; and a send whose outcome is unknown is never confirmed twice.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { expectNoSecrets, listingSecrets } from "../../helpers/output-checks";
import { control, freshSandbox, upstreamRequestCount } from "../../helpers/sandbox";
import {
	type SandboxConversation,
	type SandboxListing,
	type SandboxReservation,
	sandboxConversations,
	sandboxGet,
	sandboxListings,
	sandboxMessages,
	sandboxReservations,
} from "../../helpers/sandbox-records";
import { callPatiently, callWithBudget, connectMcpClient, expectRefusedWithoutUpstream } from "../../helpers/tools";

interface Change {
	field: string;
	to: unknown;
}
interface SendOutput {
	status: "preview" | "done";
	preview?: { summary: string; changes: Change[]; warnings: string[] };
	confirmationToken?: string;
	replayed?: boolean;
	result?: {
		messageId: number;
		conversationId: number;
		bookingId: number | null;
		channel: string;
		status: string | null;
		sentAt: string | null;
	};
}

const AIRBNB = 2018;
const DIRECT = 2000;

let client: Client;
let allListings: SandboxListing[];
let allReservations: SandboxReservation[];
let allConversations: SandboxConversation[];

beforeAll(async () => {
	await freshSandbox();
	client = await connectMcpClient();
	allListings = await sandboxListings();
	allReservations = await sandboxReservations();
	allConversations = await sandboxConversations();
});
afterEach(() => {
	vi.useRealTimers();
});
afterAll(async () => {
	await client.close();
});

function reservationOf(conversation: SandboxConversation): SandboxReservation {
	return allReservations.find((r) => r.id === conversation.reservationId) as SandboxReservation;
}

/** The n-th conversation whose booking matches (distinct threads keep the tests independent). */
function threadWhere(test: (reservation: SandboxReservation) => boolean, n = 0): SandboxConversation {
	const found = allConversations.filter((c) => test(reservationOf(c)))[n];
	if (!found) throw new Error("the sandbox has no such thread");
	return found;
}

const confirmedStay = (r: SandboxReservation) => r.status === "new" || r.status === "modified";

function change(output: SendOutput, field: string): unknown {
	return output.preview?.changes.find((c) => c.field === field)?.to;
}

describe("send_guest_message", () => {
	it("is a non-destructive, non-idempotent write", async () => {
		const { tools } = await client.listTools();
		expect(tools.find((tool) => tool.name === "send_guest_message")?.annotations).toMatchObject({
			readOnlyHint: false,
			destructiveHint: false,
			idempotentHint: false,
			openWorldHint: true,
		});
	});

	it("previews recipient, channel and the exact body without sending, then sends exactly once; a replay does not send again", async () => {
		const conversation = threadWhere((r) => r.channelId === AIRBNB && confirmedStay(r));
		const reservation = reservationOf(conversation);
		const listing = allListings.find((l) => l.id === reservation.listingMapId) as SandboxListing;
		const body = "Hi! Your flat is ready from 3 pm.\n\nSee you soon,\nMaren";
		const args = { bookingId: reservation.id, message: body, channel: "channel" };
		const before = await sandboxMessages(conversation.id);

		const preview = await callPatiently<SendOutput>(client, "send_guest_message", args);
		expect(preview.data.status).toBe("preview");
		const recipient = String(change(preview.data, "recipient"));
		expect(recipient).toContain(`<untrusted_guest_text>${reservation.guestName}</untrusted_guest_text>`);
		expect(recipient).toContain(`#${reservation.id}`);
		expect(recipient).toContain(listing.name);
		expect(change(preview.data, "channel")).toBe("channel");
		expect(change(preview.data, "conversation")).toBe(conversation.id);
		expect(change(preview.data, "message")).toBe(body);
		expect(preview.text).toContain("Preview — nothing has changed yet");
		expect(await sandboxMessages(conversation.id)).toHaveLength(before.length);

		const done = await callPatiently<SendOutput>(client, "send_guest_message", {
			...args,
			confirmationToken: preview.data.confirmationToken,
		});
		expect(done.data).toMatchObject({
			status: "done",
			result: { conversationId: conversation.id, bookingId: reservation.id, channel: "channel", status: "sent" },
		});
		const after = await sandboxMessages(conversation.id);
		const added = after.filter((message) => !before.some((old) => old.id === message.id));
		expect(added).toHaveLength(1);
		expect(added[0]).toMatchObject({ id: done.data.result?.messageId, body, isIncoming: 0, communicationType: "channel" });

		const replay = await callPatiently<SendOutput>(client, "send_guest_message", {
			...args,
			confirmationToken: preview.data.confirmationToken,
		});
		expect(replay.data).toMatchObject({ status: "done", replayed: true, result: done.data.result });
		expect(replay.text).toContain("already performed");
		expect(await sandboxMessages(conversation.id)).toHaveLength(after.length);
	});

	it("refuses a token with other arguments, an unknown token and an expired one, sending nothing", async () => {
		const conversation = threadWhere(confirmedStay, 1);
		const args = { conversationId: conversation.id, message: "Checking in about your stay." };
		const before = await sandboxMessages(conversation.id);
		const preview = await callPatiently<SendOutput>(client, "send_guest_message", args);
		const token = preview.data.confirmationToken as string;

		const changed = await callWithBudget(client, "send_guest_message", {
			...args,
			message: "Something else entirely.",
			confirmationToken: token,
		});
		expect(changed.isError).toBe(true);
		expect(changed.text).toMatch(/arguments differ/);
		const unknown = await callWithBudget(client, "send_guest_message", { ...args, confirmationToken: "cfm_000000000000000000000000" });
		expect(unknown.isError).toBe(true);
		expect(unknown.text).toMatch(/Unknown confirmation token/);

		// Eleven minutes later the token has expired (tokens last ten).
		vi.useFakeTimers({ toFake: ["Date"] });
		vi.setSystemTime(Date.now() + 11 * 60_000);
		const expired = await callWithBudget(client, "send_guest_message", { ...args, confirmationToken: token });
		vi.useRealTimers();
		expect(expired.isError).toBe(true);
		expect(expired.text).toMatch(/expired/);
		expect(await sandboxMessages(conversation.id)).toHaveLength(before.length);
	});

	it("refuses a confirmation token that another tool issued, and nothing happens", async () => {
		const conversation = threadWhere((r) => r.channelId === DIRECT && confirmedStay(r));
		const reservation = reservationOf(conversation);
		const count = (await sandboxMessages(conversation.id)).length;
		const cancelPreview = await callPatiently<{ confirmationToken: string }>(client, "cancel_booking", {
			bookingId: reservation.id,
			cancelledBy: "host",
		});
		const result = await callWithBudget(client, "send_guest_message", {
			conversationId: conversation.id,
			message: "Hello!",
			confirmationToken: cancelPreview.data.confirmationToken,
		});
		expect(result.isError).toBe(true);
		expect(result.text).toMatch(/belongs to cancel_booking/);
		expect(await sandboxMessages(conversation.id)).toHaveLength(count);
		expect((await sandboxGet<{ status: string }>(`/reservations/${reservation.id}`)).status).toBe(reservation.status);
	});

	it("refuses a channel-thread reply to a direct booking, which has no channel thread", async () => {
		const conversation = threadWhere((r) => r.channelId === DIRECT);
		const count = (await sandboxMessages(conversation.id)).length;
		const result = await callWithBudget(client, "send_guest_message", {
			conversationId: conversation.id,
			message: "Hello!",
			channel: "channel",
		});
		expect(result.isError).toBe(true);
		expect(result.text).toMatch(/Direct booking: it has no channel thread/);
		expect(result.text).toMatch(/email/);
		expect(await sandboxMessages(conversation.id)).toHaveLength(count);
	});

	it("refuses SMS to a booking without a phone number and suggests e-mail", async () => {
		const conversation = threadWhere((r) => !r.phone);
		const count = (await sandboxMessages(conversation.id)).length;
		const result = await callWithBudget(client, "send_guest_message", {
			conversationId: conversation.id,
			message: "Hello!",
			channel: "sms",
		});
		expect(result.isError).toBe(true);
		expect(result.text).toMatch(/no guest phone number/);
		expect(result.text).toMatch(/email/);
		expect(await sandboxMessages(conversation.id)).toHaveLength(count);
	});

	it("flags access details in the body, loudly when they belong to another listing, and never echoes them", async () => {
		const conversation = threadWhere(confirmedStay, 2);
		const own = allListings.find((l) => l.id === conversation.listingMapId) as SandboxListing;
		const other = allListings.find((l) => l.id !== own.id && l.wifiPassword) as SandboxListing;

		const ownCode = await callPatiently<SendOutput>(client, "send_guest_message", {
			conversationId: conversation.id,
			message: `Welcome! The door code is ${own.doorSecurityCode}. Enjoy your stay.`,
		});
		expect(ownCode.data.preview?.warnings.join(" ")).toMatch(/access details/);
		expect(ownCode.data.preview?.warnings.join(" ")).not.toMatch(/DIFFERENT listing/);
		expect(String(change(ownCode.data, "message"))).toContain("[redacted]");

		const foreign = await callPatiently<SendOutput>(client, "send_guest_message", {
			conversationId: conversation.id,
			message: `Tonight you can use ${other.wifiPassword} to get online.`,
		});
		expect(foreign.data.preview?.warnings.join(" ")).toMatch(/DIFFERENT listing \(.*id \d+/);
		expect(foreign.text).toContain(`id ${other.id}`);

		expectNoSecrets([ownCode.raw, foreign.raw], listingSecrets(allListings));
	});

	it("never confirms a send twice when its outcome is unknown", async () => {
		const conversation = threadWhere(confirmedStay, 3);
		const args = { conversationId: conversation.id, message: "Your late check-out is approved until 1 pm." };
		const count = (await sandboxMessages(conversation.id)).length;
		const preview = await callPatiently<SendOutput>(client, "send_guest_message", args);
		const confirm = { ...args, confirmationToken: preview.data.confirmationToken };

		await control("PUT", "/faults", {
			serverErrorRate: 1,
			serverErrorStatus: 503,
			pathPrefix: `/conversations/${conversation.id}/messages`,
			count: 1,
		});
		const unknown = await callWithBudget(client, "send_guest_message", confirm);
		expect(unknown.isError).toBe(true);
		expect(unknown.text).toMatch(/check whether it happened/);

		const before = await upstreamRequestCount();
		const again = await callWithBudget(client, "send_guest_message", confirm);
		expect(again.isError).toBe(true);
		expect(again.text).toMatch(/outcome is unknown/);
		expect(await upstreamRequestCount()).toBe(before);
		// The 503 came before the sandbox stored anything: still no new message, and none was re-sent.
		expect(await sandboxMessages(conversation.id)).toHaveLength(count);
	});

	it.each([
		[{ message: "Hi" }, /bookingId .*or conversationId/],
		[{ bookingId: 1, conversationId: 2, message: "Hi" }, /not both/],
		[{ conversationId: 1, message: "" }, /message must not be empty/],
		[{ conversationId: 1, message: "   \n " }, /message must not be empty/],
		[{ conversationId: 1, message: "x".repeat(10_001) }, /at most 10000/],
		[{ conversationId: 1, message: "Hi", channel: "fax" }, /channel/],
		[{ conversationId: 1, message: "You wrote: <untrusted_guest_text>hello</untrusted_guest_text>" }, /markers copied from a tool result/],
		[{ conversationId: 1, body: "Hi" }, /body|unrecognized/i],
	])("refuses %o with a clear error and no upstream call", async (args, message) => {
		await expectRefusedWithoutUpstream(client, "send_guest_message", args, message);
	});
});
