/** An account's side of the address's budget: leases, credits, and a revocation that overtakes its lease. */
import { describe, expect, it } from "vitest";
import { AddressAllowance, type AddressAllotter } from "../../src/gate/address-allowance";
import type { Allotment } from "../../src/gate/address-ledger";

const BUDGET = { limit: 190, windowMs: 10_000 };

/** A DeploymentGate stand-in whose answers the test gives, one question at a time. */
function answering(): AddressAllotter & { answer(allotment: Allotment): Promise<void>; asked: number } {
	let pending: ((allotment: Allotment) => void) | undefined;
	const allotter = {
		asked: 0,
		allot() {
			allotter.asked++;
			return new Promise<Allotment>((resolve) => (pending = resolve));
		},
		async answer(allotment: Allotment) {
			pending?.(allotment);
			// Let the allowance's continuation run.
			await new Promise((resolve) => setTimeout(resolve, 0));
		},
	};
	return allotter;
}

describe("AddressAllowance", () => {
	it("sends alone while its lease lasts, and counts credits down when shared", async () => {
		const allotter = answering();
		const allowance = new AddressAllowance(() => allotter, "gate-a");
		expect(allowance.take(Date.now())).toBe(false);
		allowance.request(5, 0, BUDGET, () => undefined);
		await allotter.answer({ mode: "alone", until: Date.now() + 60_000 });
		expect([allowance.take(Date.now()), allowance.take(Date.now())]).toEqual([true, true]);

		allowance.revoke(Date.now() + 60_000);
		expect(allowance.take(Date.now())).toBe(false);
		allowance.request(2, 2, BUDGET, () => undefined);
		await allotter.answer({ mode: "shared", credits: 2, validUntil: Date.now() + 250, askAgainAt: Date.now() + 1_000 });
		expect([allowance.take(Date.now()), allowance.take(Date.now()), allowance.take(Date.now())]).toEqual([true, true, false]);
	});

	it("does not adopt a lease that was revoked before its grant arrived", async () => {
		const allotter = answering();
		const allowance = new AddressAllowance(() => allotter, "gate-a");
		let told = 0;
		allowance.request(5, 0, BUDGET, () => told++);
		const lease = Date.now() + 60_000;
		// Another account asked meanwhile: the DeploymentGate revokes the lease it just granted,
		// and the revocation reaches this account before the answer that carried the grant.
		allowance.revoke(lease);
		await allotter.answer({ mode: "alone", until: lease });
		expect(told).toBe(1);
		expect(allowance.take(Date.now())).toBe(false);
		// It asks again, for credits this time.
		allowance.request(5, 0, BUDGET, () => told++);
		expect(allotter.asked).toBe(2);
	});
});
