/**
 * The audit trail through the MCP client (local development: tenant 100001, via local-dev, with
 * write access): a confirmed write is in get_audit_log with what changed, by ids and field names,
 * never the message body or the host's note; previews and replays are not writes; a write whose
 * outcome is unknown is recorded once, as unknown; every tool call is one JSON log line and none
 * is stored; get_audit_log filters by kind, pages with a cursor, and shows only its own tenant.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { env } from "cloudflare:workers";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import { readAuditLog, recordAudit } from "../../src/audit/audit-trail";
import { getConfig } from "../../src/config";
import { auditToolCall } from "../../src/wiring/audit-calls";
import { executeOperation } from "../../src/wiring/run-operation";
import { updateCalendar } from "../../src/operations/listings/update-calendar";
import { createOperationContext } from "../../src/wiring/operation-context";
import { businessToday, plusDays } from "../helpers/business-date";
import { control, DEMO, freshSandbox, OTHER } from "../helpers/sandbox";
import { type SandboxConversation, type SandboxListing, sandboxConversations, sandboxListings } from "../helpers/sandbox-records";
import { callPatiently, callTool, callWithBudget, connectMcpClient } from "../helpers/tools";
import { WRITE_FAULTS } from "../helpers/write-faults";

interface AuditRow {
	at: string;
	kind: string;
	userId: string;
	via: string;
	clientId: string;
	clientName: string;
	tool?: string;
	outcome: string;
	change?: string;
	reason?: string;
}
interface AuditOutput {
	events: AuditRow[];
	nextCursor?: string;
}
interface WriteOutput {
	status: "preview" | "done";
	confirmationToken?: string;
	replayed?: boolean;
	result?: { messageId?: number; conversationId?: number; bookingId?: number | null };
}

let client: Client;
let listing: SandboxListing;
let conversations: SandboxConversation[];
let log: MockInstance<typeof console.log>;

beforeAll(async () => {
	await freshSandbox();
	client = await connectMcpClient();
	listing = (await sandboxListings()).find((candidate) => candidate.specialStatus !== "archived")!;
	conversations = await sandboxConversations();
});
afterAll(async () => {
	await client.close();
});
beforeEach(() => {
	log = vi.spyOn(console, "log").mockImplementation(() => {});
});
afterEach(() => {
	vi.restoreAllMocks();
});

/** The audit lines logged so far in this test, parsed. */
function auditLines(): Record<string, unknown>[] {
	return log.mock.calls
		.map((call) => String(call[0]))
		.filter((line) => line.startsWith('{"type":"audit"'))
		.map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function auditLog(args: Record<string, unknown> = {}) {
	return callPatiently<AuditOutput>(client, "get_audit_log", args);
}

async function newestWrite(): Promise<AuditRow | undefined> {
	return (await auditLog({ kind: "writes", limit: 1 })).data.events[0];
}

/** A price (and note) change on three days of the listing, `offset` days ahead: preview, then confirm. */
async function changeCalendar(offset: number, price: number, note?: string) {
	const startDate = plusDays(businessToday(listing.timeZoneName), offset);
	const endDate = plusDays(startDate, 2);
	const args = { listingId: listing.id, startDate, endDate, price, ...(note !== undefined ? { note } : {}) };
	const preview = await callPatiently<WriteOutput>(client, "update_calendar", args);
	expect(preview.data.status).toBe("preview");
	return { args, startDate, endDate, preview, confirm: { ...args, confirmationToken: preview.data.confirmationToken } };
}

describe("the audit trail of MCP tool calls", () => {
	it("records a confirmed calendar change with what changed (never the note); the preview and a replay record nothing", async () => {
		const note = "Owner's cousin stays, key under the blue pot";
		const before = await newestWrite();
		const { startDate, endDate, confirm } = await changeCalendar(50, 417, note);
		expect(await newestWrite(), "a preview is not a write").toEqual(before);

		const done = await callPatiently<WriteOutput>(client, "update_calendar", confirm);
		expect(done.data.status).toBe("done");
		const written = await newestWrite();
		expect(written).toMatchObject({
			kind: "write",
			tool: "update_calendar",
			outcome: "ok",
			change: `listing ${listing.id} calendar ${startDate} to ${endDate}: price, note set on 3 day(s)`,
			userId: "local-dev",
			clientId: "local-dev",
			via: "local-dev",
		});
		expect(Date.parse(written!.at)).toBeGreaterThan(Date.now() - 5 * 60_000);

		const replay = await callPatiently<WriteOutput>(client, "update_calendar", confirm);
		expect(replay.data.replayed).toBe(true);
		expect(await newestWrite(), "a replay is not a second write").toEqual(written);

		const everything = (await auditLog({ limit: 100 })).raw + JSON.stringify(auditLines());
		expect(everything).not.toContain("blue pot");
		expect(everything).not.toContain(confirm.confirmationToken);
	});

	it("records a sent message by where it went, never by its body, in the durable log and in the log lines", async () => {
		const conversation = conversations[0]!;
		const body = `Welcome to the flat! Audit check ${Date.now()}: the lift code is 5512.`;
		const args = { conversationId: conversation.id, message: body };
		const preview = await callPatiently<WriteOutput>(client, "send_guest_message", args);
		const sent = await callPatiently<WriteOutput>(client, "send_guest_message", {
			...args,
			confirmationToken: preview.data.confirmationToken,
		});
		const { messageId, bookingId } = sent.data.result!;

		const written = await newestWrite();
		expect(written).toMatchObject({
			kind: "write",
			tool: "send_guest_message",
			outcome: "ok",
			change: `message ${messageId} sent in conversation ${conversation.id}${bookingId ? ` (reservation ${bookingId})` : ""} by email`,
		});
		const lines = auditLines();
		expect(lines.filter((line) => line.kind === "write" && line.tool === "send_guest_message")).toHaveLength(1);
		expect(lines.filter((line) => line.kind === "tool_call" && line.tool === "send_guest_message")).toHaveLength(2);
		const everything = (await auditLog({ limit: 100 })).raw + JSON.stringify(lines);
		expect(everything).not.toContain("Audit check");
		expect(everything).not.toContain("5512");
		expect(everything).not.toContain(DEMO.apiKey);
	});

	it("records a write whose outcome is unknown once, as unknown; the refused second confirmation adds none", async () => {
		const fault = WRITE_FAULTS.find((candidate) => candidate.name === "malformed JSON after processing")!;
		const conversation = conversations[1] ?? conversations[0]!;
		const args = { conversationId: conversation.id, message: `Your parking spot is number ${Date.now() % 1000}.`, channel: "email" };
		const preview = await callPatiently<WriteOutput>(client, "send_guest_message", args);
		const confirm = { ...args, confirmationToken: preview.data.confirmationToken };
		await control("PUT", "/faults", fault.settings({ method: "POST", path: `/conversations/${conversation.id}/messages` }));

		const first = await callWithBudget(client, "send_guest_message", confirm);
		expect(first.isError).toBe(true);
		const unknown = await newestWrite();
		expect(unknown).toMatchObject({
			kind: "write",
			tool: "send_guest_message",
			outcome: "unknown",
			change: `message to conversation ${conversation.id} by email`,
		});

		const again = await callWithBudget(client, "send_guest_message", confirm);
		expect(again.text).toMatch(/outcome is unknown, so it will not be sent again/);
		expect(await newestWrite()).toEqual(unknown);
		const calls = auditLines().filter((line) => line.kind === "tool_call" && line.tool === "send_guest_message");
		expect(calls.map((line) => [line.outcome, line.reason])).toEqual([
			["ok", undefined],
			["error", "outcome_unknown"],
			["error", "outcome_unknown"],
		]);
	});

	it("logs a read tool call as one JSON line with its cost, and stores nothing for it", async () => {
		await callPatiently(client, "list_listings", { limit: 2 });
		const failed = await callTool(client, "get_booking", { bookingId: 999_999_999 });
		expect(failed.isError).toBe(true);

		const lines = auditLines();
		const read = lines.filter((line) => line.tool === "list_listings");
		expect(read).toHaveLength(1);
		expect(read[0]).toMatchObject({
			type: "audit",
			kind: "tool_call",
			tenantId: DEMO.accountId,
			userId: "local-dev",
			clientId: "local-dev",
			via: "local-dev",
			outcome: "ok",
		});
		for (const field of ["durationMs", "upstreamCalls", "cacheHits"]) expect(read[0]![field]).toEqual(expect.any(Number));
		expect(lines.find((line) => line.tool === "get_booking")).toMatchObject({ kind: "tool_call", outcome: "error", reason: "not_found" });

		const stored = (await auditLog({ limit: 100 })).data.events;
		expect(stored.filter((event) => event.kind === "tool_call" || event.tool === "list_listings" || event.tool === "get_booking")).toEqual(
			[],
		);
	});

	it("pages with a cursor, newest first, without gaps or repeats", async () => {
		const changes: string[] = [];
		for (const [i, offset] of [60, 64, 68].entries()) {
			const { confirm } = await changeCalendar(offset, 500 + i);
			await callPatiently(client, "update_calendar", confirm);
			changes.push((await newestWrite())!.change!);
		}
		const seen: string[] = [];
		const cursors: string[] = [];
		for (let page = 0; page < 3; page++) {
			const result = await auditLog({ kind: "writes", limit: 1, ...(page > 0 ? { cursor: cursors.at(-1) } : {}) });
			expect(result.data.events).toHaveLength(1);
			seen.push(result.data.events[0]!.change!);
			// The third page may be the last: other tests' writes may or may not be older.
			if (page < 2) expect(result.data.nextCursor, "older writes exist").toBeDefined();
			if (result.data.nextCursor) cursors.push(result.data.nextCursor);
		}
		expect(seen).toEqual([...changes].reverse());
		expect(new Set(cursors).size).toBe(cursors.length);

		const otherKind = await callTool(client, "get_audit_log", { kind: "access", cursor: cursors[0] });
		expect(otherKind.isError).toBe(true);
		expect(otherKind.text).toMatch(/cursor/);
		const broken = await callTool(client, "get_audit_log", { cursor: "not-a-cursor" });
		expect(broken.isError).toBe(true);
		expect(broken.text).toMatch(/cursor is not valid/);
	});

	it("shows access events under kind access, with OAuth client names fenced, and only the session's own tenant", async () => {
		const marker = `sign-in ${Date.now()}`;
		const actor = { userId: `${DEMO.accountId}.abc123`, clientId: "client-xyz", via: "oauth" } as const;
		await recordAudit(env, {
			...actor,
			tenantId: DEMO.accountId,
			clientName: "Helper <b>bot</b>",
			kind: "sign_in",
			outcome: "ok",
			reason: marker,
		});
		await recordAudit(env, {
			...actor,
			tenantId: OTHER.accountId,
			clientName: "Other",
			kind: "sign_in",
			outcome: "ok",
			reason: `${marker} other`,
		});

		const access = await auditLog({ kind: "access", limit: 100 });
		const mine = access.data.events.find((event) => event.reason === marker);
		expect(mine).toMatchObject({ kind: "sign_in", outcome: "ok", userId: actor.userId, via: "oauth" });
		expect(mine!.clientName).toBe("<untrusted_guest_text>Helper &lt;b&gt;bot&lt;/b&gt;</untrusted_guest_text>");
		expect(access.data.events.every((event) => !["write", "tool_call"].includes(event.kind))).toBe(true);
		expect(access.raw).not.toContain(`${marker} other`);
		expect((await auditLog({ kind: "writes", limit: 100 })).raw).not.toContain(marker);
	});

	it("offers get_audit_log as a read-only tool with a strict, small input", async () => {
		const { tools } = await client.listTools();
		const tool = tools.find((candidate) => candidate.name === "get_audit_log");
		expect(tool?.annotations).toMatchObject({ readOnlyHint: true });
		expect(Object.keys(tool!.inputSchema.properties ?? {}).sort()).toEqual(["cursor", "kind", "limit"]);
		const refused = await callTool(client, "get_audit_log", { tenantId: OTHER.accountId });
		expect(refused.isError).toBe(true);
	});
});

describe("the audit trail of a refused write", () => {
	it("records a write tool called in a read-only session as access denied, durably, without a write", async () => {
		// A tenant of its own, so its log holds only this test's events; refused before any Hostaway call.
		const tenantId = `6${String(Date.now() % 1e9).padStart(9, "0")}`;
		const session = {
			accountId: tenantId,
			access: "read",
			userId: `${tenantId}.reader`,
			clientId: "c-1",
			clientName: "Reader",
			via: "oauth",
		} as const;
		const context = createOperationContext(env, getConfig(env), session);
		const args = { listingId: listing.id, startDate: "2099-01-01", price: 100 };
		const run = await executeOperation(updateCalendar, args, context);
		expect(run.result.isError).toBe(true);
		await auditToolCall(updateCalendar, args, run, context, 3);

		const stored = await readAuditLog(env, tenantId, { limit: 10 });
		expect(stored.events).toEqual([
			expect.objectContaining({ kind: "access_denied", tool: "update_calendar", outcome: "denied", userId: session.userId, via: "oauth" }),
		]);
		expect(auditLines().find((line) => line.tenantId === tenantId && line.kind === "tool_call")).toMatchObject({
			outcome: "error",
			reason: "read_only",
			upstreamCalls: 0,
		});
	});
});
