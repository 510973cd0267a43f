/**
 * The durable audit trail of one tenant (AuditLog Durable Object, through recordAudit and
 * readAuditLog): events come back newest first, pages follow each other without gaps or
 * repeats, kinds filter, tool calls are logged but not stored, one tenant never sees another's
 * events, and retention keeps at most MAX_EVENTS events and none older than RETENTION_DAYS.
 *
 * Every test uses its own tenant id, so the log is empty at its start whatever ran before.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import type { AuditEventInput, AuditKind } from "../../src/audit/audit-event";
import { auditLogStub, MAX_EVENTS, RETENTION_DAYS } from "../../src/audit/audit-log";
import { auditLogLine, readAuditLog, recordAudit } from "../../src/audit/audit-trail";

let tenantCounter = 0;
/** A tenant id no other test uses (digits, no leading zero). */
function freshTenant(): string {
	tenantCounter++;
	return `7${String(Date.now() % 1e7).padStart(7, "0")}${String(tenantCounter).padStart(3, "0")}`;
}

function event(tenantId: string, kind: AuditKind, change: string, overrides: Partial<AuditEventInput> = {}): AuditEventInput {
	return {
		tenantId,
		kind,
		userId: `${tenantId}.person1`,
		clientId: "client-abc",
		clientName: "Test client",
		via: "oauth",
		outcome: kind === "sign_in_refused" ? "refused" : "ok",
		...(kind === "write" ? { tool: "update_calendar", change } : { reason: change }),
		...overrides,
	};
}

/** Every stored event of a tenant, page by page. */
async function readAll(tenantId: string, limit: number, kinds?: AuditKind[]) {
	const pages: { text: string[]; positions: number[] }[] = [];
	let before: number | undefined;
	for (;;) {
		const page = await readAuditLog(env, tenantId, { before, limit, kinds });
		pages.push({ text: page.events.map((e) => e.change ?? e.reason ?? ""), positions: page.events.map((e) => e.position) });
		if (!page.hasMore) return pages;
		before = page.events.at(-1)!.position;
	}
}

let log: MockInstance<typeof console.log>;
beforeEach(() => {
	// Every event is also a log line; this file checks them where it matters, and keeps the output quiet.
	log = vi.spyOn(console, "log").mockImplementation(() => {});
});
afterEach(() => {
	vi.restoreAllMocks();
});

