/**
 * What an MCP session is bound to: the props the OAuth grant or API key resolves to (or the
 * local-development tenant), handed to the session's Durable Object and compared with the
 * session's owner on every request (src/auth/session-owner.ts). Identifiers only: the
 * tenant's credentials stay in the credential store.
 */
import { z } from "zod";
import type { SessionIdentity } from "../operations/operation";

/** A Hostaway account id as a tenant id: digits without leading zeros, so one account is one tenant. */
export const TenantIdSchema = z.string().regex(/^[1-9]\d{0,11}$/, { error: "must be a Hostaway account id (digits, no leading zero)" });

export const SessionPropsSchema = z.object({
	/** The Hostaway account the caller may work on. */
	tenantId: TenantIdSchema,
	access: z.enum(["read", "write"]),
	/** The person: `<tenant>.<random>` from sign-in, `key:<id>`, or `local-dev`. */
	userId: z.string().min(1),
	/** The OAuth client id, `api-key:<id>`, or `local-dev`. */
	clientId: z.string().min(1),
	clientName: z.string(),
	via: z.enum(["oauth", "api-key", "local-dev"]),
	/**
	 * Which grant or key this is (a random id per OAuth approval, the key's id): a session opened
	 * with one is refused to every other, even of the same person and tenant.
	 */
	credentialRef: z.string().min(1),
});

export type SessionProps = z.output<typeof SessionPropsSchema>;

/** The props' identity for operations. Missing or unreadable props get no tenant and read access. */
export function sessionIdentity(props: unknown): SessionIdentity {
	const parsed = SessionPropsSchema.safeParse(props);
	if (!parsed.success) return { access: "read", userId: "unknown", clientId: "unknown", clientName: "unknown", via: "local-dev" };
	const { tenantId, access, userId, clientId, clientName, via } = parsed.data;
	return { accountId: tenantId, access, userId, clientId, clientName, via };
}

/** Canonical tenant id of an account id as people type it ("012345 " → "12345"); undefined if it is not one. */
export function canonicalTenantId(accountId: string | number): string | undefined {
	const digits = String(accountId).trim();
	if (!/^\d{1,12}$/.test(digits)) return undefined;
	const canonical = digits.replace(/^0+/, "");
	return TenantIdSchema.safeParse(canonical).success ? canonical : undefined;
}
