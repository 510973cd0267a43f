/**
 * A confirmed write against the sandbox's faults, through the MCP client: the write request
 * fails in one of the ways that leave its outcome unknown, then the same confirmation is sent
 * again. Whatever happened, the sandbox's own log must show one write request, and its data
 * must show the change at most once.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { getConfig } from "../../src/config";
import { clearSandboxLog, control, countCalls, sandboxLog } from "./sandbox";
import { callPatiently, callWithBudget } from "./tools";

export interface WriteCase {
	tool: string;
	args: Record<string, unknown>;
	/** The one request that changes data, as Hostaway's API names it (path below /v1). */
	write: { method: "POST" | "PUT"; path: string };
	/** Whether the sandbox's data shows the change. */
	applied(): Promise<boolean>;
}

export interface WriteFault {
	name: string;
	/** The control API's fault settings for exactly the next write request. */
	settings(write: WriteCase["write"]): Record<string, unknown>;
	/** Whether the sandbox processed the write before the failure. */
	processed: boolean;
}

const timeoutMs = () => getConfig(env).hostawayTimeoutMs;

export const WRITE_FAULTS: readonly WriteFault[] = [
	{
		name: "502 before processing",
		settings: ({ method, path }) => ({ serverErrorRate: 1, serverErrorStatus: 502, method, pathPrefix: path, count: 1 }),
		processed: false,
	},
	{
		name: "malformed JSON after processing",
		settings: ({ method, path }) => ({ malformedJsonRate: 1, method, pathPrefix: path, count: 1 }),
		processed: true,
	},
	{
		name: "a hang past the timeout",
		settings: ({ method, path }) => ({ hangRate: 1, hangMs: timeoutMs() + 5_000, method, pathPrefix: path, count: 1 }),
		processed: true,
	},
];

/** Preview, confirm into the fault, confirm again with the same token; then the log and the data. */
export async function expectWrittenAtMostOnce(client: Client, writeCase: WriteCase, fault: WriteFault): Promise<void> {
	const { tool, args, write } = writeCase;
	expect(await writeCase.applied(), "the change must not exist before the test makes it").toBe(false);
	const preview = await callPatiently<{ confirmationToken: string }>(client, tool, args);
	const confirm = { ...args, confirmationToken: preview.data.confirmationToken };

	await clearSandboxLog();
	await control("PUT", "/faults", fault.settings(write));
	const first = await callWithBudget(client, tool, confirm);
	expect(first.isError, first.text).toBe(true);
	expect(first.text).toMatch(/may or may not have been applied|probably been applied/);
	expect(first.text).not.toMatch(/try again/i);

	const again = await callWithBudget(client, tool, confirm);
	expect(again.isError, again.text).toBe(true);
	expect(again.text).toMatch(/outcome is unknown, so it will not be sent again/);

	const log = await sandboxLog();
	expect(countCalls(log, write.method, write.path), "write requests for this confirmation").toBe(1);
	expect(await writeCase.applied(), "the change exists exactly when the sandbox processed it").toBe(fault.processed);
}
