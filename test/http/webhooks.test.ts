/**
 * POST /webhooks/hostaway: each tenant's own HTTP Basic credentials (derived from
 * WEBHOOK_SECRET), accepted only for events naming that tenant's accountId; a new cache
 * generation for that tenant on reservation and message events, quick 2xx for anything else;
 * the body capped while it is read.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { webhookCredentialsFor } from "../../src/auth/webhook-credentials";
import { tenantGate } from "../../src/gate/stub";
import { app } from "../../src/http/app";
import { MAX_WEBHOOK_BODY_BYTES } from "../../src/http/webhooks";

const SECRET = "webhook-secret-for-tests-0123456789abcdef";
const webhookEnv = { ...env, WEBHOOK_SECRET: SECRET };

/** Tenants of this file only: no other test touches their cache generations. */
const A = "300001";
const B = "300002";

function basic(username: string, password: string): string {
	return `Basic ${btoa(`${username}:${password}`)}`;
}

async function authorizationOf(tenantId: string): Promise<string> {
	const { username, password } = await webhookCredentialsFor(SECRET, tenantId);
	return basic(username, password);
}

async function post(
	body: BodyInit,
	options: { authorization?: string; environment?: object; headers?: Record<string, string> } = {},
): Promise<Response> {
	const headers: Record<string, string> = { "Content-Type": "application/json", ...options.headers };
	if (options.authorization !== undefined) headers.Authorization = options.authorization;
	const ctx = createExecutionContext();
	const response = await app.fetch(
		new Request("http://localhost:8787/webhooks/hostaway", { method: "POST", headers, body }),
		options.environment ?? webhookEnv,
		ctx,
	);
	await waitOnExecutionContext(ctx);
	return response;
}

function generationOf(accountId: string): Promise<number> {
	return tenantGate(env, accountId).cacheGeneration();
}

const reservationEvent = (accountId: string | number) =>
	JSON.stringify({ object: "reservation", event: "reservation.updated", accountId, data: { id: 1, status: "modified" } });

/** A body that never ends, sent without Content-Length; counts what was pulled from it. */
function endlessBody(): { body: ReadableStream<Uint8Array>; pulledBytes: () => number } {
	let pulled = 0;
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			pulled += 64 * 1024;
			controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
		},
	});
	return { body, pulledBytes: () => pulled };
}

