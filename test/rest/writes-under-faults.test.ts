/**
 * REST writes keep "an unknown outcome is final" for their Idempotency-Key: a message whose send
 * meets a fault that leaves its outcome unknown is answered 502 outcome_unknown, and the same
 * request again replays that answer without sending anything; the sandbox's log shows one send,
 * its data the message at most once. A key left "in progress" by a request that died mid-write
 * turns "outcome unknown" once that request cannot be running any more, and is never sent.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/operations/confirmation";
import { sha256Hex } from "../../src/crypto/sha256";
import { idempotencyRecords } from "../../src/rest/idempotency-records";
import { REST_BASE_PATH } from "../../src/rest/routes";
import { testApiKey } from "../helpers/api-keys";
import { clearSandboxLog, control, countCalls, freshSandbox, sandboxLog, writesIn } from "../helpers/sandbox";
import { type SandboxConversation, sandboxConversations, sandboxMessages } from "../helpers/sandbox-records";
import { WRITE_FAULTS } from "../helpers/write-faults";
import { restCall, restPatiently } from "./rest-client";

const WRITE_KEY = testApiKey("100001", "write");
const SEND_PATH = `${REST_BASE_PATH}/guests/messages/send`;

let conversation: SandboxConversation;

beforeAll(async () => {
	await freshSandbox();
	conversation = (await sandboxConversations())[0]!;
	expect(conversation).toBeDefined();
});

async function copiesOf(body: string): Promise<number> {
	return (await sandboxMessages(conversation.id)).filter((message) => message.body === body).length;
}

describe("REST writes under faults", () => {
	it.each(WRITE_FAULTS.map((fault) => [fault.name, fault] as const))(
		"%s: answered outcome_unknown, replayed, never sent again",
		async (_name, fault) => {
			const message = `REST under fault: ${fault.name} ${crypto.randomUUID()}`;
			const body = { conversationId: conversation.id, message };
			const key = `fault-${crypto.randomUUID()}`;
			const write = { method: "POST" as const, path: `/conversations/${conversation.id}/messages` };

			await clearSandboxLog();
			await control("PUT", "/faults", fault.settings(write));
			const first = await restPatiently("POST", SEND_PATH, { key: WRITE_KEY, idempotencyKey: key, body });
			expect(first.status, JSON.stringify(first.body)).toBe(502);
			expect(first.body.error?.code).toBe("outcome_unknown");

			const again = await restCall("POST", SEND_PATH, { key: WRITE_KEY, idempotencyKey: key, body });
			expect(again.status).toBe(502);
			expect(again.body).toEqual(first.body);
			expect(again.headers.get("Idempotent-Replayed")).toBe("true");

			expect(countCalls(await sandboxLog(), write.method, write.path)).toBe(1);
			expect(await copiesOf(message)).toBe(fault.processed ? 1 : 0);
		},
	);

	it("a key left in progress by a request that died is final once that request cannot be running", async () => {
		const body = { conversationId: conversation.id, message: `REST interrupted ${crypto.randomUUID()}` };
		const key = `interrupted-${crypto.randomUUID()}`;
		// What the adapter claims before it starts (handle-route.ts): the caller's key and a hash of the operation and its input.
		const recordKey = `key:write-100001\n${key}`;
		const fingerprint = await sha256Hex(canonicalJson({ operation: "send_guest_message", input: { ...body, channel: "email" } }));
		const records = idempotencyRecords(env, "100001");
		expect(await records.begin(recordKey, fingerprint, 60_000)).toEqual({ kind: "proceed" });

		await clearSandboxLog();
		const running = await restCall("POST", SEND_PATH, { key: WRITE_KEY, idempotencyKey: key, body });
		expect(running.status).toBe(409);
		expect(running.body.error?.code).toBe("idempotency_key_in_progress");

		// The claim grows older than any request can run.
		await runInDurableObject(records, async (_instance, state) => {
			const stored = await state.storage.get<{ startedAt: number }>(`idem:${recordKey}`);
			await state.storage.put(`idem:${recordKey}`, { ...stored, startedAt: 0 });
		});
		for (let attempt = 0; attempt < 2; attempt++) {
			const answer = await restCall("POST", SEND_PATH, { key: WRITE_KEY, idempotencyKey: key, body });
			expect(answer.status).toBe(502);
			expect(answer.body.error?.code).toBe("outcome_unknown");
		}
		expect(writesIn(await sandboxLog())).toEqual([]);
		expect(await copiesOf(body.message)).toBe(0);
	});
});
