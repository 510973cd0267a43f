/**
 * Whole write workflows (preview, then confirm with the preview's token) through the official
 * MCP SDK client while things break around them: the account's tokens revoked between preview
 * and confirmation, the session's Durable Object restarted between them or while the write is
 * on its way, the account's TenantGate restarted, a storm of 429s over the confirmation, and 5xx
 * bursts and unreadable answers at random over a whole booking's life. A client that repeats
 * its confirmation, as a model unsure of the outcome would, never gets a write twice: the
 * sandbox's reservations and messages are counted after every case, and its log shows one write
 * request per confirmation (besides those Hostaway refused before acting: 401 and 429).
 *
 * Single write faults per tool (502, malformed JSON, a hang past the timeout) are in
 * test/operations/{bookings,messaging,listings}/writes-under-faults.test.ts.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { env, runInDurableObject } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConfig } from "../../src/config";
import { tenantGate } from "../../src/gate/stub";
import type { HostawayMcpAgent } from "../../src/mcp/agent";
import { businessToday, plusDays } from "../helpers/business-date";
import { callToolInSession } from "../helpers/mcp-client";
import { DEMO, type LogEntry, clearSandboxLog, control, freshSandbox, sandboxLog } from "../helpers/sandbox";
import {
	type SandboxListing,
	type SandboxReservation,
	sandboxConversations,
	sandboxGet,
	sandboxGetAll,
	sandboxListings,
	sandboxMessages,
	sandboxReservations,
} from "../helpers/sandbox-records";
import { findFreeStays, type FreeStay } from "../helpers/stay-expectations";
import { callTool, callWithBudget, connectMcpClient, letRateBudgetRefill } from "../helpers/tools";

let client: Client;
let listings: SandboxListing[];
let stays: FreeStay[];
let directBookings: SandboxReservation[];
let conversationId: number;
let stayIndex = 0;
let bookingIndex = 0;

beforeAll(async () => {
	await freshSandbox();
	client = await connectMcpClient();
	listings = (await sandboxListings()).filter((listing) => listing.specialStatus !== "archived");
	stays = await findFreeStays(listings, 8);
	const today = businessToday("Pacific/Kiritimati");
	// Direct bookings (not refused as channel-managed) that have not started: changes and cancellations are allowed.
	directBookings = (await sandboxReservations()).filter(
		(r) => r.channelId === 2000 && ["new", "modified", "confirmed"].includes(r.status) && r.arrivalDate > plusDays(today, 2),
	);
	conversationId = (await sandboxConversations())[0]!.id;
}, 60_000);
afterAll(async () => {
	await client.close();
});

/** One confirmed write, how to recognise its request in the log, and how many times its change shows in the data. */
interface WriteCase {
	tool: string;
	args: Record<string, unknown>;
	write: { method: string; path: string };
	/** Copies of the change in the sandbox's data: 0 or 1, never more. */
	copies(): Promise<number>;
}

function newBooking(label: string): WriteCase {
	const stay = stays[stayIndex++]!;
	const guestName = `Fault Suite ${label}`;
	return {
		tool: "create_booking",
		args: { listingId: stay.listing.id, arrival: stay.arrival, departure: stay.departure, guestName, adults: 2 },
		write: { method: "POST", path: "/v1/reservations" },
		copies: async () =>
			(await sandboxGetAll<SandboxReservation>(`/reservations?listingId=${stay.listing.id}`)).filter((r) => r.guestName === guestName)
				.length,
	};
}

function newMessage(label: string): WriteCase {
	const message = `Fault suite: your towels arrive at 3 pm (${label}).`;
	return {
		tool: "send_guest_message",
		args: { conversationId, message },
		write: { method: "POST", path: `/v1/conversations/${conversationId}/messages` },
		copies: async () => (await sandboxMessages(conversationId)).filter((m) => m.body === message).length,
	};
}

function bookingChange(label: string): WriteCase {
	const booking = directBookings[bookingIndex++];
	expect(booking, "a direct booking that has not started").toBeDefined();
	const hostNote = `Fault suite: crib in the second bedroom (${label})`;
	return {
		tool: "update_booking",
		args: { bookingId: booking!.id, hostNote },
		write: { method: "PUT", path: `/v1/reservations/${booking!.id}` },
		copies: async () => ((await sandboxGet<SandboxReservation>(`/reservations/${booking!.id}`)).hostNote === hostNote ? 1 : 0),
	};
}

