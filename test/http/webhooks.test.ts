/**
 * POST /webhooks/hostaway: HTTP Basic with the operator's credentials, a new cache generation
 * for the account on reservation and message events, quick 2xx for anything else.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { tenantGate } from "../../src/gate/stub";
import { app } from "../../src/http/app";

const USERNAME = "hostaway-hooks";
const PASSWORD = "correct horse battery staple";
const webhookEnv = { ...env, WEBHOOK_USERNAME: USERNAME, WEBHOOK_PASSWORD: PASSWORD };

function basic(username: string, password: string): string {
	return `Basic ${btoa(`${username}:${password}`)}`;
}

async function post(body: string, options: { authorization?: string; environment?: object } = {}): Promise<Response> {
	const headers: Record<string, string> = { "Content-Type": "application/json" };
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

const reservationEvent = (accountId: number) =>
	JSON.stringify({ object: "reservation", event: "reservation.updated", accountId, data: { id: 1, status: "modified" } });

describe("POST /webhooks/hostaway", () => {
	it("answers 401 with a Basic challenge to missing or wrong credentials, and changes nothing", async () => {
		const before = await generationOf("300001");
		for (const authorization of [
			undefined,
			basic(USERNAME, "wrong password!!"),
			basic("someone-else", PASSWORD),
			"Bearer abc",
			"Basic !!!",
		]) {
			const response = await post(reservationEvent(300001), { authorization });
			expect(response.status).toBe(401);
			expect(response.headers.get("WWW-Authenticate")).toMatch(/^Basic/);
			expect(await response.text()).not.toContain(PASSWORD);
		}
		expect(await generationOf("300001")).toBe(before);
	});

	it("bumps the account's cache generation on reservation and message events", async () => {
		const first = await generationOf("300002");
		const reservation = await post(reservationEvent(300002), { authorization: basic(USERNAME, PASSWORD) });
		expect(reservation.status).toBe(200);
		expect(await reservation.json()).toMatchObject({ handled: "reservation" });
		const second = await generationOf("300002");
		expect(second).toBeGreaterThan(first);

		const message = await post(
			JSON.stringify({ object: "conversationMessage", event: "message.received", accountId: "300002", data: { id: 9, body: "Hi" } }),
			{ authorization: basic(USERNAME, PASSWORD) },
		);
		expect(await message.json()).toMatchObject({ handled: "message" });
		expect(await generationOf("300002")).toBeGreaterThan(second);
	});

	it("touches only the account named in the event", async () => {
		const other = await generationOf("300004");
		await post(reservationEvent(300003), { authorization: basic(USERNAME, PASSWORD) });
		expect(await generationOf("300004")).toBe(other);
	});

	it("answers 2xx at once to the test ping and to events it does not know", async () => {
		const before = await generationOf("300005");
		const ping = await post(JSON.stringify({ data: "test" }), { authorization: basic(USERNAME, PASSWORD) });
		expect(ping.status).toBe(200);
		expect(await ping.json()).toMatchObject({ handled: "test" });
		const unknown = await post(JSON.stringify({ object: "listing", event: "listing.updated", accountId: 300005, data: {} }), {
			authorization: basic(USERNAME, PASSWORD),
		});
		expect(unknown.status).toBe(200);
		expect(await unknown.json()).toMatchObject({ handled: "ignored" });
		expect(await generationOf("300005")).toBe(before);
	});

	it("answers 400 to a body that is not JSON or not an object", async () => {
		expect((await post("not json", { authorization: basic(USERNAME, PASSWORD) })).status).toBe(400);
		expect((await post("[1,2]", { authorization: basic(USERNAME, PASSWORD) })).status).toBe(400);
	});

	it("is off (503, naming the variables) while no credentials are configured", async () => {
		const response = await post(reservationEvent(300006), { authorization: basic(USERNAME, PASSWORD), environment: env });
		expect(response.status).toBe(503);
		expect(await response.text()).toContain("WEBHOOK_USERNAME");
	});
});
