/**
 * Makes a tool's JSON Schema (as z.toJSONSchema writes it) small enough to sit in every
 * conversation: every MCP client puts the whole `tools/list` answer into the model's context,
 * so each repeated byte costs tokens in every session. The result validates exactly what the
 * original validates, except that output schemas may say less: their objects are no longer closed
 * and need not list their `required` fields. A model reads the result itself, a client validating
 * it gains nothing from either, and the server checks every result against the full zod schema.
 *
 * - `$schema` goes: MCP's default dialect is JSON Schema 2020-12, the target this is written for.
 * - zod's bounds on every integer (±Number.MAX_SAFE_INTEGER) go: they say nothing.
 * - A `pattern` beside a `format` goes: zod writes its own regex for each string format it
 *   checks (an e-mail address is 120 characters of it); the format names the same rule.
 * - `anyOf: [X, {type: "null"}]` becomes X with `"null"` added to its type.
 * - A subtree that occurs more than once is written once under `$defs` and referred to with
 *   `$ref: "#/$defs/<name>"`, so each schema stands alone (its references resolve within it).
 */

export type JsonSchema = { [keyword: string]: unknown };

export interface LeanOptions {
	/**
	 * Keep `additionalProperties: false` and `required` (inputs: the model must know which arguments
	 * it has to give and that a misspelt one is an error). Outputs go without.
	 */
	strict: boolean;
}

export function leanJsonSchema(schema: JsonSchema, options: LeanOptions): JsonSchema {
	const { $schema: _dialect, ...rest } = simplify(schema, options);
	return shareRepeatedSubtrees(rest);
}

const SAFE_INTEGER_BOUNDS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);

/** Keywords whose value is a map of subschemas, and those whose value is one subschema or a list of them. */
const SCHEMA_MAPS = ["properties", "patternProperties", "$defs", "dependentSchemas"];
const SCHEMA_VALUES = ["items", "additionalProperties", "unevaluatedProperties", "not", "contains", "propertyNames", "if", "then", "else"];
const SCHEMA_LISTS = ["anyOf", "oneOf", "allOf", "prefixItems"];

