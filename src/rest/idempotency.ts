/**
 * Idempotency-Key for REST writes: the same key with the same request never runs the write
 * twice (the stored answer is replayed, marked `Idempotent-Replayed: true`); the same key with
 * another request is refused with 409, as is a key whose first request is still running.
 *
 * The key is claimed in the tenant's IdempotencyRecords object before anything is read or
 * written. Afterwards the answer is stored (sealed with ENCRYPTION_KEY: it can hold guest data)
 * when the write happened or its outcome is unknown, which is final for the key: the write is
 * never sent again under it (ARCHITECTURE.md invariant 6). When the write certainly did not
 * happen (refused input, a missing booking, Hostaway's refusal, a wait that ran out before
 * sending), the key is released and the same request may be tried again.
 */
import type { Config } from "../config";
import { Sealer } from "../crypto/sealer";
import { restError } from "./errors";
import { idempotencyRecords } from "./idempotency-records";
import { IDEMPOTENCY_KEY_HEADER, REPLAYED_HEADER } from "./idempotency-key";

/** A REST answer: status and JSON body. `final` when the write happened or may have: the answer is kept for the key. */
export interface WriteAnswer {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
	final: boolean;
}

export interface IdempotencyScope {
	tenantId: string;
	/** Keys are the caller's own: two API keys of one tenant may use the same Idempotency-Key for different writes. */
	callerId: string;
	key: string;
	/** Hash of the operation and its validated input. */
	fingerprint: string;
}

/**
 * Runs `perform` at most once per scope. `perform` must not throw (errors are answers), so a
 * claimed key is always settled; if the request dies anyway, the record turns "abandoned" after
 * `staleAfterMs` and every later request with the key is answered "outcome unknown".
 */
export async function runIdempotently(
	env: Pick<Env, "IDEMPOTENCY_RECORDS">,
	sealer: Sealer,
	scope: IdempotencyScope,
	staleAfterMs: number,
	perform: () => Promise<WriteAnswer>,
): Promise<Response> {
	const records = idempotencyRecords(env, scope.tenantId);
	const recordKey = `${scope.callerId}\n${scope.key}`;
	const sealContext = `idempotency:${scope.tenantId}:${recordKey}`;
	const begun = await records.begin(recordKey, scope.fingerprint, staleAfterMs);
	switch (begun.kind) {
		case "other_request":
			return restError(
				"idempotency_key_reused",
				`This ${IDEMPOTENCY_KEY_HEADER} was already used for a different request. Use a new key for a new write.`,
				{ field: IDEMPOTENCY_KEY_HEADER },
			);
		case "in_progress":
			return restError(
				"idempotency_key_in_progress",
				`A request with this ${IDEMPOTENCY_KEY_HEADER} is still running. Wait a moment, then repeat the same request to get its answer.`,
				{ field: IDEMPOTENCY_KEY_HEADER },
			);
		case "abandoned":
			return restError(
				"outcome_unknown",
				`The request with this ${IDEMPOTENCY_KEY_HEADER} was interrupted while it ran, so whether its change reached Hostaway is unknown; ` +
					"it will not be sent again. Check the current state (the booking, the calendar or the conversation) and, if the change is still needed, send it with a new key.",
			);
		case "replay": {
			const opened = await sealer.open(begun.sealedAnswer, sealContext);
			if (opened === undefined) {
				return restError(
					"conflict",
					`This request was already performed with this ${IDEMPOTENCY_KEY_HEADER}, but its stored answer can no longer be read. Read the current state instead.`,
				);
			}
			const answer = JSON.parse(opened) as { status: number; body: unknown };
			return Response.json(answer.body, { status: answer.status, headers: { [REPLAYED_HEADER]: "true" } });
		}
		case "proceed":
			break;
	}
	const answer = await perform();
	if (answer.final) {
		const sealed = await sealer.seal(JSON.stringify({ status: answer.status, body: answer.body }), sealContext);
		await records.finish(recordKey, scope.fingerprint, sealed);
	} else {
		await records.release(recordKey, scope.fingerprint);
	}
	return Response.json(answer.body, { status: answer.status, headers: answer.headers });
}

/** How long a claimed key may stay "in progress": a preview and a confirmation, each bounded by waits and timeouts. */
export function staleAfterMs(config: Config): number {
	return 4 * (config.rateBudget.maxWaitMs + config.hostawayTimeoutMs);
}
