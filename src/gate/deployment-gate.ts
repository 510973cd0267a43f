/**
 * DeploymentGate: one Durable Object for the whole deployment, for the one Hostaway limit that
 * is not per account: the per-IP counter (hostaway-api.md §3). When a 429 says
 * `X-RateLimit-Applied: ip`, every tenant of the deployment backs off until the time given, not
 * just the account that met it.
 *
 * The trade-off: a tenant's requests never consult this object. Each TenantGate registers here
 * when it starts (and every few minutes while in use), learning any hold-off in force, and this
 * object pushes a new hold-off to every registered gate. The normal path therefore costs no
 * round trip; a gate starting costs one; an IP hold-off costs one call per active account. A
 * gate that starts while a push is under way learns the hold-off from its registration, and a
 * gate that cannot reach this object goes on with its own budgets (its next 429 holds it off).
 * Cloudflare may send from more than one address, so this errs on the side of backing off.
 *
 * It also divides the address's budget among the accounts sending at the same time
 * (address-ledger.ts): an account sending alone holds a lease and does not ask again for a
 * minute; while several are sending, each asks for credits a batch at a time. A 429 on the
 * address that reports a lower limit lowers the address's budget for a day, as a TenantGate
 * does for an account's (adopted-limits.ts).
 */
import { DurableObject } from "cloudflare:workers";
import { AdoptedLimits } from "./adopted-limits";
import { type AddressBudget, AddressLedger, type Allotment, type AloneLease } from "./address-ledger";

/** The name of the deployment's single instance. */
export const DEPLOYMENT_GATE_NAME = "deployment";

/** A TenantGate in use registers again this often… */
export const REGISTRATION_INTERVAL_MS = 10 * 60 * 1000;
/** …and is forgotten when it has not for this long (it was evicted or went idle). */
const REGISTRATION_EXPIRES_MS = 3 * REGISTRATION_INTERVAL_MS;

const GATE_PREFIX = "gate:";
const HOLD_KEY = "ipHoldUntil";
/** The alone lease in force, kept so that a restarted object still knows whom to revoke. */
const ALONE_KEY = "ipAlone";

export function deploymentGate(env: Pick<Env, "DEPLOYMENT_GATE">) {
	return env.DEPLOYMENT_GATE.get(env.DEPLOYMENT_GATE.idFromName(DEPLOYMENT_GATE_NAME));
}

export class DeploymentGate extends DurableObject<Env> {
	private ledger?: AddressLedger;
	/** Whether storage holds an alone lease (so a shared answer need not delete one that is not there). */
	private aloneStored = false;
	/** A lower limit a 429 reported for the address, kept as a TenantGate keeps an account's (on the general counter). */
	private readonly adopted = new AdoptedLimits(this.ctx.storage);

	/**
	 * A TenantGate asks for `wanted` places at the address for its general counter, having sent
	 * `sent` requests in the last window; `budget` is the address's as configured.
	 */
	async allot(gateId: string, wanted: number, sent: number, budget: AddressBudget): Promise<Allotment> {
		const ledger = await this.loadLedger();
		const inForce = await this.budgetInForce(budget);
		for (;;) {
			const answer = ledger.ask(gateId, wanted, sent, inForce, Date.now());
			if (!("revoke" in answer)) {
				if (answer.mode === "alone") {
					await this.ctx.storage.put(ALONE_KEY, ledger.alone);
					this.aloneStored = true;
				} else if (this.aloneStored) {
					await this.ctx.storage.delete(ALONE_KEY);
					this.aloneStored = false;
				}
				return answer;
			}
			await this.revoke(ledger, answer.revoke, inForce);
		}
	}

	/** Ends an alone lease: the holder's requests of the last window count from now on. */
	private async revoke(ledger: AddressLedger, lease: AloneLease, budget: AddressBudget): Promise<void> {
		let sent: number;
		try {
			sent = await this.env.TENANT_GATE.get(this.env.TENANT_GATE.idFromString(lease.gateId)).shareAddress(lease.until);
		} catch (error) {
			// Unreachable holder: assume it used the whole budget (it will ask when it can).
			console.warn("alone lease not revoked", error instanceof Error ? error.name : "unknown error");
			sent = budget.limit;
		}
		ledger.endAlone(lease.gateId);
		ledger.noteSent(lease.gateId, sent, budget, Date.now());
	}

	private async loadLedger(): Promise<AddressLedger> {
		if (!this.ledger) {
			const alone = await this.ctx.storage.get<AloneLease>(ALONE_KEY);
			this.aloneStored = alone !== undefined;
			this.ledger ??= new AddressLedger(alone);
		}
		return this.ledger;
	}

	private async budgetInForce(budget: AddressBudget): Promise<AddressBudget> {
		await this.adopted.load();
		return this.adopted.budgetFor("general", budget, Date.now());
	}

	/**
	 * A TenantGate (by its Durable Object id) says it is in use; the answer is until when the
	 * deployment is held off (ms since the epoch; in the past when it is not).
	 */
	async register(gateId: string): Promise<number> {
		await this.ctx.storage.put(`${GATE_PREFIX}${gateId}`, Date.now());
		return (await this.ctx.storage.get<number>(HOLD_KEY)) ?? 0;
	}

	/**
	 * Hostaway refused a request for the deployment's IP: every registered gate holds off until
	 * `until`. A `limit` it reported is adopted (with slack) for a day when lower than the budget.
	 */
	async holdOffIp(until: number, fromGateId: string, limit?: number): Promise<void> {
		const now = Date.now();
		if (limit !== undefined) await this.adopted.adopt({ limit, applied: "ip", counter: "general" }, now);
		const current = (await this.ctx.storage.get<number>(HOLD_KEY)) ?? 0;
		if (until <= current) return;
		await this.ctx.storage.put(HOLD_KEY, until);
		const registered = await this.ctx.storage.list<number>({ prefix: GATE_PREFIX });
		const stale: string[] = [];
		const pushes: Array<Promise<void>> = [];
		for (const [key, seenAt] of registered) {
			if (now - seenAt > REGISTRATION_EXPIRES_MS) {
				stale.push(key);
				continue;
			}
			const gateId = key.slice(GATE_PREFIX.length);
			if (gateId === fromGateId) continue;
			pushes.push(this.env.TENANT_GATE.get(this.env.TENANT_GATE.idFromString(gateId)).holdOffForDeployment(until));
		}
		// The storage deletes at most 128 keys at a time.
		for (let start = 0; start < stale.length; start += 128) await this.ctx.storage.delete(stale.slice(start, start + 128));
		// One unreachable gate must not keep the others from hearing it.
		await Promise.allSettled(pushes);
	}
}
