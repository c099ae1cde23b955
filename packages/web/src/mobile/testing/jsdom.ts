/**
 * What antd needs from a browser that jsdom lacks (media queries, element resize events, and
 * getComputedStyle with a pseudo-element, which a dialog's scroll lock asks), for the mobile
 * pages' component tests. Inert: nothing ever matches or resizes.
 */
export function installJsdomShims(): void {
  if (typeof (window as { matchMedia?: unknown }).matchMedia !== 'function') {
    Object.defineProperty(window, 'matchMedia', {
      configurable: true,
      writable: true,
      value: (query: string) => ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => undefined,
        removeListener: () => undefined,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        dispatchEvent: () => false,
      }),
    });
  }
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
  const computed = window.getComputedStyle.bind(window);
  window.getComputedStyle = (element: Element) => computed(element);
}
