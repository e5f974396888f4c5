/**
 * An EventTarget whose events carry a typed `detail`, with `on(type, listener)` returning an unsubscribe
 * function. Listeners get the detail, not the CustomEvent; a throwing listener is reported on the console
 * and does not stop the others (the ad timeline must never break playback: fail open).
 */
export class TypedEventTarget<M extends Record<string, unknown>> extends EventTarget {
  on<K extends keyof M & string>(type: K, listener: (detail: M[K]) => void): () => void {
    const wrapped = (e: Event) => {
      try { listener((e as CustomEvent<M[K]>).detail); } catch (err) { console.error(`[stitchbox] ${type} listener failed`, err); }
    };
    this.addEventListener(type, wrapped);
    return () => this.removeEventListener(type, wrapped);
  }

  protected emit<K extends keyof M & string>(type: K, detail: M[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
