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
 */
import { DurableObject } from "cloudflare:workers";

/** The name of the deployment's single instance. */
export const DEPLOYMENT_GATE_NAME = "deployment";

/** A TenantGate in use registers again this often… */
export const REGISTRATION_INTERVAL_MS = 10 * 60 * 1000;
/** …and is forgotten when it has not for this long (it was evicted or went idle). */
const REGISTRATION_EXPIRES_MS = 3 * REGISTRATION_INTERVAL_MS;

const GATE_PREFIX = "gate:";
const HOLD_KEY = "ipHoldUntil";

export function deploymentGate(env: Pick<Env, "DEPLOYMENT_GATE">) {
	return env.DEPLOYMENT_GATE.get(env.DEPLOYMENT_GATE.idFromName(DEPLOYMENT_GATE_NAME));
}

export class DeploymentGate extends DurableObject<Env> {
	/**
	 * A TenantGate (by its Durable Object id) says it is in use; the answer is until when the
	 * deployment is held off (ms since the epoch; in the past when it is not).
	 */
	async register(gateId: string): Promise<number> {
		await this.ctx.storage.put(`${GATE_PREFIX}${gateId}`, Date.now());
		return (await this.ctx.storage.get<number>(HOLD_KEY)) ?? 0;
	}

	/** Hostaway refused a request for the deployment's IP: every registered gate holds off until `until`. */
	async holdOffIp(until: number, fromGateId: string): Promise<void> {
		const now = Date.now();
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
