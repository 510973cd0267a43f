/**
 * Reading Hostaway's answers: the envelope first, then `result` against the record schema.
 * A shape the schemas cannot read becomes HostawayUnexpectedResponseError naming the field;
 * for the answer to an accepted write, HostawayOutcomeUnknownError (parseWriteResult).
 */
import { z } from "zod";
import { HostawayOutcomeUnknownError, HostawayUnexpectedResponseError } from "./errors";
import { EnvelopeSchema, type Page } from "./schemas/envelope";

function envelopeOf(body: unknown, subject: string) {
	const envelope = EnvelopeSchema.safeParse(body);
	if (!envelope.success) {
		throw new HostawayUnexpectedResponseError(`Hostaway's answer for ${subject} is not a JSON object.`);
	}
	return envelope.data;
}

function describeIssue(error: z.ZodError): string {
	const issue = error.issues[0];
	if (!issue) return "unexpected shape";
	const path = issue.path.length > 0 ? issue.path.join(".") : "result";
	return `${path}: ${issue.message}`;
}

export function parseResult<Schema extends z.ZodType>(body: unknown, schema: Schema, subject: string): z.output<Schema> {
	const parsed = schema.safeParse(envelopeOf(body, subject).result);
	if (!parsed.success) {
		throw new HostawayUnexpectedResponseError(
			`Hostaway's answer for ${subject} does not have the documented shape (${describeIssue(parsed.error)}).`,
		);
	}
	return parsed.data;
}

/**
 * The answer to a write Hostaway accepted (2xx). If it cannot be read, the change has still
 * most likely been made, so it must not be reported as "Hostaway unavailable" (which invites a
 * repeat): it is an unknown outcome, never repeated blindly.
 */
export function parseWriteResult<Schema extends z.ZodType>(body: unknown, schema: Schema, subject: string): z.output<Schema> {
	try {
		return parseResult(body, schema, subject);
	} catch (error) {
		if (!(error instanceof HostawayUnexpectedResponseError)) throw error;
		throw new HostawayOutcomeUnknownError(
			`Hostaway accepted this change (${subject}) but its answer could not be read (${error.message}); ` +
				"the change has probably been applied.",
		);
	}
}

/** parseWriteResult for writes whose documented answer may be an empty success (`result: []` or none). */
export function parseWriteResultOrEmpty<Item extends z.ZodType>(
	body: unknown,
	schema: z.ZodArray<Item>,
	subject: string,
): z.output<Item>[] {
	const envelope = EnvelopeSchema.safeParse(body);
	if (envelope.success && (envelope.data.result === undefined || envelope.data.result === null)) return [];
	return parseWriteResult(body, schema, subject);
}

export function parsePage<Item extends z.ZodType>(body: unknown, item: Item, subject: string): Page<z.output<Item>> {
	const envelope = envelopeOf(body, subject);
	// A list answer without `result` is read as an empty page; anything else must be an array.
	const items = parseResult({ result: envelope.result ?? [] }, z.array(item), subject);
	return {
		items,
		count: envelope.count,
		limit: envelope.limit,
		offset: envelope.offset,
		page: envelope.page,
		totalPages: envelope.totalPages,
	};
}
