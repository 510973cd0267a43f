/**
 * W5, what the server puts into a model's context: each tool's answer (its text content, and
 * its structured content as JSON) against the raw Hostaway payloads it was built from (the
 * response bodies of its cold call's upstream requests, tool-overhead.mjs), and each tool's
 * entry in `tools/list` (description, input schema, output schema). Characters, and tokens
 * estimated as characters / 4.
 */
import { estimatedTokens, ratio } from "./measure.mjs";

/** Tools whose answer is a list: held to answers of at most 15 % of the raw payloads (targets.mjs). */
export const LIST_TOOLS = ["list_listings", "search_bookings", "list_conversations", "find_available_listings"];

const json = (value) => (value === undefined ? 0 : JSON.stringify(value).length);

/** Each tool's `tools/list` entry in characters, and the whole answer's. Pure: for the unit test. */
export function toolsListSizes(listed) {
	const tools = listed.tools.map((tool) => {
		const chars = json(tool);
		return {
			tool: tool.name,
			descriptionChars: (tool.description ?? "").length,
			inputSchemaChars: json(tool.inputSchema),
			outputSchemaChars: json(tool.outputSchema),
			chars,
			tokens: estimatedTokens(chars),
		};
	});
	const chars = json(listed);
	return { tools, totalChars: chars, totalTokens: estimatedTokens(chars) };
}

/** Each tool's answer against its raw payloads, from tool-overhead.mjs's rows. */
export function resultSizes(overheadRows) {
	return overheadRows.map(({ tool, kind, context }) => ({
		tool,
		kind,
		textChars: context?.textChars ?? null,
		textTokens: context ? estimatedTokens(context.textChars) : null,
		structuredChars: context?.structuredChars ?? null,
		rawChars: context?.rawChars ?? null,
		rawTokens: context?.rawChars === null || context?.rawChars === undefined ? null : estimatedTokens(context.rawChars),
		textShareOfRaw: ratio(context?.textChars, context?.rawChars),
		isList: LIST_TOOLS.includes(tool),
	}));
}

/** @param {import("./server.mjs").BenchServer} server */
export async function measureContextSize(server, overheadRows) {
	return { toolsList: toolsListSizes(await server.listTools()), results: resultSizes(overheadRows) };
}
