/**
 * HOSTAWAY_READ_ONLY caps every caller on the operator's own account at read access, whatever
 * its grant or key says: MCP sessions (src/http/mcp-route.ts) and REST calls (src/rest) alike.
 */
import type { Config } from "../config";
import type { SessionProps } from "./session-props";

export function withOperatorCap(props: SessionProps, config: Config): SessionProps {
	if (!config.readOnly || props.tenantId !== config.operatorAccount?.accountId) return props;
	return { ...props, access: "read" };
}
