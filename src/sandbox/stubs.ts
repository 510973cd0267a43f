/**
 * Stubs for the sandbox's Durable Object instances. Typed as the class's RPC methods directly:
 * the runtime's generic stub types recurse through JSON values too deeply for the compiler.
 */
import { CONTROL_INSTANCE_NAME, accountInstanceName } from "./accounts";
import type { HostawaySandbox, SandboxEnv } from "./durable-object";

type AccountMethods = "api" | "resetAccount" | "revokeTokens" | "receiveGuestMessage";
type ControlMethods =
	"admit" | "record" | "setLatency" | "setFaults" | "setRateLimits" | "resetControl" | "settings" | "stats" | "log" | "clearLog";

export type AccountStub = Pick<HostawaySandbox, AccountMethods>;
export type ControlStub = Pick<HostawaySandbox, ControlMethods>;

function stub(env: SandboxEnv, name: string): unknown {
	return env.HOSTAWAY_SANDBOX.get(env.HOSTAWAY_SANDBOX.idFromName(name));
}

export function controlStub(env: SandboxEnv): ControlStub {
	return stub(env, CONTROL_INSTANCE_NAME) as ControlStub;
}

export function accountStub(env: SandboxEnv, accountId: string): AccountStub {
	return stub(env, accountInstanceName(accountId)) as AccountStub;
}