describe("the audit log of a tenant", () => {
	it("returns stored events newest first, whole", async () => {
		const tenant = freshTenant();
		await recordAudit(env, event(tenant, "sign_in", "first", { at: "2030-01-01T10:00:00.000Z" }));
		await recordAudit(env, event(tenant, "write", "reservation 41000123 cancelled by the host"));
		await recordAudit(env, event(tenant, "sign_in_refused", "wrong API key", { via: "api-key", userId: "unknown" }));

		const page = await readAuditLog(env, tenant, { limit: 10 });
		expect(page.hasMore).toBe(false);
		expect(page.events.map((e) => e.kind)).toEqual(["sign_in_refused", "write", "sign_in"]);
		expect(page.events[1]).toMatchObject({
			tenantId: tenant,
			kind: "write",
			tool: "update_calendar",
			outcome: "ok",
			change: "reservation 41000123 cancelled by the host",
			userId: `${tenant}.person1`,
			clientId: "client-abc",
			clientName: "Test client",
			via: "oauth",
		});
		expect(page.events[2]!.at).toBe("2030-01-01T10:00:00.000Z");
		expect(Date.parse(page.events[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
	});

	it("pages with positions: every event exactly once, in order, across pages", async () => {
		const tenant = freshTenant();
		for (let i = 1; i <= 7; i++) await recordAudit(env, event(tenant, "write", `change ${i}`));
		const pages = await readAll(tenant, 3);
		expect(pages.map((p) => p.text)).toEqual([["change 7", "change 6", "change 5"], ["change 4", "change 3", "change 2"], ["change 1"]]);
		const positions = pages.flatMap((p) => p.positions);
		expect(new Set(positions).size).toBe(7);
		expect(positions).toEqual([...positions].sort((a, b) => b - a));
	});

	it("an event recorded between two pages does not shift the next page", async () => {
		const tenant = freshTenant();
		for (let i = 1; i <= 4; i++) await recordAudit(env, event(tenant, "write", `change ${i}`));
		const first = await readAuditLog(env, tenant, { limit: 2 });
		await recordAudit(env, event(tenant, "write", "change 5"));
		const second = await readAuditLog(env, tenant, { before: first.events.at(-1)!.position, limit: 2 });
		expect(first.events.map((e) => e.change)).toEqual(["change 4", "change 3"]);
		expect(second.events.map((e) => e.change)).toEqual(["change 2", "change 1"]);
		expect(second.hasMore).toBe(false);
	});

	it("filters by kind, and pages within the filter", async () => {
		const tenant = freshTenant();
		const kinds: AuditKind[] = ["sign_in", "write", "key_use", "write", "access_denied", "write", "grant_revoked"];
		for (const [i, kind] of kinds.entries()) await recordAudit(env, event(tenant, kind, `${kind} ${i}`));

		expect((await readAll(tenant, 2, ["write"])).map((p) => p.text)).toEqual([["write 5", "write 3"], ["write 1"]]);
		const access = (await readAll(tenant, 10, ["sign_in", "key_use", "access_denied", "grant_revoked"])).flatMap((p) => p.text);
		expect(access).toEqual(["grant_revoked 6", "access_denied 4", "key_use 2", "sign_in 0"]);
		expect((await readAll(tenant, 10, [])).flatMap((p) => p.text)).toEqual([]);
	});

	it("logs every event as one JSON line, and stores all but tool calls", async () => {
		const tenant = freshTenant();
		await recordAudit(env, {
			...event(tenant, "tool_call", ""),
			reason: undefined,
			tool: "list_listings",
			durationMs: 120,
			upstreamCalls: 2,
			cacheHits: 1,
		});
		await recordAudit(env, event(tenant, "key_use", "first use today"));

		const lines = log.mock.calls.map((call) => String(call[0])).filter((line) => line.includes(tenant));
		expect(lines).toHaveLength(2);
		const [toolCall, keyUse] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
		expect(toolCall).toMatchObject({
			type: "audit",
			kind: "tool_call",
			tenantId: tenant,
			userId: `${tenant}.person1`,
			clientId: "client-abc",
			tool: "list_listings",
			outcome: "ok",
			durationMs: 120,
			upstreamCalls: 2,
			cacheHits: 1,
		});
		expect(typeof toolCall!.at).toBe("string");
		expect(keyUse).toMatchObject({ type: "audit", kind: "key_use" });

		const stored = await readAuditLog(env, tenant, { limit: 10 });
		expect(stored.events.map((e) => e.kind)).toEqual(["key_use"]);
	});

	it("writes one line per event: the line builder gives a single-line JSON object marked audit", () => {
		const line = auditLogLine({
			at: "2030-01-01T00:00:00.000Z",
			kind: "write",
			userId: "u",
			clientId: "c",
			clientName: "Name with\nnewline",
			via: "local-dev",
			outcome: "unknown",
			change: "message to conversation 52000012 by email",
		});
		expect(line).not.toContain("\n");
		expect(JSON.parse(line)).toMatchObject({ type: "audit", kind: "write", outcome: "unknown", clientName: "Name with\nnewline" });
	});

	it("keeps tenants apart: one tenant's events never appear in another's log", async () => {
		const [a, b] = [freshTenant(), freshTenant()];
		await recordAudit(env, event(a, "write", "tenant a's change"));
		await recordAudit(env, event(b, "write", "tenant b's change"));
		expect((await readAll(a, 10)).flatMap((p) => p.text)).toEqual(["tenant a's change"]);
		expect((await readAll(b, 10)).flatMap((p) => p.text)).toEqual(["tenant b's change"]);
	});

	it("clips long texts instead of losing the event, and drops an invalid event with a warning naming only its fields", async () => {
		const tenant = freshTenant();
		await recordAudit(env, event(tenant, "write", "x".repeat(1_000), { clientName: "n".repeat(500) }));
		const [stored] = (await readAuditLog(env, tenant, { limit: 1 })).events;
		expect(stored!.change!.length).toBeLessThanOrEqual(300);
		expect(stored!.clientName.length).toBeLessThanOrEqual(100);

		const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
		await recordAudit(env, event("0123", "write", "secret-looking-value-9f8e7d"));
		expect(warn).toHaveBeenCalledTimes(1);
		const warning = String(warn.mock.calls[0]![0]);
		expect(warning).toContain("tenantId");
		expect(warning).not.toContain("secret-looking-value-9f8e7d");
	});

	it("keeps at most MAX_EVENTS events: the oldest go first", async () => {
		const tenant = freshTenant();
		const stub = auditLogStub(env, tenant);
		const total = MAX_EVENTS + 5;
		await runInDurableObject(stub, async (log) => {
			for (let i = 0; i < total; i++) {
				await log.append({ ...event(tenant, "write", `change ${i}`), at: new Date().toISOString() } as never);
			}
		});
		const newest = (await readAuditLog(env, tenant, { limit: 1 })).events[0]!;
		expect(newest.change).toBe(`change ${total - 1}`);
		// The oldest kept event is MAX_EVENTS - 1 positions below the newest; nothing older remains.
		const oldestKept = newest.position - (MAX_EVENTS - 1);
		const tail = await readAuditLog(env, tenant, { before: oldestKept + 1, limit: 100 });
		expect(tail.events.map((e) => e.change)).toEqual([`change ${total - MAX_EVENTS}`]);
		expect(tail.hasMore).toBe(false);
	});

	it(`forgets events older than ${RETENTION_DAYS} days`, async () => {
		const tenant = freshTenant();
		const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString();
		await recordAudit(env, event(tenant, "sign_in", "too old", { at: daysAgo(RETENTION_DAYS + 1) }));
		await recordAudit(env, event(tenant, "sign_in", "old but kept", { at: daysAgo(RETENTION_DAYS - 1) }));
		await recordAudit(env, event(tenant, "sign_in", "today"));
		expect((await readAll(tenant, 10)).flatMap((p) => p.text)).toEqual(["today", "old but kept"]);
	});
});
