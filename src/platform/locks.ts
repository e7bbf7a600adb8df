/**
 * Device-wide mutual exclusion between tabs (Web Locks API). Where the API is missing
 * (old browsers, jsdom) the work simply runs: the server is correct under concurrent
 * syncs anyway (design §5), the lock only avoids doing the same work twice.
 */
export interface DeviceLocks {
  withLock<T>(name: string, work: () => Promise<T>): Promise<T>;
}

export const browserLocks: DeviceLocks = {
  async withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
    // `navigator.locks` is absent on some browsers despite the DOM typings saying otherwise.
    const locks = (navigator as Partial<Navigator>).locks;
    if (locks === undefined) return work();
    return locks.request(name, { mode: 'exclusive' }, () => work());
  },
};

/** No locking at all: for tests and single-tab environments. */
export const noLocks: DeviceLocks = {
  withLock: (_name, work) => work(),
};
