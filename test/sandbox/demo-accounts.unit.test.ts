/**
 * The product's list of the sandbox's demo accounts (src/config.ts, shown on the consent page and
 * always connected in sandbox mode) names the sandbox's accounts as the sandbox defines them. The two
 * share no code, so this test keeps them in step.
 */
import { describe, expect, it } from "vitest";
import { SANDBOX_DEMO_ACCOUNTS } from "../../src/config";
import { SANDBOX_ACCOUNTS } from "../../src/sandbox/accounts";

describe("the sandbox's demo accounts", () => {
	it("are listed for the product with the sandbox's ids, keys and company names, in the same order", () => {
		expect(SANDBOX_DEMO_ACCOUNTS.map(({ accountId, apiKey, label }) => ({ accountId, apiKey, label }))).toEqual(
			SANDBOX_ACCOUNTS.map(({ accountId, apiKey, companyName }) => ({ accountId, apiKey, label: companyName })),
		);
	});

	it("include one large portfolio, its property plans generated (on first use) rather than written by hand", () => {
		expect(SANDBOX_ACCOUNTS.map((account) => account.properties.length)).toEqual([16, 12, 520, 12, 12]);
		const large = SANDBOX_ACCOUNTS[2]?.properties ?? [];
		expect(new Set(large.map((plan) => plan.name)).size).toBe(large.length);
		expect(large.every((plan) => plan.price > 0 && plan.cleaningFee > 0 && plan.capacity >= plan.bedrooms)).toBe(true);
		// Generated once, then shared by every use.
		expect(SANDBOX_ACCOUNTS[2]?.properties).toBe(large);
	});

	it("include two small generated portfolios of their own, so five tenants can be driven at once", () => {
		const [fourth, fifth] = SANDBOX_ACCOUNTS.slice(3).map((account) => account.properties);
		expect(fourth).not.toEqual(fifth);
		expect(SANDBOX_ACCOUNTS.slice(3).map((account) => account.properties)).toEqual([fourth, fifth]);
		// Every account's id ranges start apart, each kind above the previous account's.
		for (const kind of ["listing", "reservation", "conversation", "message", "misc"] as const) {
			const bases = SANDBOX_ACCOUNTS.map((account) => account.idBase[kind]);
			expect(new Set(bases).size).toBe(bases.length);
		}
	});
});
