/** An in-memory Storage that can be made to refuse writes, like a full quota or a disabled storage. */
export class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  quotaBytes = Infinity;
  disabled = false;
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    if (this.disabled) throw new DOMException('denied', 'SecurityError');
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    if (this.disabled) throw new DOMException('denied', 'SecurityError');
    if (value.length > this.quotaBytes) throw new DOMException('quota', 'QuotaExceededError');
    this.items.set(key, value);
  }
}
