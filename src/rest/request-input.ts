/**
 * Turns an HTTP request into an operation's input, from the operation's own input schema:
 * query-string values are coerced to what the schema expects (numbers, booleans, arrays, since a
 * query string only carries text), JSON bodies are taken as they are, and path parameters fill
 * the fields the route names. The result is validated by the same schema the MCP tool uses; an
 * error names the field as the caller wrote it (the path parameter, the query or body field).
 *
 * Write operations' `confirmationToken` is not part of REST: REST writes have no preview step
 * (their safety is the Idempotency-Key), so the field is removed from the schema and refused.
 */
import { z } from "zod";
import { isWriteOperation } from "../operations/operation";
import type { AnyOperation } from "../operations/registry";
import type { RestRoute } from "./routes";

const CONFIRMATION_TOKEN_FIELD = "confirmationToken";

/** The input a REST caller gives an operation: its MCP input without the confirmation step's token. */
export function restInputSchema(operation: AnyOperation): z.ZodObject {
	const input = operation.input as z.ZodObject;
	if (!isWriteOperation(operation) || !(CONFIRMATION_TOKEN_FIELD in input.shape)) return input;
	return input.omit({ [CONFIRMATION_TOKEN_FIELD]: true });
}

/** A field the caller got wrong, named as the caller wrote it. */
export interface InputProblem {
	field?: string;
	message: string;
}

export type InputResult = { ok: true; input: Record<string, unknown> } | { ok: false; problem: InputProblem };

/** The kind of value a field takes, after optional/default/nullable wrappers. */
type FieldKind = "number" | "boolean" | "array" | "other";

function fieldKind(schema: z.ZodType | undefined): FieldKind {
	let current = schema as { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } } } | undefined;
	while (current) {
		const def = current._zod.def;
		if (def.type === "number" || def.type === "int") return "number";
		if (def.type === "boolean") return "boolean";
		if (def.type === "array") return "array";
		const inner = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
		if (!inner) return "other";
		current = inner as typeof current;
	}
	return "other";
}

/** A text value as the field's type, when it reads as one; otherwise the text, which the schema then refuses by name. */
function coerce(text: string, kind: FieldKind): unknown {
	if (kind === "number" && /^-?\d+(\.\d+)?$/.test(text.trim())) return Number(text);
	if (kind === "boolean" && (text === "true" || text === "false")) return text === "true";
	return text;
}

function fromQuery(schema: z.ZodObject, query: URLSearchParams): Record<string, unknown> {
	const input: Record<string, unknown> = {};
	for (const name of new Set(query.keys())) {
		const values = query.getAll(name);
		const kind = fieldKind(schema.shape[name] as z.ZodType | undefined);
		if (kind === "array") {
			input[name] = values.flatMap((value) => value.split(",")).filter((value) => value !== "");
		} else {
			// A field given twice stays a list, which its schema refuses by name.
			input[name] = values.length === 1 ? coerce(values[0]!, kind) : values;
		}
	}
	return input;
}

/**
 * The operation's validated input for one request. `body` is the parsed JSON body of a POST or
 * PATCH (undefined for GET); `params` the path's parameters.
 */
export function restInput(
	operation: AnyOperation,
	route: RestRoute,
	request: { query: URLSearchParams; params: Record<string, string>; body?: unknown },
): InputResult {
	const schema = restInputSchema(operation);
	let raw: Record<string, unknown>;
	if (route.method === "get") {
		raw = fromQuery(schema, request.query);
	} else {
		const body = request.body ?? {};
		if (typeof body !== "object" || body === null || Array.isArray(body)) {
			return { ok: false, problem: { message: "The request body must be a JSON object." } };
		}
		raw = { ...(body as Record<string, unknown>) };
	}
	for (const [param, field] of Object.entries(route.pathParams ?? {})) {
		const value = coerce(request.params[param] ?? "", fieldKind(schema.shape[field] as z.ZodType | undefined));
		if (field in raw && raw[field] !== value) {
			return {
				ok: false,
				problem: { field, message: `${field} is given by the path ({${param}}); leave it out of the request or give the same value.` },
			};
		}
		raw[field] = value;
	}
	const parsed = schema.safeParse(raw);
	if (parsed.success) return { ok: true, input: parsed.data as Record<string, unknown> };
	return { ok: false, problem: describeIssue(parsed.error.issues[0], route) };
}

/** The first problem, with the field named as the caller wrote it (a path parameter by its own name). */
function describeIssue(issue: z.core.$ZodIssue | undefined, route: RestRoute): InputProblem {
	if (!issue) return { message: "Invalid input." };
	const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
	const path = [...issue.path.map(String), ...keys.slice(0, 1)];
	if (path.length === 0) return { message: issue.message };
	const param = Object.entries(route.pathParams ?? {}).find(([, field]) => field === path[0])?.[0];
	const field = [param ?? path[0], ...path.slice(1)].join(".");
	const detail = issue.code === "unrecognized_keys" ? "is not a field of this request" : issue.message;
	return { field, message: `${field}: ${detail}` };
}