function cancellation(): WriteCase {
	const booking = directBookings[bookingIndex++];
	expect(booking, "a direct booking that has not started").toBeDefined();
	return {
		tool: "cancel_booking",
		args: { bookingId: booking!.id, cancelledBy: "guest" },
		write: { method: "PUT", path: `/v1/reservations/${booking!.id}/statuses/cancelled` },
		copies: async () => ((await sandboxGet<SandboxReservation>(`/reservations/${booking!.id}`)).status === "cancelled" ? 1 : 0),
	};
}

/** Write requests of a case in the log that Hostaway may have acted on (not refused before acting: 401/403 token, 429). */
function actedOn(log: readonly LogEntry[], { write }: WriteCase): LogEntry[] {
	return log.filter((entry) => entry.method === write.method && entry.path === write.path && ![401, 403, 429].includes(entry.status));
}

async function preview(writeCase: WriteCase, via: Client = client): Promise<Record<string, unknown>> {
	const result = await callWithBudget<{ confirmationToken: string }>(via, writeCase.tool, writeCase.args);
	expect(result.isError, `${writeCase.tool} preview: ${result.text}`).toBe(false);
	expect(await writeCase.copies(), "a preview changes nothing").toBe(0);
	return { ...writeCase.args, confirmationToken: result.data.confirmationToken };
}

/** The data and the log after a case: the change once at most (exactly once when `done`), one write request. */
async function expectOnce(writeCase: WriteCase, expected: "done" | "at most once"): Promise<void> {
	const copies = await writeCase.copies();
	if (expected === "done") expect(copies, `${writeCase.tool}: copies of the change`).toBe(1);
	else expect(copies, `${writeCase.tool}: copies of the change`).toBeLessThanOrEqual(1);
	const requests = actedOn(await sandboxLog(), writeCase).length;
	expect(requests, `${writeCase.tool}: write requests Hostaway may have acted on`).toBeLessThanOrEqual(1);
	if (expected === "done") expect(requests).toBe(1);
}

function sessionObject(of: Client): DurableObjectStub<HostawayMcpAgent> {
	const sessionId = (of.transport as { sessionId?: string }).sessionId!;
	return env.MCP_OBJECT.get(env.MCP_OBJECT.idFromName(`streamable-http:${sessionId}`)) as DurableObjectStub<HostawayMcpAgent>;
}

/** Restarts a Durable Object as the runtime does (its memory gone, its storage kept). */
async function restart(stub: DurableObjectStub): Promise<void> {
	await runInDurableObject(stub, (_instance, state) => state.abort("restarted by the fault suite")).catch(() => undefined);
}

async function sandboxTotals(): Promise<{ reservations: number; messages: number }> {
	const [reservations, messages] = await Promise.all([sandboxReservations(), sandboxMessages(conversationId)]);
	return { reservations: reservations.length, messages: messages.length };
}

