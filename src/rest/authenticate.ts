/**
 * Who a REST request comes from: an API key (MCP_API_KEYS, src/auth/api-keys.ts) presented as
 * `Authorization: Bearer <key>` or `X-API-Key: <key>`, with the access level and tenant the key
 * was configured with (capped by HOSTAWAY_READ_ONLY on the operator's account, as for MCP).
 * OAuth tokens are for MCP clients and are not accepted here.
 */
import { API_KEY_HEADER, apiKeyProps, findApiKey } from "../auth/api-keys";
import { withOperatorCap } from "../auth/operator-cap";
import type { SessionProps } from "../auth/session-props";
import type { Config } from "../config";

/** The caller's props, or undefined when the request carries no configured API key. */
export async function apiKeyCaller(request: Request, config: Config): Promise<SessionProps | undefined> {
	const presented = presentedKey(request);
	if (!presented) return undefined;
	const entry = await findApiKey(config, presented);
	return entry ? withOperatorCap(apiKeyProps(entry), config) : undefined;
}

function presentedKey(request: Request): string | undefined {
	const authorization = request.headers.get("Authorization");
	if (authorization !== null) return /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
	return request.headers.get(API_KEY_HEADER)?.trim() || undefined;
}
