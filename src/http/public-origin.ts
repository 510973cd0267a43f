/**
 * The origin OAuth tokens are bound to (`<origin>/mcp`): PUBLIC_URL when set, otherwise the
 * origin the request arrived on, so `wrangler dev` and a single workers.dev name work unset.
 */
import type { Config } from "../config";

export function publicOrigin(request: Request, config: Config): string {
	return config.publicOrigin ?? new URL(request.url).origin;
}
