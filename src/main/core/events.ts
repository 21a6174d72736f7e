import type { EventName, EventPayload } from '../../shared/contract/channels';

export type EventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/** Main-process notifications for the renderer (lock, clipboard cleared). */
export class CoreEvents {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener(name, payload);
  }
}
