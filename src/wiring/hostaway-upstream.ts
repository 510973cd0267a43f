/**
 * Where Hostaway calls go: the sandbox's in-process fetch in sandbox mode (no network hop),
 * the Workers global fetch otherwise. This is the one place outside src/http where the
 * product meets the sandbox.
 */
import type { Config } from "../config";
import { createSandboxFetch } from "../sandbox";

export function hostawayFetch(env: Env, config: Config): typeof fetch {
	if (config.hostawayMode === "sandbox") return createSandboxFetch(env);
	// Wrapped: workerd refuses a detached `fetch` called as another object's method.
	return (input, init) => fetch(input, init);
}
