export function withoutMoments(value: unknown): unknown;
