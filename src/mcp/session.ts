/**
 * What an MCP session is bound to. The HTTP layer computes it per request (today from the
 * operator's configuration; later from the OAuth grant) and hands it to the session's
 * Durable Object as props. Props carry identifiers only, never credentials.
 */
import type { Config } from "../config";
import type { SessionIdentity } from "../operations/operation";

export type SessionProps = {
	accountId?: string;
	access: "read" | "write";
};

/** The operator's own account, as configured: the binding used until sign-in exists. */
export function operatorSessionProps(config: Config): SessionProps {
	return {
		accountId: config.operatorAccount?.accountId,
		access: config.readOnly ? "read" : "write",
	};
}

/** A session with missing or unreadable props gets the least privilege. */
export function sessionIdentity(props: Partial<SessionProps> | undefined): SessionIdentity {
	return {
		accountId: typeof props?.accountId === "string" ? props.accountId : undefined,
		access: props?.access === "write" ? "write" : "read",
	};
}
