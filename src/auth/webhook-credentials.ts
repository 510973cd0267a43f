/**
 * Each tenant's HTTP Basic credentials for Hostaway's unified webhooks, derived from one
 * server secret (WEBHOOK_SECRET) rather than stored: the Worker recomputes them for the tenant
 * an event names, and `npm run webhook-credentials` (scripts/webhook-credentials.mjs) prints the
 * same values for the operator to enter in Hostaway. Knowing one tenant's password reveals
 * nothing about another's (HMAC-SHA256), and changing WEBHOOK_SECRET changes every password.
 *
 * Plain WebCrypto only, so Node (the script's test) computes exactly what the Worker does.
 * The label below is part of the derivation: change it and every tenant must re-enter its password.
 */
import { TenantIdSchema } from "./session-props";

/** What the HMAC is computed over, before the tenant id; versioned so the scheme can change. */
export const WEBHOOK_PASSWORD_LABEL = "hostaway-mcp webhook v1 ";

const USERNAME_PREFIX = "hostaway-";

/** The username a tenant's webhook sends: it names the tenant, so it is not secret. */
export function webhookUsernameFor(tenantId: string): string {
	return USERNAME_PREFIX + tenantId;
}

/** The tenant a webhook username names ("hostaway-12345" → "12345"), if it is one. */
export function tenantOfWebhookUsername(username: string): string | undefined {
	if (!username.startsWith(USERNAME_PREFIX)) return undefined;
	const tenantId = username.slice(USERNAME_PREFIX.length);
	return TenantIdSchema.safeParse(tenantId).success ? tenantId : undefined;
}

/** `tenantId` must be canonical (src/auth/session-props.ts canonicalTenantId): "012" and "12" are one tenant. */
export async function webhookCredentialsFor(secret: string, tenantId: string): Promise<{ username: string; password: string }> {
	const encoder = new TextEncoder();
	const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
	const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(WEBHOOK_PASSWORD_LABEL + tenantId));
	return { username: webhookUsernameFor(tenantId), password: base64Url(new Uint8Array(mac)) };
}

function base64Url(bytes: Uint8Array): string {
	return btoa(String.fromCharCode(...bytes))
		.replace(/\+/g, "-")
		.replace(/\//g, "_")
		.replace(/=+$/, "");
}
