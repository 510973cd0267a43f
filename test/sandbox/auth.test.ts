/**
 * Tokens: issued from form-encoded client credentials as a flat OAuth object; JWT-shaped with
 * nbf = iat; unusable in their first second; 403 when missing, unknown, revoked; revocable by
 * DELETE /accessTokens and by the control API; a reset lifts revocations.
 */
import { beforeEach, describe, expect, it } from "vitest";
import {
	DEMO,
	OTHER,
	api,
	control,
	freshSandbox,
	issueToken,
	tokenForm,
	usableToken,
	viaFetch,
	waitPastNotBefore,
} from "../helpers/sandbox";

function claimsOf(token: string): Record<string, unknown> {
	const payload = token.split(".")[1] ?? "";
	return JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
}

beforeEach(async () => {
	await freshSandbox();
});

describe("access tokens", () => {
	it("issues a flat Bearer token for form-encoded client credentials, with Hostaway's claims", async () => {
		const response = await viaFetch("/v1/accessTokens", {
			method: "POST",
			headers: { "Content-Type": "application/x-www-form-urlencoded" },
			body: tokenForm(DEMO),
		});
		expect(response.status).toBe(200);
		const body = (await response.json()) as Record<string, unknown>;
		expect(Object.keys(body).sort()).toEqual(["access_token", "expires_in", "token_type"]);
		expect(body).toMatchObject({ token_type: "Bearer", expires_in: 63072000 });
		const token = body.access_token as string;
		expect(token.split(".")).toHaveLength(3);
		const claims = claimsOf(token);
		expect(claims).toMatchObject({ aud: "100001", sub: "", scopes: ["general"] });
		expect(claims.nbf).toBe(claims.iat);
		expect(claims.exp).toBe((claims.iat as number) + 63072000);
	});

	it("refuses a wrong client secret with 401 and a JSON body with credentials with 400", async () => {
		const wrong = await viaFetch("/v1/accessTokens", {
			method: "POST",
			headers: { "Content-Type": "application/x-www-form-urlencoded" },
			body: tokenForm({ accountId: DEMO.accountId, apiKey: "not-the-key" }),
		});
		expect(wrong.status).toBe(401);
		expect(await wrong.json()).toEqual({ status: "fail", result: "Client authentication failed" });

		const unknownAccount = await viaFetch("/v1/accessTokens", {
			method: "POST",
			headers: { "Content-Type": "application/x-www-form-urlencoded" },
			body: tokenForm({ accountId: "999999", apiKey: "whatever-key" }),
		});
		expect(unknownAccount.status).toBe(401);

		const asJson = await viaFetch("/v1/accessTokens", {
			method: "POST",
			headers: { "Content-Type": "application/json" },
			body: JSON.stringify({ grant_type: "client_credentials", client_id: DEMO.accountId, client_secret: DEMO.apiKey, scope: "general" }),
		});
		expect(asJson.status).toBe(400);
		expect(((await asJson.json()) as { result: string }).result).toMatch(/form-encoded/);
	});

	it("refuses a token in its first second (nbf) with 403, and accepts it after", async () => {
		const token = await issueToken(viaFetch, DEMO);
		const early = await api(viaFetch, token, "GET", "/listings?limit=1");
		expect(early.status).toBe(403);
		expect(early.body.status).toBe("fail");
		expect(early.body.result).toMatch(/not valid yet/);
		await waitPastNotBefore();
		expect((await api(viaFetch, token, "GET", "/listings?limit=1")).status).toBe(200);
	});

	it("answers 403 for a missing, malformed or unknown token", async () => {
		const missing = await viaFetch("/v1/listings");
		expect(missing.status).toBe(403);
		expect(((await missing.json()) as { status: string }).status).toBe("fail");
		expect((await api(viaFetch, "not-a-token", "GET", "/listings")).status).toBe(403);
		const real = await issueToken(viaFetch, DEMO);
		const [header, payload] = real.split(".");
		expect((await api(viaFetch, `${header}.${payload}.forgedsignature`, "GET", "/listings")).status).toBe(403);
	});

	it("revokes a token with DELETE /accessTokens?token=, after which it gets 403", async () => {
		const token = await usableToken(viaFetch, DEMO);
		expect((await api(viaFetch, token, "GET", "/listings?limit=1")).status).toBe(200);
		const revoke = await viaFetch(`/v1/accessTokens?token=${encodeURIComponent(token)}`, { method: "DELETE" });
		expect(revoke.status).toBe(200);
		expect(await revoke.json()).toEqual({ status: "success", result: [] });
		const after = await api(viaFetch, token, "GET", "/listings?limit=1");
		expect(after.status).toBe(403);
		expect(after.body.result).toMatch(/revoked/);
	});
});

describe("revocation through the control API", () => {
	it("makes every token of one account fail with 403, leaves the other account alone, and reset lifts it", async () => {
		const [first, second, other] = await Promise.all([issueToken(viaFetch, DEMO), issueToken(viaFetch, DEMO), issueToken(viaFetch, OTHER)]);
		const revoked = await control("POST", "/revoke-tokens", { accountId: DEMO.accountId });
		expect(revoked.body).toMatchObject({ accountId: DEMO.accountId });
		expect(revoked.body.revoked).toBeGreaterThanOrEqual(2);
		const fresh = await issueToken(viaFetch, DEMO);
		// One wait for every token's first second: a revoked token is refused as revoked, an unrevoked one accepted.
		await waitPastNotBefore();

		for (const [token, path] of [
			[first, "/listings?limit=1"],
			[second, "/reservations?limit=1"],
		] as const) {
			const refused = await api(viaFetch, token, "GET", path);
			expect(refused.status).toBe(403);
			expect(refused.body.result).toMatch(/revoked/);
		}
		expect((await api(viaFetch, other, "GET", "/listings?limit=1")).status).toBe(200);
		// A token issued after the revocation works.
		expect((await api(viaFetch, fresh, "GET", "/listings?limit=1")).status).toBe(200);

		await control("POST", "/reset", { accountId: DEMO.accountId });
		expect((await api(viaFetch, first, "GET", "/listings?limit=1")).status).toBe(200);
	});

	it("refuses an unknown account with 400 naming the field", async () => {
		const result = await control("POST", "/revoke-tokens", { accountId: "42" }, { allowErrors: true });
		expect(result.status).toBe(400);
		expect(JSON.stringify(result.body)).toContain("accountId");
	});
});
