/**
 * Sign-in's proof of a tenant's credentials: a fresh Hostaway token minted with them (the
 * sandbox's in sandbox mode), through the tenant's TenantGate like every Hostaway request.
 */
import type { Config } from "../config";
import { createTenantHostawayClient } from "../gate/tenant-client";
import { HostawayAuthenticationError, type HostawayCredentials, HostawayRateLimitedError } from "../hostaway";
import { hostawayFetch } from "./hostaway-upstream";

export type CredentialCheck = "accepted" | "refused" | "busy" | "unavailable";

export async function checkHostawayCredentials(env: Env, config: Config, credentials: HostawayCredentials): Promise<CredentialCheck> {
	const client = createTenantHostawayClient(env, config, credentials, { fetch: hostawayFetch(env, config), cache: false });
	try {
		await client.proveCredentials();
		return "accepted";
	} catch (error) {
		if (error instanceof HostawayAuthenticationError) return "refused";
		if (error instanceof HostawayRateLimitedError) return "busy";
		console.warn("checking Hostaway credentials failed", error instanceof Error ? error.name : "unknown error");
		return "unavailable";
	}
}
