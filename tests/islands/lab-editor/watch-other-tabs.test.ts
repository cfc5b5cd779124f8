import { describe, expect, it, vi } from 'vitest';
import { watchOtherTabs } from '../../../src/islands/lab-editor/watch-other-tabs';

// Node has the same BroadcastChannel as browsers: two watchers in one process behave like two tabs.
describe('watchOtherTabs', () => {
  it('tells both tabs when a second one opens the same lab', async () => {
    const first = vi.fn();
    const second = vi.fn();
    const stopFirst = watchOtherTabs('course:/:lab-a', first);
    const stopSecond = watchOtherTabs('course:/:lab-a', second);
    await vi.waitFor(() => {
      expect(first).toHaveBeenCalled();
      expect(second).toHaveBeenCalled();
    });
    stopFirst();
    stopSecond();
  });

  it('stays quiet for a different lab', async () => {
    const first = vi.fn();
    const stopFirst = watchOtherTabs('course:/:lab-a', first);
    const stopOther = watchOtherTabs('course:/:lab-b', () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(first).not.toHaveBeenCalled();
    stopFirst();
    stopOther();
  });
});
