import { useEffect } from 'react';

/**
 * Forms say here whether they hold input that is not saved yet, so an app update (which
 * reloads the page) can ask the user to save first instead of throwing their typing away.
 */
const dirtyChecks = new Map<symbol, () => boolean>();

/** Registers a check; returns the function that removes it. */
export function registerUnsavedChanges(isDirty: () => boolean): () => void {
  const id = Symbol('form');
  dirtyChecks.set(id, isDirty);
  return () => {
    dirtyChecks.delete(id);
  };
}

export function hasUnsavedChanges(): boolean {
  for (const isDirty of dirtyChecks.values()) if (isDirty()) return true;
  return false;
}

/** A form component calls this with its own dirty flag. */
export function useUnsavedChanges(dirty: boolean): void {
  useEffect(() => (dirty ? registerUnsavedChanges(() => true) : undefined), [dirty]);
}
