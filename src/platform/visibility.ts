/** Tells when the page comes back to the foreground (the technician reopens the app). */
export interface PageVisibility {
  /** Calls `listener` each time the page becomes visible; returns the unsubscribe function. */
  onVisible(listener: () => void): () => void;
}

export const browserVisibility: PageVisibility = {
  onVisible(listener) {
    const handler = () => {
      if (document.visibilityState === 'visible') listener();
    };
    document.addEventListener('visibilitychange', handler);
    return () => document.removeEventListener('visibilitychange', handler);
  },
};
