/**
 * An output schema cut down to its outline for `tools/list`: the top-level fields with their
 * types (enums, nullability) and descriptions; a nested object is only `type: "object"`, an array
 * of objects only `type: "array"` of objects. The full nesting costs most of what a tool list
 * weighs, in every conversation, and buys little there: every result carries its structured
 * content and a Markdown rendering that says what each nested field is, and a client validating
 * a result against the outline still checks every field it names. The full shapes stay in the
 * tool reference (docs/tools.md) and REST's OpenAPI document, both built from the zod schemas,
 * and the server still checks every result against those.
 *
 * Works on the JSON Schema z.toJSONSchema writes (before lean-json-schema.ts shares subtrees),
 * so it meets no `$ref`.
 */
import type { JsonSchema } from "./lean-json-schema";

/** Keywords that say what a value is without describing what it contains. */
const KEPT = ["type", "enum", "const", "format"];

export function outlineOutputSchema(schema: JsonSchema): JsonSchema {
	const properties = schema.properties as Record<string, JsonSchema> | undefined;
	const outline: JsonSchema = { type: "object" };
	if (properties) {
		outline.properties = Object.fromEntries(Object.entries(properties).map(([name, field]) => [name, brief(field, true)]));
	}
	return outline;
}

/** What a field's value is, one level deep: nested objects lose their fields, arrays keep their item's kind. */
function brief(node: JsonSchema, described: boolean): JsonSchema {
	const result: JsonSchema = {};
	if (described && typeof node.description === "string") result.description = node.description;
	for (const keyword of KEPT) if (keyword in node) result[keyword] = node[keyword];
	for (const keyword of ["anyOf", "oneOf"]) {
		const branches = node[keyword];
		if (Array.isArray(branches)) result[keyword] = branches.map((branch: JsonSchema) => brief(branch, false));
	}
	if (typeof node.items === "object" && node.items !== null) {
		// An item's description belongs to the field it is the item of.
		result.items = brief(node.items as JsonSchema, described);
	}
	return result;
}
