/**
 * The tenant credential store: API keys sealed per tenant under a record that names its key, so
 * ENCRYPTION_KEY can rotate through ENCRYPTION_KEY_PREVIOUS without losing a connected account.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { credentialsForTenant, storeTenantCredentials } from "../../src/auth/tenant-credentials";
import { parseConfig } from "../../src/config";

const keyOf = (fill: number) => btoa(String.fromCharCode(...new Array<number>(32).fill(fill)));
const OLD_KEY = keyOf(1);
const NEW_KEY = keyOf(2);
const live = (vars: Record<string, string>) => parseConfig({ HOSTAWAY_BASE_URL: "https://api.hostaway.com/v1", ...vars });

describe("tenant credentials", () => {
	it("are stored sealed: the API key does not appear in the stored record", async () => {
		const tenantId = "555001";
		await storeTenantCredentials(env, live({ ENCRYPTION_KEY: OLD_KEY }), { accountId: tenantId, apiKey: "api-key-555001-secret" });
		const stored = await env.TENANTS.get(`tenant:${tenantId}:credentials`);
		expect(stored).not.toBeNull();
		expect(stored).not.toContain("api-key-555001-secret");
		expect(await credentialsForTenant(env, live({ ENCRYPTION_KEY: OLD_KEY }), tenantId)).toEqual({
			accountId: tenantId,
			apiKey: "api-key-555001-secret",
		});
	});

	it("survive a key rotation through ENCRYPTION_KEY_PREVIOUS, and are sealed again with the new key", async () => {
		const tenantId = "555002";
		await storeTenantCredentials(env, live({ ENCRYPTION_KEY: OLD_KEY }), { accountId: tenantId, apiKey: "api-key-555002-secret" });
		const before = (await env.TENANTS.get<{ keyId: string }>(`tenant:${tenantId}:credentials`, "json"))!.keyId;

		// Without the former key the record cannot be read: the tenant would have to sign in again.
		expect(await credentialsForTenant(env, live({ ENCRYPTION_KEY: NEW_KEY }), tenantId)).toBeUndefined();

		const rotated = live({ ENCRYPTION_KEY: NEW_KEY, ENCRYPTION_KEY_PREVIOUS: OLD_KEY });
		expect(await credentialsForTenant(env, rotated, tenantId)).toEqual({ accountId: tenantId, apiKey: "api-key-555002-secret" });
		const after = (await env.TENANTS.get<{ keyId: string }>(`tenant:${tenantId}:credentials`, "json"))!.keyId;
		expect(after).not.toBe(before);
		// Re-sealed with the new key: the former one is no longer needed.
		expect(await credentialsForTenant(env, live({ ENCRYPTION_KEY: NEW_KEY }), tenantId)).toEqual({
			accountId: tenantId,
			apiKey: "api-key-555002-secret",
		});
	});

	it("are not found for a tenant that never signed in", async () => {
		expect(await credentialsForTenant(env, live({ ENCRYPTION_KEY: NEW_KEY }), "555999")).toBeUndefined();
	});

	it("of the operator's configured account come from configuration", async () => {
		const config = live({ ENCRYPTION_KEY: NEW_KEY, HOSTAWAY_ACCOUNT_ID: "424242", HOSTAWAY_API_KEY: "operator-api-key" });
		expect(await credentialsForTenant(env, config, "424242")).toEqual({ accountId: "424242", apiKey: "operator-api-key" });
	});
});
