/**
 * Every KV key and Durable Object name this layer uses starts with the tenant id
 * (ARCHITECTURE.md invariant 4). The tenant id is the Hostaway account id for now.
 */

const TENANT_ID = /^\d{1,12}$/;

export function checkTenantId(tenantId: string): string {
	if (!TENANT_ID.test(tenantId)) throw new Error("A tenant id is a Hostaway account id (digits only)");
	return tenantId;
}

export function tenantPrefix(tenantId: string): string {
	return `tenant:${checkTenantId(tenantId)}:`;
}

/** The account's Hostaway token (encrypted). */
export function tokenKey(tenantId: string): string {
	return `${tenantPrefix(tenantId)}token`;
}

/** One cached response (the cache generation it was stored under is kept with it, not in the key). */
export function responseCacheKey(tenantId: string, kind: string, hash: string): string {
	return `${tenantPrefix(tenantId)}cache:${kind}:${hash}`;
}

/** The name of the account's TenantGate Durable Object. */
export function gateName(tenantId: string): string {
	return `tenant:${checkTenantId(tenantId)}`;
}
