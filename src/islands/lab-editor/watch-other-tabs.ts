type PresenceMessage = { type: 'hello' | 'here'; tab: string };

/**
 * Tells this tab when another tab of the same browser has the same lab open: both would autosave over each
 * other. Each tab says hello on a channel named after the lab's storage key and answers others' hellos.
 */
export function watchOtherTabs(channelName: string, onOtherTab: () => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const tab = Math.random().toString(36).slice(2);
  const channel = new BroadcastChannel(channelName);
  channel.onmessage = (event: MessageEvent<PresenceMessage>) => {
    if (event.data?.tab === tab) return;
    if (event.data?.type === 'hello') channel.postMessage({ type: 'here', tab } satisfies PresenceMessage);
    if (event.data?.type === 'hello' || event.data?.type === 'here') onOtherTab();
  };
  channel.postMessage({ type: 'hello', tab } satisfies PresenceMessage);
  return () => channel.close();
}
