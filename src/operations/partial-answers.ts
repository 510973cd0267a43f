/**
 * Partial answers. A portfolio-wide question on a big account can need more upstream requests
 * than Hostaway's rate limit lets through before the answer is due (OperationContext.deadline,
 * the rate budget's wait bound). Such an operation does not fail and does not pretend: it
 * answers with what it read by then, and says which part that is, of how much, and how to get
 * the rest (a cursor to call again with, or narrower arguments). Totals in a partial answer
 * count only the covered part, and the answer says so.
 */
import { z } from "zod";
import { HostawayRateLimitedError } from "../hostaway/errors";
import type { OperationContext } from "./operation";

/** The `partial` field of a result: present only when the answer is incomplete. */
export const partialSchema = z
	.object({
		covered: z.number().int().describe("How many the answer covers"),
		total: z.number().int().nullable().describe("How many in all (null: not known yet)"),
		unit: z.string().describe('e.g. "listings", "reservations"'),
		reason: z.string(),
		nextCursor: z.string().optional().describe("The same arguments plus this cursor get the rest"),
	})
	.describe("Only in a partial answer (totals count the covered part)");
export type PartialAnswer = z.infer<typeof partialSchema>;

/** Why answers stop early: said the same way everywhere. */
export const OUT_OF_TIME_REASON = "Hostaway's rate limit did not allow reading everything before the answer was due";

/** "Partial answer: covers 120 of 500 listings (…); call again with cursor "…" for the rest." */
export function partialNotice(partial: PartialAnswer): string {
	const of = partial.total === null ? "" : ` of ${partial.total}`;
	const next = partial.nextCursor ? `; call again with the same arguments and cursor "${partial.nextCursor}" for the rest` : "";
	return `**Partial answer:** covers ${partial.covered}${of} ${partial.unit} (${partial.reason})${next}.`;
}

/**
 * True when an upstream request was not made because the rate budget could not give it a turn
 * in time (or Hostaway's own 429 did not clear in time): the work left is not done, but nothing
 * failed. Other errors are real failures.
 */
export function isOutOfTime(error: unknown): boolean {
	return error instanceof HostawayRateLimitedError;
}

/** Whether the answer is due (real clock: the deadline measures waiting, not business days). */
export function pastDeadline(context: Pick<OperationContext, "deadline">): boolean {
	return Date.now() >= context.deadline;
}

export interface FanOutResult<Item, Value> {
	/** Items whose task ran, in input order, with their outcome (a failure other than running out of time). */
	done: { item: Item; outcome: PromiseSettledResult<Value> }[];
	/** Items not done because time ran out (never started, or refused a turn by the rate budget). */
	notDone: Item[];
	/**
	 * How many items from the start are all done: where an offset cursor resumes. Items done
	 * after a gap (they ran concurrently with one that ran out of time) may be used or dropped.
	 */
	donePrefix: number;
}

/**
 * Runs `task` for each item, at most `concurrency` at a time, in order, and stops starting new
 * ones once the deadline has passed or a task ran out of time. Ending early is not an error:
 * the caller reports `notDone` as the uncovered part of a partial answer.
 */
export async function fanOut<Item, Value>(
	items: readonly Item[],
	task: (item: Item) => Promise<Value>,
	context: Pick<OperationContext, "deadline">,
	concurrency: number,
): Promise<FanOutResult<Item, Value>> {
	const outcomes = new Map<number, PromiseSettledResult<Value>>();
	let next = 0;
	let stopped = false;
	const worker = async () => {
		while (!stopped && next < items.length) {
			if (pastDeadline(context)) {
				stopped = true;
				return;
			}
			const index = next++;
			try {
				outcomes.set(index, { status: "fulfilled", value: await task(items[index] as Item) });
			} catch (error) {
				if (isOutOfTime(error)) {
					stopped = true;
				} else {
					outcomes.set(index, { status: "rejected", reason: error });
				}
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
	const done: FanOutResult<Item, Value>["done"] = [];
	const notDone: Item[] = [];
	let donePrefix = 0;
	items.forEach((item, index) => {
		const outcome = outcomes.get(index);
		if (outcome) done.push({ item, outcome });
		else notDone.push(item);
		if (outcome && donePrefix === index) donePrefix++;
	});
	return { done, notDone, donePrefix };
}