describe("write workflows under faults", () => {
	it("a token revoked between preview and confirmation: each write is made once with a new token, and a repeat replays it", async () => {
		for (const writeCase of [newBooking("revoked token"), newMessage("revoked token"), bookingChange("revoked token"), cancellation()]) {
			const confirm = await preview(writeCase);
			await control("POST", "/revoke-tokens", { accountId: DEMO.accountId });
			await clearSandboxLog();
			const done = await callWithBudget<{ status: string }>(client, writeCase.tool, confirm);
			expect(done.isError, `${writeCase.tool}: ${done.text}`).toBe(false);
			expect(done.data.status).toBe("done");
			const again = await callWithBudget<{ status: string; replayed?: boolean }>(client, writeCase.tool, confirm);
			expect(again.data).toMatchObject({ status: "done", replayed: true });
			await expectOnce(writeCase, "done");
		}
	}, 60_000);

	it("the session's Durable Object restarted between preview and confirmation: the token survives, the write is made once", async () => {
		for (const writeCase of [newBooking("session restart"), newMessage("session restart")]) {
			const session = await connectMcpClient();
			const sessionId = (session.transport as { sessionId?: string }).sessionId!;
			const confirm = await preview(writeCase, session);
			await restart(sessionObject(session));
			await clearSandboxLog();
			const done = await callToolInSession(sessionId, writeCase.tool, confirm);
			expect(done.isError, `${writeCase.tool}: ${done.text}`).toBe(false);
			const again = await callToolInSession(sessionId, writeCase.tool, confirm);
			expect(again.isError, `${writeCase.tool} again: ${again.text}`).toBe(false);
			await expectOnce(writeCase, "done");
			await session.close().catch(() => undefined);
		}
	}, 60_000);

	it("the session's Durable Object restarted while the write is on its way: the same confirmation is never sent again", async () => {
		const writeCase = newBooking("restart mid-write");
		const session = await connectMcpClient();
		const sessionId = (session.transport as { sessionId?: string }).sessionId!;
		const confirm = await preview(writeCase, session);
		const { hostawayTimeoutMs } = getConfig(env);
		await clearSandboxLog();
		// The write is processed, then its answer hangs: the session restarts while it waits.
		await control("PUT", "/faults", {
			hangRate: 1,
			hangMs: hostawayTimeoutMs + 1_000,
			method: "POST",
			pathPrefix: "/reservations",
			count: 1,
		});
		const first = callTool(session, writeCase.tool, confirm).catch((error: unknown) => error);
		for (let waited = 0; (await sandboxLog()).every((entry) => entry.path !== writeCase.write.path); waited += 50) {
			expect(waited, "the write reached the sandbox").toBeLessThan(15_000);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		await restart(sessionObject(session));
		// The first call's stream ended with its session object; its answer is not waited for.
		void first;

		const again = await callToolInSession(sessionId, writeCase.tool, confirm);
		expect(again.isError, again.text).toBe(true);
		expect(again.text).toMatch(/already in progress|outcome is unknown, so it will not be sent again/);
		// Once the hanging answer is over, the booking exists once: the one request that was sent.
		await new Promise((resolve) => setTimeout(resolve, hostawayTimeoutMs + 1_500));
		const afterwards = await callToolInSession(sessionId, writeCase.tool, confirm);
		expect(afterwards.isError, afterwards.text).toBe(true);
		await expectOnce(writeCase, "done");
		await session.close().catch(() => undefined);
	}, 60_000);

	it("the account's TenantGate restarted between preview and confirmation: the write is made once", async () => {
		const writeCase = newMessage("gate restart");
		const confirm = await preview(writeCase);
		await restart(tenantGate(env, DEMO.accountId));
		await clearSandboxLog();
		const done = await callWithBudget<{ status: string }>(client, writeCase.tool, confirm);
		expect(done.isError, done.text).toBe(false);
		expect((await callWithBudget(client, writeCase.tool, confirm)).isError).toBe(false);
		await expectOnce(writeCase, "done");
	}, 60_000);

	it("a 429 storm over the confirmation: the write waits it out or says when to retry, and is made at most once", async () => {
		for (const writeCase of [newBooking("429 storm"), newMessage("429 storm")]) {
			const confirm = await preview(writeCase);
			await clearSandboxLog();
			await control("PUT", "/faults", { rateLimitStormMs: 1_500 });
			const first = await callTool(client, writeCase.tool, confirm);
			if (first.isError) expect(first.text).toMatch(/Retry in \d+ seconds|request budget is used up/);
			await control("PUT", "/faults", {});
			await letRateBudgetRefill();
			// The model follows the advice (or, on success, repeats itself): either way one write.
			const again = await callWithBudget(client, writeCase.tool, confirm);
			expect(again.isError, again.text).toBe(false);
			await expectOnce(writeCase, "done");
		}
	}, 60_000);

	it("5xx bursts and unreadable answers at random over a booking's whole life: nothing is written twice", async () => {
		const before = await sandboxTotals();
		const cases = [newBooking("chaos"), newMessage("chaos"), bookingChange("chaos"), cancellation()];
		await clearSandboxLog();
		await control("PUT", "/faults", { serverErrorRate: 0.3, serverErrorStatus: 503, malformedJsonRate: 0.15 });
		const outcomes: string[] = [];
		for (const writeCase of cases) {
			let confirm: Record<string, unknown> | undefined;
			for (let attempt = 0; attempt < 5 && !confirm; attempt++) {
				const result = await callWithBudget<{ confirmationToken?: string }>(client, writeCase.tool, writeCase.args);
				expect(result.text).not.toMatch(/Internal error in the Hostaway MCP server/);
				if (!result.isError) confirm = { ...writeCase.args, confirmationToken: result.data.confirmationToken };
			}
			if (!confirm) {
				outcomes.push(`${writeCase.tool}: no preview`);
				continue;
			}
			// A model unsure of the outcome repeats the same confirmation.
			for (let attempt = 0; attempt < 3; attempt++) {
				const result = await callWithBudget(client, writeCase.tool, confirm);
				expect(result.text).not.toMatch(/Internal error in the Hostaway MCP server/);
				outcomes.push(`${writeCase.tool}: ${result.isError ? result.text.slice(0, 60) : "done"}`);
			}
		}
		await control("PUT", "/faults", {});
		for (const writeCase of cases) await expectOnce(writeCase, "at most once");
		const after = await sandboxTotals();
		expect(after.reservations - before.reservations, outcomes.join("\n")).toBeLessThanOrEqual(1);
		expect(after.messages - before.messages, outcomes.join("\n")).toBeLessThanOrEqual(1);
	}, 90_000);
});
