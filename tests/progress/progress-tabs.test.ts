import { describe, expect, it, vi } from 'vitest';
import { openProgressStore } from '../../src/progress/progress-store';
import { MemoryStorage } from '../support/memory-storage';

const open = (storage: Storage, basePath = '/tabs/') =>
  openProgressStore({ courseId: 'jwt-deep-dive', basePath, storage });

describe('subscribe', () => {
  it('tells the other tabs of the same course and base path that progress changed, and no one else', async () => {
    const storage = new MemoryStorage();
    const otherTab = vi.fn();
    const otherCourse = vi.fn();
    const stopOther = open(storage).subscribe(otherTab);
    const stopForeign = open(storage, '/elsewhere/').subscribe(otherCourse);
    open(storage).saveLabCode('deny-list', { code: 'x', starterHash: 's', checksHash: 'c' });
    await vi.waitFor(() => expect(otherTab).toHaveBeenCalledTimes(1));
    stopOther();
    stopForeign();
    expect(otherCourse).not.toHaveBeenCalled();
  });

  it('stops telling once unsubscribed', async () => {
    const storage = new MemoryStorage();
    const listener = vi.fn();
    open(storage).subscribe(listener)();
    open(storage).clear();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(listener).not.toHaveBeenCalled();
  });
});
