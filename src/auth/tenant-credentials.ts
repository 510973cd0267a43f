/**
 * Each tenant's Hostaway credentials (account id and API key), stored once at sign-in and read
 * when a session of that tenant needs Hostaway.
 *
 * Stored in the TENANTS KV namespace under `tenant:<id>:credentials`, sealed with AES-256-GCM
 * (src/crypto/sealer.ts, bound to the key name) in a record that names its encryption key by a
 * fingerprint, so ENCRYPTION_KEY can rotate: a record sealed with a key listed in
 * ENCRYPTION_KEY_PREVIOUS is still read and sealed again with the current key on that read.
 * Nothing else in the product holds an API key: sessions, grants and logs carry the tenant id.
 *
 * Which credentials a tenant uses, in order: the operator's account from configuration
 * (HOSTAWAY_ACCOUNT_ID/HOSTAWAY_API_KEY), in sandbox mode the sandbox's demo accounts, then
 * the stored record.
 */
import { z } from "zod";
import { type Config, requireEncryptionKey, SANDBOX_DEMO_ACCOUNTS } from "../config";
import { Sealer } from "../crypto/sealer";
import { sha256Hex } from "../crypto/sha256";
import type { HostawayCredentials } from "../hostaway";

const StoredCredentialsSchema = z.object({
	format: z.literal(1),
	/** Fingerprint of the key that sealed `sealed` (keyFingerprint). */
	keyId: z.string(),
	sealed: z.string(),
	updatedAt: z.string(),
});
type StoredCredentials = z.output<typeof StoredCredentialsSchema>;

function credentialsKey(tenantId: string): string {
	return `tenant:${tenantId}:credentials`;
}

function sealContext(tenantId: string): string {
	return `tenant-credentials:${tenantId}`;
}

/** Names a key without revealing it: the first 16 hex digits of the SHA-256 of its bytes. */
async function keyFingerprint(key: Uint8Array): Promise<string> {
	let binary = "";
	for (const byte of key) binary += String.fromCharCode(byte);
	return (await sha256Hex(`hostaway-mcp key fingerprint:${btoa(binary)}`)).slice(0, 16);
}

/** Seals and stores a tenant's credentials (after they were proven by minting a Hostaway token). */
export async function storeTenantCredentials(env: Pick<Env, "TENANTS">, config: Config, credentials: HostawayCredentials): Promise<void> {
	const key = requireEncryptionKey(config);
	const record: StoredCredentials = {
		format: 1,
		keyId: await keyFingerprint(key),
		sealed: await new Sealer(key).seal(credentials.apiKey, sealContext(credentials.accountId)),
		updatedAt: new Date().toISOString(),
	};
	await env.TENANTS.put(credentialsKey(credentials.accountId), JSON.stringify(record));
}

/** The API key stored for a tenant; undefined when none is stored or no configured key opens it. */
async function storedApiKey(env: Pick<Env, "TENANTS">, config: Config, tenantId: string): Promise<string | undefined> {
	const parsed = StoredCredentialsSchema.safeParse(await env.TENANTS.get(credentialsKey(tenantId), "json"));
	if (!parsed.success) return undefined;
	const current = requireEncryptionKey(config);
	for (const key of [current, ...config.previousEncryptionKeys]) {
		if ((await keyFingerprint(key)) !== parsed.data.keyId) continue;
		const apiKey = await new Sealer(key).open(parsed.data.sealed, sealContext(tenantId));
		if (apiKey === undefined) return undefined;
		if (key !== current) await storeTenantCredentials(env, config, { accountId: tenantId, apiKey });
		return apiKey;
	}
	console.warn(`stored credentials of tenant ${tenantId} are sealed with a key that is no longer configured`);
	return undefined;
}

/** The credentials a tenant's Hostaway client uses; undefined when the tenant is not connected. */
export async function credentialsForTenant(
	env: Pick<Env, "TENANTS">,
	config: Config,
	tenantId: string | undefined,
): Promise<HostawayCredentials | undefined> {
	if (!tenantId) return undefined;
	const operator = config.operatorAccount;
	if (operator?.accountId === tenantId) return { accountId: operator.accountId, apiKey: operator.apiKey };
	if (config.hostawayMode === "sandbox") {
		const demo = SANDBOX_DEMO_ACCOUNTS.find((account) => account.accountId === tenantId);
		if (demo) return { accountId: demo.accountId, apiKey: demo.apiKey };
	}
	const apiKey = await storedApiKey(env, config, tenantId);
	return apiKey === undefined ? undefined : { accountId: tenantId, apiKey };
}
