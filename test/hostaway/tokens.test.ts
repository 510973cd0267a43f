/**
 * Tokens against the sandbox: minted once per account however many calls need one, stored
 * encrypted, not used before their first second is over, replaced exactly once when refused.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { Sealer } from "../../src/crypto/sealer";
import { tokenKey } from "../../src/gate/keys";
import type { SealedToken } from "../../src/gate/tenant-gate";
import { HostawayAuthenticationError, HostawayRefusedError } from "../../src/hostaway/errors";
import { toOperationError } from "../../src/operations/hostaway-errors";
import { createSandboxFetch } from "../../src/sandbox";
import { DEMO, OTHER, clearSandboxLog, control, countCalls, freshSandbox, sandboxLog } from "../helpers/sandbox";
import { ageStoredToken, clientFor, coldStart, sandboxConfig } from "./harness";

/** Plenty of budget: these tests are about tokens, not rate limits. */
const ROOMY = { rateBudget: { limit: 500 }, cache: false } as const;

/** A fetch into the sandbox that remembers the bearer tokens it carried (to look for them at rest). */
function tokenCapturingFetch(): { fetch: typeof fetch; tokens: Set<string> } {
	const inner = createSandboxFetch(env);
	const tokens = new Set<string>();
	return {
		tokens,
		fetch: (input, init) => {
			const request = new Request(input, init);
			const bearer = /^Bearer (.+)$/.exec(request.headers.get("Authorization") ?? "")?.[1];
			if (bearer) tokens.add(bearer);
			return inner(request);
		},
	};
}

beforeEach(async () => {
	await freshSandbox();
});

