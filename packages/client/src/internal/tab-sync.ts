/** Tells the page's other tabs about a change; see {@link createTabSync}. */
export interface TabSync {
  /** Tells the other tabs this one changed the choice. */
  post(): void
  stop(): void
}

/**
 * Carries "the choice changed" between the page's open tabs of one origin: a BroadcastChannel,
 * or where there is none, a localStorage key whose `storage` event the other tabs receive. The
 * message carries nothing: the receiver reads the cookie they share.
 */
export function createTabSync(name: string, changed: () => void): TabSync {
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : undefined
  const key = `${name}_changed`
  const onStorage = (event: StorageEvent): void => {
    if (event.key === key) changed()
  }
  if (channel) channel.onmessage = changed
  else addEventListener('storage', onStorage)
  return {
    post() {
      if (channel) channel.postMessage(1)
      else {
        try {
          localStorage.setItem(key, String(Math.random()))
        } catch {
          // Storage disabled: other tabs see the change on their next load.
        }
      }
    },
    stop() {
      channel?.close()
      removeEventListener('storage', onStorage)
    },
  }
}
