import type { LogLine } from "./measure.mjs";
export function throughputPerSecond(answered: number, wallMs: number): number | null;
export function maxAllAccountsInAnyWindow(entries: readonly LogLine[], windowMs?: number): number;