function isSchemaObject(value: unknown): value is JsonSchema {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A copy of `node` with `transform` applied to each direct subschema. */
function mapSubschemas(node: JsonSchema, transform: (child: JsonSchema, key: string) => JsonSchema): JsonSchema {
	const copy: JsonSchema = { ...node };
	for (const keyword of SCHEMA_MAPS) {
		const map = node[keyword];
		if (isSchemaObject(map)) {
			copy[keyword] = Object.fromEntries(
				Object.entries(map).map(([name, child]) => [name, isSchemaObject(child) ? transform(child, name) : child]),
			);
		}
	}
	for (const keyword of SCHEMA_VALUES) {
		const child = node[keyword];
		if (isSchemaObject(child)) copy[keyword] = transform(child, keyword);
	}
	for (const keyword of SCHEMA_LISTS) {
		const list = node[keyword];
		if (Array.isArray(list)) copy[keyword] = list.map((child: unknown) => (isSchemaObject(child) ? transform(child, keyword) : child));
	}
	return copy;
}

function simplify(node: JsonSchema, options: LeanOptions): JsonSchema {
	let result = mapSubschemas(node, (child) => simplify(child, options));
	const types = Array.isArray(result.type) ? result.type : [result.type];
	if (types.includes("integer")) {
		if (SAFE_INTEGER_BOUNDS.has(result.minimum as number)) delete result.minimum;
		if (SAFE_INTEGER_BOUNDS.has(result.maximum as number)) delete result.maximum;
	}
	if (typeof result.format === "string" && typeof result.pattern === "string") delete result.pattern;
	if (!options.strict) {
		if (result.additionalProperties === false) delete result.additionalProperties;
		if (Array.isArray(result.required)) delete result.required;
	}
	result = nullableAsType(result);
	return result;
}

/** Branches this merge may not fold into one schema: they do not apply to the type alone. */
const UNMERGEABLE = ["anyOf", "oneOf", "allOf", "$ref", "const", "not", "if"];

/** `{anyOf: [X, {type: "null"}]}` → X accepting null too, when X is a plain schema of one type. */
function nullableAsType(node: JsonSchema): JsonSchema {
	const branches = node.anyOf;
	if (!Array.isArray(branches) || branches.length !== 2) return node;
	const nullIndex = branches.findIndex((branch) => isSchemaObject(branch) && Object.keys(branch).length === 1 && branch.type === "null");
	if (nullIndex === -1) return node;
	const other = branches[1 - nullIndex] as JsonSchema;
	if (typeof other.type !== "string" || UNMERGEABLE.some((keyword) => keyword in other)) return node;
	const { anyOf: _branches, ...outer } = node;
	if (Object.keys(outer).some((keyword) => keyword !== "description" && keyword !== "default")) return node;
	const merged: JsonSchema = { ...other, ...outer, type: [other.type, "null"] };
	if (Array.isArray(other.enum)) merged.enum = [...(other.enum as unknown[]), null];
	return merged;
}

/** A `$ref` costs about this many characters; a subtree is shared only when that saves something. */
const REF_COST = '{"$ref":"#/$defs/"}'.length + 12;
const SMALLEST_SHARED = 60;

interface Occurrence {
	/** The subtree without its own description: subtrees that differ only there are shared too. */
	shape: string;
	count: number;
	descriptions: Set<string | undefined>;
	/** Property names on the way to the first occurrence, for the definition's name. */
	path: string[];
}

/**
 * Writes each repeated subtree once under `$defs`: the one that saves most first, until none saves
 * anything. A description stays with the definition when every use has the same one, and with
 * each `$ref` otherwise.
 */
function shareRepeatedSubtrees(root: JsonSchema): JsonSchema {
	let schema = root;
	for (;;) {
		const best = mostRepeatedSubtree(schema);
		if (!best) return schema;
		const existing = (schema.$defs as Record<string, JsonSchema> | undefined) ?? {};
		const name = definitionName(best.path, new Set(Object.keys(existing)));
		const defs: Record<string, JsonSchema> = {};
		const sharedDescription = best.descriptions.size === 1 ? [...best.descriptions][0] : undefined;
		const replace = (node: JsonSchema): JsonSchema => {
			const { description, ...shape } = node;
			if (JSON.stringify(shape) === best.shape) {
				defs[name] ??= sharedDescription === undefined ? shape : { description: sharedDescription, ...shape };
				const ref: JsonSchema = { $ref: `#/$defs/${name}` };
				if (description !== undefined && sharedDescription === undefined) ref.description = description;
				return ref;
			}
			return mapSubschemas(node, replace);
		};
		const replaced = mapSubschemas(schema, replace);
		schema = { ...replaced, $defs: { ...((replaced.$defs as Record<string, JsonSchema> | undefined) ?? {}), ...defs } };
	}
}

function mostRepeatedSubtree(root: JsonSchema): Occurrence | undefined {
	const occurrences = new Map<string, Occurrence>();
	const visit = (node: JsonSchema, path: string[]) => {
		if (typeof node.$ref !== "string") {
			const { description, ...rest } = node;
			const shape = JSON.stringify(rest);
			if (shape.length >= SMALLEST_SHARED) {
				const seen = occurrences.get(shape) ?? { shape, count: 0, descriptions: new Set(), path };
				seen.count += 1;
				seen.descriptions.add(description as string | undefined);
				occurrences.set(shape, seen);
			}
		}
		mapSubschemas(node, (child, key) => {
			visit(child, [...path, key]);
			return child;
		});
	};
	mapSubschemas(root, (child, key) => {
		visit(child, [key]);
		return child;
	});
	let best: Occurrence | undefined;
	let bestSaving = 0;
	for (const occurrence of occurrences.values()) {
		if (occurrence.count < 2) continue;
		const saving = (occurrence.count - 1) * occurrence.shape.length - occurrence.count * REF_COST;
		if (saving > bestSaving) [best, bestSaving] = [occurrence, saving];
	}
	return best;
}

/** Structural keywords on a path say nothing about what a subtree is; property names do. */
const STRUCTURAL = new Set([...SCHEMA_MAPS, ...SCHEMA_VALUES, ...SCHEMA_LISTS]);
const GENERIC_NAMES = new Set(["row", "item", "value", "entry", "data", "result"]);

/**
 * A readable name from where the subtree first occurs: its property name, singular when it is an
 * array's item ("changes" → "change"), prefixed with the enclosing property when that alone says
 * little ("arrivals.rows[]" → "arrivalsRow").
 */
function definitionName(path: string[], taken: Set<string>): string {
	const words: string[] = [];
	let itemOf = false;
	for (let index = path.length - 1; index >= 0 && words.length < 2; index--) {
		const segment = path[index]!;
		if (segment === "items") {
			if (words.length === 0) itemOf = true;
			continue;
		}
		if (STRUCTURAL.has(segment)) continue;
		const word = words.length === 0 && itemOf ? singular(segment) : segment;
		words.unshift(word);
		if (!GENERIC_NAMES.has(singular(segment))) break;
	}
	const base = words.map((word, index) => (index === 0 ? word : word[0]!.toUpperCase() + word.slice(1))).join("") || "shared";
	let name = base;
	for (let suffix = 2; taken.has(name); suffix++) name = `${base}${suffix}`;
	return name;
}

function singular(word: string): string {
	return word.endsWith("ies") ? `${word.slice(0, -3)}y` : word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word;
}
