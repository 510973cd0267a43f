/**
 * Every sandbox account, the two small generated ones (100004, 100005) included: each takes its
 * own API key, and no listing, reservation or conversation id of one account belongs to another.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_ACCOUNTS } from "../../src/sandbox/accounts";
import { api, freshSandbox, usableTokens, viaFetch } from "../helpers/sandbox";

// The large portfolio is left out: its thousands of reservations are the large-portfolio tests' subject.
const SMALL = SANDBOX_ACCOUNTS.filter((account) => account.accountId !== "100003").map(({ accountId, apiKey }) => ({
	accountId,
	apiKey,
}));

let tokens: string[];

beforeAll(async () => {
	await freshSandbox();
	tokens = await usableTokens(viaFetch, ...SMALL);
});

async function ids(token: string, path: string): Promise<number[]> {
	const answer = await api(viaFetch, token, "GET", path);
	expect(answer.status).toBe(200);
	return (answer.body.result as { id: number }[]).map((record) => record.id);
}

describe("the sandbox's accounts", () => {
	it("each answer with their own portfolio, sharing no listing, reservation or conversation id", async () => {
		expect(SMALL.map((account) => account.accountId)).toEqual(["100001", "100002", "100004", "100005"]);
		for (const path of ["/listings?limit=100", "/reservations?limit=2000", "/conversations?limit=500"]) {
			const perAccount = await Promise.all(tokens.map((token) => ids(token, path)));
			for (const accountIds of perAccount) expect(accountIds.length).toBeGreaterThan(0);
			const all = perAccount.flat();
			expect(new Set(all).size).toBe(all.length);
		}
	});

	it("refuses one account's API key for another account", async () => {
		const response = await viaFetch("/v1/accessTokens", {
			method: "POST",
			headers: { "Content-Type": "application/x-www-form-urlencoded" },
			body: new URLSearchParams({
				grant_type: "client_credentials",
				client_id: "100004",
				client_secret: "sandbox-demo-key-100005",
				scope: "general",
			}).toString(),
		});
		expect(response.status).toBe(401);
	});
});