describe("Hostaway tokens", () => {
	it("mints exactly one token for 100 concurrent calls on a cold account, and never uses it too early", async () => {
		await coldStart(DEMO);
		const clients = Array.from({ length: 100 }, () => clientFor(DEMO, ROOMY));
		const pages = await Promise.all(clients.map((client) => client.listListings({ limit: 1 })));

		expect(pages.every((page) => page.items.length === 1)).toBe(true);
		const log = await sandboxLog();
		expect(countCalls(log, "POST", "/accessTokens")).toBe(1);
		expect(countCalls(log, "GET", "/listings", 200)).toBe(100);
		// Not one call was refused for using the token within its first second.
		expect(countCalls(log, "GET", "/listings", 403)).toBe(0);
		expect(clients.reduce((sum, client) => sum + client.metrics.tokenMints, 0)).toBe(1);
	});

	it("keeps the token in KV encrypted: the stored value does not contain it, and only the key opens it", async () => {
		const capture = tokenCapturingFetch();
		await clientFor(DEMO, { ...ROOMY, fetch: capture.fetch }).listListings({ limit: 1 });
		const [token] = [...capture.tokens];
		expect(token).toBeDefined();

		const raw = await env.CACHE.get(tokenKey(DEMO.accountId));
		expect(raw).not.toBeNull();
		expect(raw).not.toContain(token as string);
		for (const part of (token as string).split(".")) expect(raw).not.toContain(part);
		expect(raw).not.toContain(DEMO.apiKey);

		const stored = JSON.parse(raw as string) as SealedToken;
		const sealer = new Sealer(sandboxConfig.encryptionKey?.bytes as Uint8Array);
		expect(await sealer.open(stored.sealed, tokenKey(DEMO.accountId))).toBe(token);
		// Bound to its tenant: under another tenant's key it does not open.
		expect(await sealer.open(stored.sealed, tokenKey(OTHER.accountId))).toBeUndefined();
	});

	it("reuses the stored token in a later request instead of minting again", async () => {
		await clientFor(DEMO, ROOMY).listListings({ limit: 1 });
		await clearSandboxLog();
		const later = clientFor(DEMO, ROOMY);
		await later.listListings({ limit: 1 });
		expect(later.metrics.tokenMints).toBe(0);
		expect(countCalls(await sandboxLog(), "POST", "/accessTokens")).toBe(0);
	});

	// With the response cache in front, a miss takes its first token and slot before asking the
	// gate (readThrough): the repeat must still use the new token, not the refused one again.
	it.each([
		["without", false],
		["with", true],
	])(
		"answers a refused (revoked) token with exactly one new token and one repeat of the call (%s the response cache)",
		async (_with, cache) => {
			const warm = clientFor(DEMO, ROOMY);
			await warm.listListings({ limit: 1 });
			await control("POST", "/revoke-tokens", { accountId: DEMO.accountId });
			await clearSandboxLog();

			const client = clientFor(DEMO, { ...ROOMY, cache });
			// Not read before under this key: a cache miss when the cache is on.
			const page = await client.listListings({ limit: 1, offset: cache ? 1 : 0 });
			expect(page.items).toHaveLength(1);

			const log = await sandboxLog();
			expect(countCalls(log, "GET", "/listings", 403)).toBe(1);
			expect(countCalls(log, "POST", "/accessTokens")).toBe(1);
			expect(countCalls(log, "GET", "/listings", 200)).toBe(1);
			expect(client.metrics).toMatchObject({ tokenRejections: 1, tokenMints: 1 });
		},
	);

	it("turns a second refusal into an authentication error instead of a loop", async () => {
		await coldStart(DEMO);
		await clearSandboxLog();
		// Using each new token at once, inside its first second, makes the sandbox refuse it every time.
		const client = clientFor(DEMO, { ...ROOMY, tokenPolicy: { notBeforeDelayMs: 0 } });

		const error = await client.listListings({ limit: 1 }).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(HostawayAuthenticationError);
		const log = await sandboxLog();
		expect(countCalls(log, "POST", "/accessTokens")).toBe(2);
		expect(countCalls(log, "GET", "/listings")).toBe(2);
		expect(toOperationError(error)).toMatchObject({ code: "authentication_failed" });
	});

	it("reports a write refused again after a fresh token as refused, with Hostaway's reason", async () => {
		const reservationId = (await clientFor(DEMO, ROOMY).listReservations({ limit: 1 })).items[0]?.id as number;
		// An old token that Hostaway refuses (a 403 with a token minted minutes ago would be reported
		// at once, test/hostaway/refused-writes.test.ts): replaced once, and the repeat refused again.
		await ageStoredToken(DEMO);
		await control("POST", "/revoke-tokens", { accountId: DEMO.accountId });
		await clearSandboxLog();
		const client = clientFor(DEMO, { ...ROOMY, tokenPolicy: { notBeforeDelayMs: 0 } });

		const error = await client.updateReservation(reservationId, { hostNote: "late check-in" }).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(HostawayRefusedError);
		expect((error as HostawayRefusedError).detail).toMatch(/Unauthorized/);
		expect(countCalls(await sandboxLog(), "PUT", `/reservations/${reservationId}`)).toBe(2);
		expect(toOperationError(error)).toMatchObject({ code: "forbidden" });
	});

	it("refuses a wrong API key once for all waiting callers, without revealing the key", async () => {
		await coldStart(OTHER);
		await clearSandboxLog();
		const wrong = { accountId: OTHER.accountId, apiKey: "not-the-right-key-123" };
		const errors = await Promise.all(
			Array.from({ length: 10 }, () =>
				clientFor(wrong, ROOMY)
					.listListings()
					.catch((caught: unknown) => caught),
			),
		);
		for (const error of errors) {
			expect(error).toBeInstanceOf(HostawayAuthenticationError);
			expect(String((error as Error).message)).not.toContain(wrong.apiKey);
		}
		expect(countCalls(await sandboxLog(), "POST", "/accessTokens", 401)).toBe(1);
		const mapped = toOperationError(errors[0]) as Error;
		expect(mapped.message).toMatch(/API key/);
		expect(mapped.message).not.toContain(wrong.apiKey);
	});
});
