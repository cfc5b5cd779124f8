/** `countLabel(1, 'lab', 'labs')` → `1 lab`; `countLabel(3, 'lab', 'labs')` → `3 labs`. */
export function countLabel(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
