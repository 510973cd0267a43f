/** The TenantGate of one Hostaway account. */
import { gateName } from "./keys";

export function tenantGate(env: Pick<Env, "TENANT_GATE">, tenantId: string) {
	return env.TENANT_GATE.get(env.TENANT_GATE.idFromName(gateName(tenantId)));
}

/** Makes every cached response of the tenant unreachable (after a write elsewhere, e.g. a webhook). */
export async function invalidateTenantCache(env: Pick<Env, "TENANT_GATE">, tenantId: string): Promise<number> {
	return tenantGate(env, tenantId).bumpCacheGeneration();
}
