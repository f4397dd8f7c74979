/** How many items a field stands for, from its arguments, keyed by `Type.field`. */
export type ListSizes = Readonly<Record<string, (args: Record<string, unknown>) => number>>;