describe("POST /webhooks/hostaway", () => {
	it("gives every tenant its own login and password", async () => {
		const [a, b] = await Promise.all([webhookCredentialsFor(SECRET, A), webhookCredentialsFor(SECRET, B)]);
		expect(a.username).toBe(`hostaway-${A}`);
		expect(a.password).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(b.password).not.toBe(a.password);
		expect((await webhookCredentialsFor(`${SECRET}-rotated`, A)).password).not.toBe(a.password);
	});

	it("takes a tenant's reservation and message events with that tenant's credentials, and bumps its cache generation", async () => {
		const first = await generationOf(A);
		const reservation = await post(reservationEvent(Number(A)), { authorization: await authorizationOf(A) });
		expect(reservation.status).toBe(200);
		expect(await reservation.json()).toMatchObject({ handled: "reservation" });
		const second = await generationOf(A);
		expect(second).toBeGreaterThan(first);

		// accountId as a string with leading zeros, nested in data: the same tenant.
		const message = await post(
			JSON.stringify({ object: "conversationMessage", event: "message.received", data: { id: 9, body: "Hi", accountId: `00${A}` } }),
			{ authorization: await authorizationOf(A) },
		);
		expect(await message.json()).toMatchObject({ handled: "message" });
		expect(await generationOf(A)).toBeGreaterThan(second);
	});

	it("refuses one tenant's credentials for another tenant's event (401), leaving that tenant's cache alone", async () => {
		const before = await generationOf(B);
		const response = await post(reservationEvent(Number(B)), { authorization: await authorizationOf(A) });
		expect(response.status).toBe(401);
		expect(response.headers.get("WWW-Authenticate")).toMatch(/^Basic/);
		expect(await generationOf(B)).toBe(before);

		// B's own credentials work, and touch only B.
		const otherBefore = await generationOf(A);
		expect((await post(reservationEvent(Number(B)), { authorization: await authorizationOf(B) })).status).toBe(200);
		expect(await generationOf(B)).toBeGreaterThan(before);
		expect(await generationOf(A)).toBe(otherBefore);
	});

	it("answers 401 with a Basic challenge to missing or wrong credentials, and changes nothing", async () => {
		const before = await generationOf(A);
		const { username, password } = await webhookCredentialsFor(SECRET, A);
		for (const authorization of [
			undefined,
			basic(username, "wrong password!!"),
			basic(username, `${password}x`),
			basic("hostaway-300002", password),
			basic(username, SECRET),
			"Bearer abc",
			"Basic !!!",
		]) {
			const response = await post(reservationEvent(Number(A)), { authorization });
			expect(response.status, authorization).toBe(401);
			expect(response.headers.get("WWW-Authenticate")).toMatch(/^Basic/);
			const text = await response.text();
			expect(text).not.toContain(password);
			expect(text).not.toContain(SECRET);
		}
		expect(await generationOf(A)).toBe(before);
	});

	it("answers 401 to an event that names no accountId: no tenant's credentials can accept it", async () => {
		const before = await generationOf(A);
		const response = await post(JSON.stringify({ object: "reservation", event: "reservation.created", data: { id: 1 } }), {
			authorization: await authorizationOf(A),
		});
		expect(response.status).toBe(401);
		expect(await response.json()).toMatchObject({ error: expect.stringContaining("accountId") });
		expect(await generationOf(A)).toBe(before);
	});

	it("answers 2xx at once to the test ping (with or without an accountId) and to events it does not know", async () => {
		const before = await generationOf(A);
		const ping = await post(JSON.stringify({ data: "test" }), { authorization: await authorizationOf(A) });
		expect(ping.status).toBe(200);
		expect(await ping.json()).toMatchObject({ handled: "test" });
		const pingWithAccount = await post(JSON.stringify({ accountId: Number(A), data: "test" }), { authorization: await authorizationOf(A) });
		expect(await pingWithAccount.json()).toMatchObject({ handled: "test" });

		const unknown = await post(JSON.stringify({ object: "listing", event: "listing.updated", accountId: Number(A), data: {} }), {
			authorization: await authorizationOf(A),
		});
		expect(unknown.status).toBe(200);
		expect(await unknown.json()).toMatchObject({ handled: "ignored" });
		expect(await generationOf(A)).toBe(before);
	});

	it("checks the test ping's credentials too", async () => {
		const { username } = await webhookCredentialsFor(SECRET, A);
		expect((await post(JSON.stringify({ data: "test" }), { authorization: basic(username, "not the password") })).status).toBe(401);
		expect((await post(JSON.stringify({ data: "test" }))).status).toBe(401);
		// A ping naming tenant B is checked against B's credentials, whatever its username says.
		expect((await post(JSON.stringify({ accountId: B, data: "test" }), { authorization: await authorizationOf(A) })).status).toBe(401);
	});

	it("answers 400 to a body that is not JSON or not an object", async () => {
		expect((await post("not json", { authorization: await authorizationOf(A) })).status).toBe(400);
		expect((await post("[1,2]", { authorization: await authorizationOf(A) })).status).toBe(400);
	});

	it("refuses an oversized body with 413 while reading it, without Content-Length or with a lying one", async () => {
		const before = await generationOf(A);
		for (const headers of [{}, { "Content-Length": "120" }] as Record<string, string>[]) {
			const stream = endlessBody();
			const response = await post(stream.body, { authorization: await authorizationOf(A), headers });
			expect(response.status, JSON.stringify(headers)).toBe(413);
			// The body never ends: answering proves it was cut off near the cap, not read to the end.
			expect(stream.pulledBytes()).toBeLessThan(MAX_WEBHOOK_BODY_BYTES + 4 * 64 * 1024);
		}
		const declared = await post("{}", {
			authorization: await authorizationOf(A),
			headers: { "Content-Length": String(MAX_WEBHOOK_BODY_BYTES + 1) },
		});
		expect(declared.status).toBe(413);
		expect(await generationOf(A)).toBe(before);
	});

	it("takes an event just under the cap", async () => {
		const padding = "x".repeat(MAX_WEBHOOK_BODY_BYTES - 200);
		const body = JSON.stringify({
			object: "reservation",
			event: "reservation.updated",
			accountId: Number(A),
			data: { id: 1, note: padding },
		});
		expect(body.length).toBeLessThanOrEqual(MAX_WEBHOOK_BODY_BYTES);
		expect((await post(body, { authorization: await authorizationOf(A) })).status).toBe(200);
	});

	it("is off (503, naming WEBHOOK_SECRET) while no secret is configured", async () => {
		const before = await generationOf(A);
		const response = await post(reservationEvent(Number(A)), { authorization: await authorizationOf(A), environment: env });
		expect(response.status).toBe(503);
		expect(await response.text()).toContain("WEBHOOK_SECRET");
		expect(await generationOf(A)).toBe(before);
	});
});
