// Number formats and the aligned text table every part of the benchmark report uses.

/** Rows as aligned columns: the first left-aligned (names), the rest right-aligned (figures). */
export function table(rows: string[][]): string[] {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd());
}

export const MB = 1_000_000;
export const seconds = (ms: number): string => `${(ms / 1_000).toFixed(2)} s`;
export const megabytes = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;
export const percent = (share: number): string => `${Math.round(share * 100)}%`;
export const count = (n: number): string => n.toLocaleString('en-US');
export const milliseconds = (ms: number): string => `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
